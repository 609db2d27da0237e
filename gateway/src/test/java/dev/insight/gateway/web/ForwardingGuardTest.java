package dev.insight.gateway.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Forwarding headers are believed only from named proxies: switched on without any, the gateway does not start. */
class ForwardingGuardTest {

    @Test
    void forwardingWithoutTrustedProxiesStopsTheStart() {
        assertThatThrownBy(() -> ForwardingGuard.check(true, List.of())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUARKUS_HTTP_PROXY_TRUSTED_PROXIES");
        assertThatThrownBy(() -> ForwardingGuard.check(true, List.of(" "))).isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> ForwardingGuard.check(true, List.of("10.0.0.0/8"))).doesNotThrowAnyException();
        assertThatCode(() -> ForwardingGuard.check(false, List.of())).doesNotThrowAnyException();
    }
}
