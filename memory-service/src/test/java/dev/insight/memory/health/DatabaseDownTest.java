package dev.insight.memory.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.memory.testing.Api;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL is what memory-service cannot work without: not ready, and a clear 503 rather than a 500 or a hang. */
@QuarkusTest
@TestProfile(DatabaseDownTest.DatabaseUnreachable.class)
@WithTestResource(TestKeys.class)
class DatabaseDownTest {

    public static class DatabaseUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://127.0.0.1:1/insight_test",
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:1/insight_test",
                    "quarkus.flyway.migrate-at-start", "false");
        }
    }

    @Test
    void notReadyButAlive() {
        given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void requestsGetAProblemNotAStackTrace() {
        Api alice = Api.newUser();
        alice.request().get("/api/conversations").then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("status", equalTo(503));
        alice.request().body(Map.of("title", "x")).post("/api/conversations").then().statusCode(503);
    }
}
