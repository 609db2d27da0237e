package dev.insight.gateway.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.LogCapture;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class OperationsTest {

    @Test
    void readyOnlyOnPostgresqlAndRedisNeverOnTheServices() {
        FakeUpstreams.all().forEach(upstream -> upstream.stop());
        try {
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.find { it.name.toLowerCase().contains('redis') }.status", equalTo("UP"))
                    .body("checks.find { it.name.toLowerCase().contains('postgres') }.status", equalTo("UP"))
                    // reactive and JDBC (Flyway) PostgreSQL, and Redis: nothing else decides readiness
                    .body("checks.name", everyItem(anyOf(containsStringIgnoringCase("postgres"),
                            containsStringIgnoringCase("database"), containsStringIgnoringCase("redis"))));
        } finally {
            FakeUpstreams.resetAll();
        }
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200);
    }

    @Test
    void everyRequestGetsOneAccessLogLine() {
        Users.Login alice = Users.newUser();
        List<String> lines;
        try (LogCapture log = LogCapture.of("dev.insight.gateway.web.AccessLog")) {
            lines = log.lines();
            alice.bearer().header("X-Request-Id", "access-log-1").get("/api/conversations/c1/messages?after=2")
                    .then().statusCode(200);
            given().header("X-Request-Id", "access-log-2").get("/api/files").then().statusCode(401);
            await(() -> lines.stream().filter(l -> l.contains("requestId=access-log-")).count() == 2);
        }
        String proxied = lines.stream().filter(l -> l.contains("requestId=access-log-1")).findFirst().orElseThrow();
        assertThat(proxied).containsPattern("^\\S+: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z ACCESS requestId=")
                .contains("user=" + alice.id()).contains("route=conversations").contains("method=GET")
                .contains("path=/api/conversations/c1/messages ").contains("status=200").containsPattern("latencyMs=\\d+\\.\\d")
                .containsPattern("traceId=[0-9a-f]{32}").doesNotContain("after=2");
        String refused = lines.stream().filter(l -> l.contains("requestId=access-log-2")).findFirst().orElseThrow();
        assertThat(refused).contains("user=-").contains("route=files").contains("status=401");
    }

    /** A caller that leaves before any answer is logged with status 0, not as a success. */
    @Test
    void aRequestLeftUnansweredIsLoggedWithStatusZero() throws Exception {
        Users.Login alice = Users.newUser();
        List<String> lines;
        try (LogCapture log = LogCapture.of("dev.insight.gateway.web.AccessLog")) {
            lines = log.lines();
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
                socket.getOutputStream().write(("GET /api/conversations?delayMs=2000 HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + alice.token() + "\r\nX-Request-Id: access-log-left\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                Thread.sleep(300);
            }
            await(() -> lines.stream().anyMatch(l -> l.contains("requestId=access-log-left")));
        }
        String left = lines.stream().filter(l -> l.contains("requestId=access-log-left")).findFirst().orElseThrow();
        assertThat(left).contains("status=0 ").contains("bytesOut=0");
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean() && System.currentTimeMillis() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Test
    void metricsAndOpenApiAreServed() {
        Users.Login alice = Users.newUser();
        alice.bearer().get("/api/conversations/some-id").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("uri=\"/api/conversations/{path}\""));
        given().header("Accept", "application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/auth/login"))
                .body("paths", hasKey("/api/auth/me"))
                .body("paths", hasKey("/api/status"));
    }
}
