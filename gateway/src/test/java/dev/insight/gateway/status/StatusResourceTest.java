package dev.insight.gateway.status;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class StatusResourceTest {

    @AfterEach
    void reset() {
        FakeUpstreams.resetAll();
    }

    @Test
    void reportsEachServiceWithLatencyAndCachesTheProbes() throws Exception {
        Thread.sleep(1100); // let a cached answer from another test expire (TTL 1 s in tests)
        given().get("/api/status").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checkedAt", notNullValue())
                .body("services.name", contains("memory-service", "file-service", "chat-service"))
                .body("services.status", everyItem(equalTo("UP")))
                .body("services.breaker", everyItem(equalTo("CLOSED")))
                .body("services.latencyMs", everyItem(greaterThanOrEqualTo(0)));
        int probes = FakeUpstreams.memory().probes();
        for (int i = 0; i < 5; i++) {
            given().get("/api/status").then().statusCode(200);
        }
        assertThat(FakeUpstreams.memory().probes()).as("answered from the cache").isEqualTo(probes);

        FakeUpstreams.files().ready(false);
        FakeUpstreams.chat().stop();
        Thread.sleep(1100);
        JsonPath status = given().get("/api/status").then().statusCode(200).extract().jsonPath();
        assertThat(status.getString("status")).isEqualTo("DEGRADED");
        assertThat(status.getString("services.find { it.name == 'memory-service' }.status")).isEqualTo("UP");
        assertThat(status.getString("services.find { it.name == 'file-service' }.status")).isEqualTo("DOWN");
        assertThat(status.getString("services.find { it.name == 'file-service' }.detail")).isEqualTo("not ready (HTTP 503)");
        assertThat(status.getString("services.find { it.name == 'chat-service' }.status")).isEqualTo("DOWN");
        assertThat(status.getString("services.find { it.name == 'chat-service' }.detail")).isEqualTo("unreachable");
        assertThat(status.getString("services.find { it.name == 'chat-service' }.latencyMs")).isNull();
        assertThat(FakeUpstreams.memory().probes()).isEqualTo(probes + 1);
    }
}
