package dev.insight.chat.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.insight.chat.testing.Api;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With one question allowed at a time and memory-service hanging (a socket that accepts and never answers), a
 * second question is refused at once with a 503 — not queued behind the first — and questions are admitted again
 * as soon as the first one is over.
 */
@QuarkusTest
@TestProfile(InFlightLimitTest.OneAtATime.class)
@WithTestResource(TestKeys.class)
class InFlightLimitTest {

    public static class OneAtATime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "chat.limits.max-in-flight", "1",
                    "quarkus.rest-client.memory.url", "http://127.0.0.1:" + Silent.PORT,
                    "quarkus.rest-client.memory.read-timeout", "2000");
        }
    }

    /** Accepts connections and never answers on them. */
    static final class Silent {
        static final List<Socket> HELD = new CopyOnWriteArrayList<>();
        static final int PORT = start();

        private static int start() {
            try {
                ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Thread accept = new Thread(() -> {
                    while (!server.isClosed()) {
                        try {
                            HELD.add(server.accept());
                        } catch (IOException e) {
                            return;
                        }
                    }
                }, "silent-memory-service");
                accept.setDaemon(true);
                accept.start();
                return server.getLocalPort();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    InFlightLimit limit;

    @Test
    void aQuestionBeyondTheLimitIsRefusedAtOnceAndTheNextOneIsAdmittedAgain() throws Exception {
        Api alice = Api.newUser();
        // with nothing in progress a question is admitted (and reaches the resource's validation)
        alice.request().body(Map.of("message", " ")).post("/api/chat").then().statusCode(400);
        // starts a conversation: memory-service never answers, so this one holds the only place until its timeout
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> alice.ask("how many rows"));
        await().atMost(Duration.ofSeconds(5)).until(() -> limit.inFlight() == 1);

        Response refused = alice.ask("how many rows");
        refused.then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "1")
                .body("status", equalTo(503))
                .body("detail", containsString("as many questions as it can"))
                .body("requestId", notNullValue());
        // not queued behind the first question (whose memory-service call waits 2 s): refused at once
        long started = System.nanoTime();
        alice.ask("how many rows").then().statusCode(503);
        assertThat((System.nanoTime() - started) / 1_000_000).as("a refusal does not wait").isLessThan(1000);
        // a stream is a question too
        alice.request().body(Map.of("message", "how many rows")).post("/api/chat/stream").then().statusCode(503)
                .header("Retry-After", "1");

        Response timedOut = first.get(10, TimeUnit.SECONDS);
        assertThat(timedOut.statusCode()).as(timedOut.asString()).isIn(503, 504);
        assertThat(timedOut.asString()).contains("memory-service");
        await().atMost(Duration.ofSeconds(2)).until(() -> limit.inFlight() == 0);
        // admitted again: this one reaches the resource and its validation
        alice.request().body(Map.of("message", " ")).post("/api/chat").then().statusCode(400)
                .body("errors[0].field", equalTo("message"));
        assertThat(limit.inFlight()).isZero();

        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("chat_questions_shed_total 3.0"))
                .body(containsString("chat_questions_in_flight 0.0"));
    }
}
