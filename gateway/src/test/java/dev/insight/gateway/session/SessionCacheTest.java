package dev.insight.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * A replica answers from its short-lived copy of a session, and a revocation made by another replica (simulated
 * here by changing Redis directly and publishing on the revocation channel, as that replica would) ends it at once.
 */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class SessionCacheTest {

    @Inject
    RedisDataSource redis;

    @Inject
    SessionCache cache;

    @Test
    void aLogoutElsewhereEndsTheSessionHereAtOnce() throws Exception {
        Users.Login alice = Users.newUser();
        String key = SessionStore.keyOf(alice.token());
        alice.bearer().get("/api/auth/me").then().statusCode(200);
        redis.key().del(key);
        // still answered from this replica's copy: the copy is really used ...
        alice.bearer().get("/api/auth/me").then().statusCode(200);
        // ... and dropped as soon as the revocation is announced
        redis.pubsub(String.class).publish(SessionCache.CHANNEL, "s:" + key);
        assertThat(statusWithin(alice, 401, 1000)).isEqualTo(401);
    }

    @Test
    void endingEverySessionOfAUserElsewhereEndsThemHere() throws Exception {
        Users.Login bob = Users.newUser();
        Users.Login bobAgain = Users.login(bob.username(), Users.PASSWORD);
        bob.bearer().get("/api/conversations").then().statusCode(200);
        bobAgain.bearer().get("/api/conversations").then().statusCode(200);
        redis.key().del(SessionStore.keyOf(bob.token()), SessionStore.keyOf(bobAgain.token()));
        redis.pubsub(String.class).publish(SessionCache.CHANNEL, "u:" + bob.id());
        assertThat(statusWithin(bob, 401, 1000)).isEqualTo(401);
        assertThat(statusWithin(bobAgain, 401, 1000)).isEqualTo(401);
    }

    @Test
    void aCopyIsNeverUsedLongerThanItsTimeToLive() throws Exception {
        Users.Login carol = Users.newUser();
        carol.bearer().get("/api/auth/me").then().statusCode(200);
        long started = System.currentTimeMillis();
        // gone from Redis without an announcement (as if the message were lost): the copy lasts 2 s at most
        redis.key().del(SessionStore.keyOf(carol.token()));
        assertThat(statusWithin(carol, 401, 3000)).isEqualTo(401);
        assertThat(System.currentTimeMillis() - started).isLessThan(3000);
    }

    @Test
    void aCopyNotUsedAgainIsDroppedAllTheSame() throws Exception {
        Users.Login dave = Users.newUser();
        dave.bearer().get("/api/auth/me").then().statusCode(200);
        String key = SessionStore.keyOf(dave.token());
        assertThat(cache.holds(key)).isTrue();
        // no further request of dave's: the copy still goes once its 2 s are over (at the next purge, a second later)
        long deadline = System.currentTimeMillis() + 5000;
        while (cache.holds(key) && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(cache.holds(key)).isFalse();
    }

    private static int statusWithin(Users.Login login, int expected, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        int status;
        do {
            status = login.bearer().get("/api/auth/me").statusCode();
            if (status == expected) {
                return status;
            }
            Thread.sleep(50);
        } while (System.currentTimeMillis() < deadline);
        return status;
    }
}
