package dev.insight.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a per-address budget is kept for. */
class ClientKeyTest {

    @Test
    void ipv4IsTheAddressAndIpv6IsItsSlash64() {
        assertThat(RateLimiter.clientKey("203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(RateLimiter.clientKey("2001:db8:1:2:aaaa::1")).isEqualTo(RateLimiter.clientKey("2001:db8:1:2:ffff:1:2:3"))
                .isEqualTo("20010db800010002::/64");
        assertThat(RateLimiter.clientKey("2001:db8:1:3::1")).isNotEqualTo(RateLimiter.clientKey("2001:db8:1:2::1"));
        assertThat(RateLimiter.clientKey("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
        assertThat(RateLimiter.clientKey("not:an:address")).isEqualTo("not:an:address");
    }
}
