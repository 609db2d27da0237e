package dev.insight.memory.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.insight.memory.testing.Api;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis is only a cache: with it unreachable, every endpoint still answers correctly from PostgreSQL. */
@QuarkusTest
@TestProfile(RedisDownTest.RedisUnreachable.class)
@WithTestResource(TestKeys.class)
class RedisDownTest {

    public static class RedisUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1");
        }
    }

    @Test
    void everyEndpointStillWorks() {
        Api alice = Api.newUser();
        String id = alice.createConversation("no cache");
        for (int i = 1; i <= 12; i++) {
            alice.append(id, i % 2 == 1 ? "user" : "assistant", "Redis-less message " + i + " about inventory levels.");
        }
        alice.request().body(Map.of("title", "renamed")).patch("/api/conversations/" + id).then().statusCode(200);
        alice.request().get("/api/conversations").then().statusCode(200).body("items[0].id", equalTo(id));
        alice.request().get("/api/conversations/" + id + "/messages").then().body("items", hasSize(12));

        for (int attempt = 0; attempt < 3; attempt++) {
            long started = System.nanoTime();
            alice.request().queryParam("maxTokens", 60).get("/api/conversations/" + id + "/context")
                    .then().statusCode(200)
                    .body("summary", startsWith("Summary of"))
                    .body("messages[-1].seq", equalTo(12));
            // bounded by the cache timeout, not by a hanging connection
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
        }
        alice.append(id, "user", "newest");
        alice.request().queryParam("maxTokens", 60).get("/api/conversations/" + id + "/context")
                .then().statusCode(200).body("messages[-1].content", equalTo("newest"));

        alice.request().queryParam("q", "inventory").get("/api/search").then().statusCode(200).body("items", hasSize(12));
        alice.request().get("/api/conversations/" + id + "/export").then().statusCode(200)
                .body("messages", hasSize(13));
        alice.request().delete("/api/conversations/" + id).then().statusCode(204);
        alice.createConversation("another");
        alice.request().delete("/api/me/data").then().statusCode(204);
        alice.request().get("/api/conversations").then().body("items", hasSize(0));
    }

    @Test
    void readinessStaysUpAndSaysRedisIsDown() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'redis-cache' }.data.redis", startsWith("down"));
        given().get("/q/health/live").then().statusCode(200).body("checks", notNullValue());
        List<String> names = given().get("/q/health/ready").then().extract().path("checks.name");
        assertThat(names).anyMatch(n -> n.toLowerCase().contains("postgres") || n.toLowerCase().contains("database"));
    }
}
