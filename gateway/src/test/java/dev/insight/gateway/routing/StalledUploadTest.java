package dev.insight.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.RawHttp;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A service that stops reading an upload does not hold the caller (nor a pooled connection) forever: past the
 * route's timeout with the body stuck, the caller gets an answer and the request to the service is reset.
 */
@QuarkusTest
@TestProfile(StalledUploadTest.ShortFilesTimeout.class)
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class StalledUploadTest {

    public static class ShortFilesTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.routes.files-timeout", "2S");
        }
    }

    @AfterEach
    void reset() {
        FakeUpstreams.resetAll();
    }

    @Test
    void anUploadTheServiceStopsReadingEndsAtTheRouteTimeout() throws Exception {
        Users.Login alice = Users.newUser();
        long length = 64L << 20;
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/files?stall=1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + alice.token()
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            long started = System.nanoTime();
            // the caller keeps sending as fast as it may: only the service is stuck
            CompletableFuture.runAsync(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    for (long sent = 0; sent < length; sent += chunk.length) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the gateway answered and closed the connection
                }
            });
            String head = RawHttp.readHead(socket.getInputStream());
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(head).matches("(?s)HTTP/1.1 50[24] .*");
            assertThat(millis).as("answered after the 2 s route timeout, not the 180 s idle timeout").isBetween(1_500L, 10_000L);
        }
        long deadline = System.currentTimeMillis() + 10_000;
        while (FakeUpstreams.files().stalledOpen() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(FakeUpstreams.files().stalledOpen()).as("the request to the service was reset").isZero();
    }
}
