package dev.insight.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PathRulesTest {

    @Test
    void aRouteCoversItsPrefixAndWhatIsBelowItOnly() {
        ProxyRoute files = new ProxyRoute("files", "/api/files", null, Duration.ofSeconds(1), 1, false);
        assertThat(files.matches("/api/files")).isTrue();
        assertThat(files.matches("/api/files/")).isTrue();
        assertThat(files.matches("/api/files/42/content")).isTrue();
        assertThat(files.matches("/api/filesystem")).isFalse();
        assertThat(files.matches("/api/file")).isFalse();
        assertThat(files.matches("/api")).isFalse();
    }

    @Test
    void dotSegmentsAndEncodedSeparatorsAreRecognised() {
        assertThat(ProxyHandler.hasDotSegment("/api/files/../conversations")).isTrue();
        assertThat(ProxyHandler.hasDotSegment("/api/files/./x")).isTrue();
        assertThat(ProxyHandler.hasDotSegment("/api/files/%2E%2e/x")).isTrue();
        assertThat(ProxyHandler.hasDotSegment("/api/files/a%2Fb")).isTrue();
        assertThat(ProxyHandler.hasDotSegment("/api/files/..")).isTrue();
        assertThat(ProxyHandler.hasDotSegment("/api/files/report..csv")).isFalse();
        assertThat(ProxyHandler.hasDotSegment("/api/files/.hidden")).isFalse();
        assertThat(ProxyHandler.hasDotSegment("/api/conversations/42/messages")).isFalse();
    }
}
