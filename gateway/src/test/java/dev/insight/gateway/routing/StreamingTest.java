package dev.insight.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.insight.gateway.testing.FakeUpstream;
import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.RawHttp;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bodies stream through the gateway in both directions: nothing large is ever held, SSE events are not held back. */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class StreamingTest {

    private static final long MIB = 1024 * 1024;
    // HTTP/2 preferred: the client first asks for an h2c upgrade, which the gateway must not honour by buffering
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeEach
    void reset() {
        FakeUpstreams.resetAll();
    }

    @Test
    void a256MiBUploadStreamsThroughWithBoundedGatewayHeap() throws Exception {
        Users.Login alice = Users.newUser();
        long size = 256 * MIB;
        long expectedCrc = PatternStream.crc32(size);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peakLive = new AtomicLong(baseline);
        AtomicBoolean uploading = new AtomicBoolean(true);
        // live heap (after a full collection) every 250 ms: what the gateway keeps, not the garbage it makes
        Thread sampler = new Thread(() -> {
            while (uploading.get()) {
                System.gc();
                peakLive.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        HttpResponse<String> response;
        long started = System.nanoTime();
        try {
            response = client.send(HttpRequest.newBuilder(uri("/api/files"))
                    .header("Authorization", "Bearer " + alice.token())
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size)), size))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } finally {
            uploading.set(false);
            sampler.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonObject answer = new JsonObject(response.body());
        assertThat(answer.getLong("received")).isEqualTo(size);
        assertThat(answer.getLong("crc32")).isEqualTo(expectedCrc);
        FakeUpstream.Received received = FakeUpstreams.files().received().get(0);
        assertThat(received.headers().get("Content-Length")).isEqualTo(Long.toString(size));
        long grown = peakLive.get() - baseline;
        System.out.printf("256 MiB upload: %.1f s, live heap grew by at most %d MiB%n", seconds, grown / MIB);
        assertThat(grown).as("live heap growth during the upload").isLessThan(48 * MIB);
    }

    @Test
    void aChunkedUploadOfUnknownLengthStreamsThroughIntact() throws Exception {
        Users.Login alice = Users.newUser();
        long size = 40 * MIB + 12345;
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/files"))
                .header("Authorization", "Bearer " + alice.token())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(new JsonObject(response.body()).getLong("received")).isEqualTo(size);
        assertThat(new JsonObject(response.body()).getLong("crc32")).isEqualTo(PatternStream.crc32(size));
        assertThat(FakeUpstreams.files().received().get(0).headers().get("Transfer-Encoding")).isEqualTo("chunked");
    }

    /** "Chunked" is a token, case-insensitive: a body announced as "Chunked" reaches the service whole. */
    @Test
    void aChunkedBodyAnnouncedInAnotherCaseIsForwardedWhole() throws Exception {
        Users.Login alice = Users.newUser();
        String response = RawHttp.exchangeWithBody("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                "POST /api/files HTTP/1.1", "Host: 127.0.0.1:" + io.restassured.RestAssured.port,
                "Authorization: Bearer " + alice.token(), "Content-Type: application/octet-stream",
                "Transfer-Encoding: Chunked");
        assertThat(RawHttp.status(response)).as(response).isEqualTo(201);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("hello world".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String json = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(new JsonObject(json.substring(json.indexOf('{'), json.lastIndexOf('}') + 1)).getLong("received"))
                .isEqualTo(11);
        assertThat(json).contains("\"crc32\":" + crc.getValue());
    }

    @Test
    void anUploadOverTheLimitIsRefusedWithoutReachingTheService() throws Exception {
        Users.Login alice = Users.newUser();
        long size = 257 * MIB + 1;
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/files"))
                .header("Authorization", "Bearer " + alice.token())
                .POST(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size)), size))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(FakeUpstreams.files().received()).isEmpty();
    }

    @Test
    void serverSentEventsArriveOneByOneAsTheServiceWritesThem() throws Exception {
        Users.Login alice = Users.newUser();
        long started = System.nanoTime();
        HttpResponse<Stream<String>> response = client.send(HttpRequest.newBuilder(uri("/api/chat/stream"))
                .header("Authorization", "Bearer " + alice.token())
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"describe sales.csv\"}"))
                .build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        List<Long> arrivals = new ArrayList<>();
        List<String> events = new ArrayList<>();
        response.body().forEach(line -> {
            if (line.startsWith("event: ")) {
                events.add(line.substring(7));
                arrivals.add((System.nanoTime() - started) / 1_000_000);
            }
        });
        assertThat(events).hasSize(FakeUpstream.SSE_EVENTS + 1).endsWith("done");
        long gap = FakeUpstream.SSE_GAP.toMillis();
        // the first event is at the client long before the last one is even written
        assertThat(arrivals.get(0)).as("first event at %s ms (all: %s)", arrivals.get(0), arrivals)
                .isLessThan(arrivals.get(arrivals.size() - 1) - 3 * gap);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i) - arrivals.get(i - 1)).as("gap before event %d in %s", i, arrivals)
                    .isGreaterThan(gap / 2);
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + path);
    }
}
