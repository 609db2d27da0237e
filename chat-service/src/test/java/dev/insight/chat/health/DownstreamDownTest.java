package dev.insight.chat.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import dev.insight.chat.testing.Api;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * memory-service, file-service and Redis all unreachable: chat stays live and ready (none of them is a readiness
 * condition), and each question fails fast with a 503 that names the service it could not reach.
 */
@QuarkusTest
@TestProfile(DownstreamDownTest.NothingReachable.class)
@WithTestResource(TestKeys.class)
class DownstreamDownTest {

    public static class NothingReachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.rest-client.memory.url", "http://127.0.0.1:1",
                    "quarkus.rest-client.files.url", "http://127.0.0.1:2",
                    "quarkus.redis.hosts", "redis://127.0.0.1:3");
        }
    }

    @Test
    void probesStayUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("redis-cache"))
                .body("checks.find { it.name == 'redis-cache' }.data.redis", startsWith("down"));
    }

    @Test
    void questionsFailFastNamingTheServiceThatIsDown() {
        Api alice = Api.newUser();
        for (String path : List.of("/api/chat", "/api/chat/stream")) {
            long started = System.nanoTime();
            alice.request().body(Map.of("message", "how many rows", "fileIds", List.of(UUID.randomUUID().toString())))
                    .post(path).then().statusCode(503).contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("detail", startsWith("file-service is not reachable"));
            alice.request().body(Map.of("message", "how many rows")).post(path).then().statusCode(503)
                    .contentType("application/problem+json")
                    .body("detail", startsWith("memory-service is not reachable"));
            alice.request().body(Map.of("message", "how many rows", "conversationId", UUID.randomUUID().toString()))
                    .post(path).then().statusCode(503).body("detail", containsString("memory-service"));
            assertThat((System.nanoTime() - started) / 1_000_000).as("three refused calls").isLessThan(3_000);
        }
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().contentType("application/json").body("{}").post("/api/chat").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().header("Accept", "application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/chat/stream"));
    }
}
