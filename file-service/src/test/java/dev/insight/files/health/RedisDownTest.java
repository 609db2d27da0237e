package dev.insight.files.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.insight.files.testing.Api;
import dev.insight.files.testing.Dataset;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Redis is only a cache: with it unreachable, uploads, processing, summaries and queries all still work. */
@QuarkusTest
@TestProfile(RedisDownTest.RedisUnreachable.class)
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class RedisDownTest {

    public static class RedisUnreachable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.redis.hosts", "redis://127.0.0.1:1");
        }
    }

    @Test
    void everythingStillWorksUncached() {
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'redis-cache' }.data.redis", startsWith("down"));
        Api alice = Api.newUser();
        String id = alice.ready("sales.csv", Dataset.sales(50, 5).csv(','));
        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            alice.request().get("/api/files/" + id + "/summary").then().statusCode(200).body("rowCount", equalTo(50));
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
        }
        alice.query(id, "SELECT count(*) FROM data").then().statusCode(200).body("rows[0][0]", equalTo(50));
        alice.request().delete("/api/files/" + id).then().statusCode(204);
        alice.request().delete("/api/me/data").then().statusCode(204);
    }
}
