package dev.insight.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions slide while used, end when idle, and never outlive their absolute maximum; identity tokens renew. */
@QuarkusTest
@TestProfile(SessionExpiryTest.ShortSessions.class)
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class SessionExpiryTest {

    public static class ShortSessions implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "gateway.session.idle-timeout", "2S",
                    "gateway.session.absolute-timeout", "5S",
                    "gateway.jwt.lifetime", "3S",
                    "gateway.jwt.renew-before", "1S");
        }
    }

    @Inject
    RedisDataSource redis;

    @Test
    void anIdleSessionEnds() throws Exception {
        Users.Login alice = Users.newUser();
        long ttl = redis.key().pttl("gw:s:" + SessionTokens.digest(alice.token()));
        assertThat(ttl).isBetween(1L, 2000L);
        alice.bearer().get("/api/auth/me").then().statusCode(200);
        Thread.sleep(2300);
        alice.bearer().get("/api/auth/me").then().statusCode(401);
        alice.cookie().get("/api/conversations").then().statusCode(401);
        assertThat(redis.key().exists("gw:s:" + SessionTokens.digest(alice.token()))).isFalse();
    }

    @Test
    void useSlidesTheExpiryUpToTheAbsoluteMaximum() throws Exception {
        Users.Login alice = Users.newUser();
        long start = System.currentTimeMillis();
        // used every 700 ms, it outlives the 2 s idle timeout ...
        while (System.currentTimeMillis() - start < 4300) {
            alice.bearer().get("/api/auth/me").then().statusCode(200);
            Thread.sleep(700);
        }
        // ... but not the 5 s absolute maximum
        while (System.currentTimeMillis() - start < 5200) {
            Thread.sleep(100);
        }
        alice.bearer().get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void theIdentityTokenIsReusedUntilShortlyBeforeItExpires() throws Exception {
        FakeUpstreams.resetAll();
        Users.Login alice = Users.newUser();
        alice.bearer().get("/api/conversations").then().statusCode(200);
        alice.bearer().get("/api/conversations").then().statusCode(200);
        // lifetime 3 s, renewed when less than 1 s is left (the session is kept alive meanwhile: idle 2 s)
        Thread.sleep(1100);
        alice.bearer().get("/api/auth/me").then().statusCode(200);
        Thread.sleep(1100);
        alice.bearer().get("/api/conversations").then().statusCode(200);
        var seen = FakeUpstreams.memory().received();
        assertThat(seen).hasSize(3);
        assertThat(seen.get(1).headers().get("Authorization")).isEqualTo(seen.get(0).headers().get("Authorization"));
        assertThat(seen.get(2).headers().get("Authorization")).isNotEqualTo(seen.get(0).headers().get("Authorization"));
    }
}
