package dev.insight.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budgets kept in Redis: chat requests per user (5 per minute in the tests), login attempts per address and name (10). */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class RateLimitTest {

    @Inject
    RateLimiter limiter;

    @BeforeEach
    void reset() {
        FakeUpstreams.resetAll();
    }

    @Test
    void chatRequestsPerUserAreLimitedWithHeadersThatSaySo() {
        Users.Login alice = Users.newUser();
        for (int i = 1; i <= 5; i++) {
            alice.bearer().contentType(ContentType.JSON).body(Map.of("message", "question " + i)).post("/api/chat")
                    .then().statusCode(200)
                    .header("RateLimit-Limit", "5")
                    .header("RateLimit-Remaining", Integer.toString(5 - i))
                    .header("RateLimit-Policy", "5;w=60");
        }
        Response refused = alice.bearer().contentType(ContentType.JSON).body(Map.of("message", "one too many")).post("/api/chat");
        refused.then().statusCode(429).contentType("application/problem+json")
                .header("RateLimit-Remaining", "0")
                .body("status", equalTo(429))
                .body("detail", containsString("at most 5 per 60 s"));
        long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(Long.parseLong(refused.getHeader("RateLimit-Reset"))).isEqualTo(retryAfter);
        assertThat(FakeUpstreams.chat().received()).as("the refused request never reached chat-service").hasSize(5);

        // budgets are per user, and only chat counts
        Users.Login bob = Users.newUser();
        bob.bearer().contentType(ContentType.JSON).body(Map.of("message", "hi")).post("/api/chat").then().statusCode(200)
                .header("RateLimit-Remaining", "4");
        Response other = alice.bearer().get("/api/conversations");
        other.then().statusCode(200);
        assertThat(other.getHeader("RateLimit-Limit")).isNull();
        // the stream endpoint shares the budget
        alice.bearer().contentType(ContentType.JSON).body(Map.of("message", "x")).post("/api/chat/stream").then().statusCode(429);
    }

    @Test
    void loginAttemptsPerAddressAndUsernameAreLimited() {
        String name = Users.uniqueName("grace");
        Users.register(name, Users.PASSWORD);
        String address = "203.0.113." + (1 + (int) (Math.random() * 200));
        for (int i = 1; i <= 10; i++) {
            login(name, "wrong password", address).then().statusCode(401)
                    .header("RateLimit-Limit", "10")
                    .header("RateLimit-Remaining", Integer.toString(10 - i));
        }
        // the right password does not help once the budget is spent
        login(name, Users.PASSWORD, address).then().statusCode(429).contentType("application/problem+json")
                .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                .body("detail", containsString("login attempts"));
        login(name.toUpperCase(), Users.PASSWORD, address).then().statusCode(429);
        // another address, or another name from the same address, has its own budget
        login(name, Users.PASSWORD, "198.51.100.7").then().statusCode(200);
        String other = Users.uniqueName("heidi");
        Users.register(other, Users.PASSWORD);
        login(other, Users.PASSWORD, address).then().statusCode(200);
    }

    @Test
    void aForgedXForwardedForFromAnUntrustedPeerDoesNotChangeTheBudget() {
        String name = Users.uniqueName("ivan");
        Users.register(name, Users.PASSWORD);
        // straight from 127.0.0.1, not a trusted proxy: each attempt claims another address, all count as one
        for (int i = 1; i <= 10; i++) {
            given().header("X-Forwarded-For", "198.51.100." + i).header("Forwarded", "for=198.51.100." + i)
                    .contentType(ContentType.JSON).body(Map.of("username", name, "password", "wrong password"))
                    .post("/api/auth/login").then().statusCode(401).header("RateLimit-Remaining", Integer.toString(10 - i));
        }
        given().header("X-Forwarded-For", "198.51.100.99").contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", Users.PASSWORD)).post("/api/auth/login")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        // the same claim through the trusted proxy names the client, whose budget is its own
        login(name, Users.PASSWORD, "198.51.100.99").then().statusCode(200);
    }

    @Test
    void noWindowAdmitsMoreThanTheLimitAroundItsEdge() throws InterruptedException {
        String key = "gw:rl:test:" + UUID.randomUUID();
        Duration window = Duration.ofSeconds(3);
        assertThat(hit(key, window).allowed()).isTrue();
        // (after the answer: the request was timed by Redis before it)
        long start = System.nanoTime();
        // the rest of the budget late in the window...
        sleepUntil(start, 2000);
        for (int i = 0; i < 4; i++) {
            assertThat(hit(key, window).allowed()).isTrue();
        }
        RateLimitDecision refused = hit(key, window);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        // ...and just past the window's edge only the first request has left it: one more, not a fresh five
        long reset = refused.resetSeconds();
        assertThat(reset).as("the first request leaves the window about 1 s later").isEqualTo(1);
        sleepUntil(start, 3200);
        RateLimitDecision next = hit(key, window);
        assertThat(next.allowed()).isTrue();
        assertThat(next.remaining()).isZero();
        RateLimitDecision again = hit(key, window);
        assertThat(again.allowed()).as("a fixed window would start afresh here").isFalse();
        assertThat(again.headers()).containsEntry("Retry-After", Long.toString(again.resetSeconds()))
                .containsEntry("RateLimit-Policy", "5;w=3");
        // Retry-After is truthful: the four late requests leave together, about 2 s after the first one left
        assertThat(again.resetSeconds()).isEqualTo(2);
        Thread.sleep(again.resetSeconds() * 1000);
        for (int i = 0; i < 4; i++) {
            assertThat(hit(key, window).allowed()).as("request %d after Retry-After", i).isTrue();
        }
        assertThat(hit(key, window).allowed()).isFalse();
    }

    private RateLimitDecision hit(String key, Duration window) {
        return limiter.hit(key, 5, window).await().atMost(Duration.ofSeconds(5));
    }

    private static void sleepUntil(long startNanos, long millis) throws InterruptedException {
        long left = millis - (System.nanoTime() - startNanos) / 1_000_000;
        if (left > 0) {
            Thread.sleep(left);
        }
    }

    private static Response login(String username, String password, String clientAddress) {
        // through the tests' trusted proxy: X-Forwarded-For is the client's address
        return Users.viaProxy().header("X-Forwarded-For", clientAddress).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/api/auth/login");
    }
}
