package dev.insight.gateway.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sessions live only in Redis: without it nobody can log in (503, not 500), and the gateway is not ready. */
@QuarkusTest
@TestProfile(RedisDownTest.RedisUnreachable.class)
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class RedisDownTest {

    public static class RedisUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1");
        }
    }

    @Test
    void loginAnswers503AndRegistrationStillWorks() {
        String name = Users.uniqueName("ivan");
        Users.register(name, Users.PASSWORD);
        given().contentType(ContentType.JSON).body(Map.of("username", name, "password", Users.PASSWORD))
                .post("/api/auth/login")
                .then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("status", equalTo(503))
                .body("detail", containsString("Sessions are unavailable"));
    }

    @Test
    void authenticatedRequestsAnswer503() {
        String token = "A".repeat(43);
        given().header("Authorization", "Bearer " + token).get("/api/auth/me").then().statusCode(503)
                .contentType("application/problem+json");
        given().header("Authorization", "Bearer " + token).get("/api/conversations").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5");
    }

    @Test
    void notReadyButAlive() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"))
                .body("checks.find { it.name.toLowerCase().contains('redis') }.status", equalTo("DOWN"))
                .body("checks.find { it.name.toLowerCase().contains('postgres') }.status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/api/status").then().statusCode(200).body("services.name", hasItem("memory-service"));
    }
}
