package dev.insight.gateway.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A stand-in for one service, on a real socket: it records every request it receives (method, URI, headers,
 * body size and checksum) and answers like the service would, with a few switches for failure tests.
 * <ul>
 * <li>GET /q/health/ready: 200 or 503 ({@link #ready(boolean)}); probes are counted</li>
 * <li>POST /api/files: consumes the body as it streams and answers 201 {received, crc32}</li>
 * <li>POST /api/chat/stream: five SSE "delta" events {@link #SSE_GAP} apart, then "done"</li>
 * <li>DELETE /api/me/data: {@link #forgetStatus(int)} (204 by default)</li>
 * <li>?stall=1: reads nothing of the request for 4 s, then drops it, and never answers (see {@link #stalledOpen()})</li>
 * <li>?delayMs=N: answers after N ms; ?plantCookie=1: answers with Set-Cookie, hop-by-hop headers and a Date long past</li>
 * <li>anything else: 200 {upstream, method, uri, body}</li>
 * </ul>
 */
public final class FakeUpstream {

    public static final Duration SSE_GAP = Duration.ofMillis(300);
    public static final int SSE_EVENTS = 5;

    public record Received(String method, String uri, MultiMap headers, long bodyBytes, long crc32, String body) {
    }

    private final Vertx vertx;
    private final String name;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger probes = new AtomicInteger();
    private volatile boolean ready = true;
    private volatile int forcedStatus;
    private volatile String forcedRetryAfter;
    private volatile int forgetStatus = 204;
    private final AtomicInteger stalledOpen = new AtomicInteger();
    private volatile HttpServer server;
    private int port;

    FakeUpstream(Vertx vertx, String name) {
        this.vertx = vertx;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public synchronized void start() {
        if (server != null) {
            return;
        }
        HttpServer s = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(this::handle);
        try {
            s.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + " could not listen on port " + port, e);
        }
        port = s.actualPort();
        server = s;
    }

    /** Closes the listening socket and every open connection: the port then refuses connections. */
    public synchronized void stop() {
        HttpServer s = server;
        server = null;
        if (s != null) {
            try {
                s.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name + " did not stop", e);
            }
        }
    }

    public void ready(boolean value) {
        ready = value;
    }

    /** Every /api/ request is answered with this status (0: normal behaviour). */
    public void forceStatus(int status) {
        forceStatus(status, null);
    }

    /** Every /api/ request is answered with this status and, unless null, this Retry-After header. */
    public void forceStatus(int status, String retryAfter) {
        forcedRetryAfter = retryAfter;
        forcedStatus = status;
    }

    public void forgetStatus(int status) {
        forgetStatus = status;
    }

    public void reset() {
        received.clear();
        ready = true;
        forcedStatus = 0;
        forcedRetryAfter = null;
        forgetStatus = 204;
        start();
    }

    /** Connections of ?stall=1 requests still open (the gateway resets them when it gives up). */
    public int stalledOpen() {
        return stalledOpen.get();
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Received> received(String method, String pathPrefix) {
        return received.stream().filter(r -> r.method().equals(method) && r.uri().startsWith(pathPrefix)).toList();
    }

    public int probes() {
        return probes.get();
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/q/health/ready")) {
            probes.incrementAndGet();
            request.response().setStatusCode(ready ? 200 : 503).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("status", ready ? "UP" : "DOWN").encode());
            return;
        }
        if (request.getParam("stall") != null) {
            // a service that stops reading: the body backs up into the gateway, and nothing is ever answered
            request.pause();
            stalledOpen.incrementAndGet();
            request.connection().closeHandler(v -> stalledOpen.decrementAndGet());
            // a paused connection does not notice being closed; reading again (and dropping) after a while does
            request.handler(ignored -> {
            });
            vertx.setTimer(4_000, id -> request.resume());
            return;
        }
        CRC32 crc = new CRC32();
        long[] bytes = { 0 };
        StringBuilder small = new StringBuilder();
        request.handler(chunk -> {
            bytes[0] += chunk.length();
            crc.update(chunk.getBytes());
            if (small.length() < 65536) {
                small.append(chunk.toString());
            }
        });
        request.endHandler(v -> {
            Received r = new Received(request.method().name(), request.uri(),
                    MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), bytes[0], crc.getValue(), small.toString());
            received.add(r);
            answer(request, r);
        });
    }

    private void answer(HttpServerRequest request, Received r) {
        var response = request.response();
        String requestId = request.getHeader("X-Request-Id");
        if (requestId != null) {
            response.putHeader("X-Request-Id", requestId);
        }
        if (forcedStatus != 0) {
            if (forcedRetryAfter != null) {
                response.putHeader("Retry-After", forcedRetryAfter);
            }
            response.setStatusCode(forcedStatus).putHeader("content-type", "application/problem+json")
                    .end(new JsonObject().put("status", forcedStatus).put("title", "forced by the test").encode());
            return;
        }
        String delay = request.getParam("delayMs");
        if (delay != null) {
            vertx.setTimer(Long.parseLong(delay), id -> response.putHeader("content-type", "application/json")
                    .end(new JsonObject().put("upstream", name).put("delayed", true).encode()));
            return;
        }
        if (request.path().equals("/api/me/data") && r.method().equals("DELETE")) {
            response.setStatusCode(forgetStatus).end();
            return;
        }
        if (request.path().equals("/api/files") && r.method().equals("POST")) {
            response.setStatusCode(201).putHeader("content-type", "application/json")
                    .end(new JsonObject().put("received", r.bodyBytes()).put("crc32", r.crc32()).encode());
            return;
        }
        if (request.path().equals("/api/chat/stream")) {
            streamEvents(response, 0);
            return;
        }
        if ("1".equals(request.getParam("plantCookie"))) {
            response.putHeader("Set-Cookie", "insight_session=planted; Path=/")
                    .putHeader("Keep-Alive", "timeout=5")
                    .putHeader("Proxy-Authenticate", "Basic")
                    .putHeader("Date", "Sat, 01 Jan 2000 00:00:00 GMT")
                    .putHeader("X-Upstream-Header", "kept");
        }
        response.putHeader("content-type", "application/json")
                .end(new JsonObject().put("upstream", name).put("method", r.method()).put("uri", r.uri())
                        .put("body", r.body()).encode());
    }

    private void streamEvents(io.vertx.core.http.HttpServerResponse response, int sent) {
        if (sent == 0) {
            response.setChunked(true).putHeader("content-type", "text/event-stream").putHeader("cache-control", "no-cache");
        }
        if (sent == SSE_EVENTS) {
            response.end("event: done\ndata: {\"conversationId\":\"c1\"}\n\n");
            return;
        }
        response.write("event: delta\ndata: {\"text\":\"part " + sent + " at " + System.currentTimeMillis() + "\"}\n\n");
        vertx.setTimer(SSE_GAP.toMillis(), id -> streamEvents(response, sent + 1));
    }
}
