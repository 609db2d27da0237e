package dev.insight.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The pure rules at the edge: trace context parsing, request ids, static caching policy. */
class EdgeLogicTest {

    @Test
    void aValidTraceparentIsContinuedWithANewSpan() {
        TraceContext trace = TraceContext.continueOrStart("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
        assertThat(trace.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.flags()).isEqualTo("00");
        assertThat(trace.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
        assertThat(trace.traceparent()).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-").endsWith("-00");
        // a future version may carry more fields
        assertThat(TraceContext.continueOrStart("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra").traceId())
                .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void anInvalidTraceparentStartsANewTrace() {
        for (String bad : new String[] { null, "", "garbage", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
                "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra" }) {
            TraceContext trace = TraceContext.continueOrStart(bad);
            assertThat(trace.traceparent()).as(bad).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01")
                    .doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
        }
    }

    @Test
    void requestIdsAreVersion4UuidsAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = EdgeFilter.newRequestId();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            seen.add(id);
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void onlyUrlsThatCannotChangeMeaningAreCachedForAYear() {
        assertThat(StaticCaching.policyFor("/assets/app.3f2a9c1b.js")).isEqualTo(StaticCaching.IMMUTABLE);
        assertThat(StaticCaching.policyFor("/assets/app-3f2a9c1b0d.css")).isEqualTo(StaticCaching.IMMUTABLE);
        assertThat(StaticCaching.policyFor("/webjars/echarts/5.3.1/dist/echarts.min.js")).isEqualTo(StaticCaching.IMMUTABLE);
        assertThat(StaticCaching.policyFor("/")).isEqualTo(StaticCaching.REVALIDATE);
        assertThat(StaticCaching.policyFor("/index.html")).isEqualTo(StaticCaching.REVALIDATE);
        assertThat(StaticCaching.policyFor("/app.js")).isEqualTo(StaticCaching.REVALIDATE);
        assertThat(StaticCaching.policyFor("/assets/app.3f2a.js")).as("too short to be a digest").isEqualTo(StaticCaching.REVALIDATE);
        assertThat(StaticCaching.policyFor("/webjars/echarts/dist/echarts.min.js")).isEqualTo(StaticCaching.REVALIDATE);
    }

    @Test
    void ifNoneMatchHonoursListsWeakTagsAndTheWildcard() {
        String etag = "\"abc\"";
        assertThat(StaticCaching.matches(null, etag)).isFalse();
        assertThat(StaticCaching.matches("\"abc\"", etag)).isTrue();
        assertThat(StaticCaching.matches("W/\"abc\"", etag)).isTrue();
        assertThat(StaticCaching.matches("\"x\", \"abc\"", etag)).isTrue();
        assertThat(StaticCaching.matches("*", etag)).isTrue();
        assertThat(StaticCaching.matches("\"abcd\"", etag)).isFalse();
    }
}
