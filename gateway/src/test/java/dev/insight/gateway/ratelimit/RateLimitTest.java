package dev.insight.gateway.ratelimit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Budgets kept in Redis: chat requests per user (5 per minute in the tests), login attempts per address and name (10). */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class RateLimitTest {

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

    private static Response login(String username, String password, String clientAddress) {
        // the test connects from 127.0.0.1, a trusted proxy: X-Forwarded-For is the client's address
        return given().header("X-Forwarded-For", clientAddress).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password)).post("/api/auth/login");
    }
}
