package dev.insight.chat.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.insight.chat.config.ChatConfig;
import dev.insight.chat.error.RetryAfterFilter;
import dev.insight.chat.provider.Answer;
import dev.insight.support.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientResponse;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * A small client for the OpenAI Chat Completions protocol (POST {base}/chat/completions), streamed or not,
 * over the Vert.x HTTP client: non-blocking, an idle timeout on every request, retries only for requests the
 * provider did not process (connect failure, 408, 429, 502, 503, 504 — never once output has started), and a
 * circuit breaker so a dead provider costs callers nothing. Every failure becomes a 502/503/504 problem.
 */
@ApplicationScoped
public class OpenAiClient {

    /** One assistant turn: its text, the tools it wants called, why it stopped, what it cost. */
    public record Turn(String content, List<ToolCall> toolCalls, String finishReason, String refusal, Answer.Usage usage) {
    }

    public record ToolCall(String id, String name, String arguments) {
    }

    /** A piece of a streamed turn: text to pass on, or the whole turn at its end. */
    public sealed interface Piece {
        record Text(String text) implements Piece {
        }

        record Done(Turn turn) implements Piece {
        }
    }

    /** The provider answered with an error status. */
    static final class ProviderStatus extends RuntimeException {
        final int status;
        final String message;
        final Duration retryAfter;

        ProviderStatus(int status, String message, Duration retryAfter) {
            super("HTTP " + status + (message == null ? "" : ": " + message), null, false, false);
            this.status = status;
            this.message = message;
            this.retryAfter = retryAfter;
        }
    }

    private final ChatConfig.OpenAi config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final URI endpoint;
    private final Guard breaker;

    public OpenAiClient(Vertx vertx, ChatConfig config, ObjectMapper json) {
        this.config = config.openai();
        this.json = json;
        String base = this.config.baseUrl().replaceAll("/+$", "");
        String query = this.config.queryParameters().map(q -> "?" + q.replaceFirst("^\\?", "")).orElse("");
        this.endpoint = URI.create(base + "/chat/completions" + query);
        boolean tls = "https".equalsIgnoreCase(endpoint.getScheme());
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setSsl(tls).setTrustAll(false).setVerifyHost(tls)
                .setMaxPoolSize(50)
                .setKeepAlive(true));
        this.breaker = Guard.create().withDescription("openai-provider")
                .withCircuitBreaker()
                .requestVolumeThreshold(Math.max(1, this.config.breakerFailures()))
                .failureRatio(1.0)
                .delay(this.config.breakerDelay().toMillis(), ChronoUnit.MILLIS)
                .when(OpenAiClient::countsAgainstProvider)
                .done()
                .build();
    }

    @PreDestroy
    void close() {
        http.close().subscribe().with(v -> {
        }, f -> Log.debugf("closing the provider client: %s", f.toString()));
    }

    public String endpoint() {
        return endpoint.toString();
    }

    /** One non-streamed completion. */
    public Uni<Turn> complete(ObjectNode body) {
        body.put("stream", false);
        body.remove("stream_options");
        Call call = new Call();
        return open(body, 0, call).chain(response -> readAll(call.take(response)))
                .map(buffer -> parseTurn(buffer.toString()))
                .onFailure().transform(this::problem)
                .onCancellation().invoke(call::leave);
    }

    /** One streamed completion: text pieces as they arrive, then the whole turn. */
    public Multi<Piece> stream(ObjectNode body) {
        body.put("stream", true);
        if (config.streamUsage()) {
            body.putObject("stream_options").put("include_usage", true);
        }
        Call call = new Call();
        return open(body, 0, call).onItem().transformToMulti(response -> {
            StreamState state = new StreamState();
            return body(call.take(response))
                    .onItem().transformToIterable(state::lines)
                    .onCompletion().continueWith(() -> List.of(state.flush()))
                    .onItem().transformToIterable(line -> state.accept(line, json))
                    .onCompletion().switchTo(() -> {
                        if (state.finished) {
                            return Multi.createFrom().<Piece>empty();
                        }
                        Turn turn = state.turn();
                        if (turn.content().isEmpty() && turn.toolCalls().isEmpty() && turn.finishReason() == null) {
                            return Multi.createFrom().<Piece>failure(
                                    new ProviderStatus(502, "the stream ended without data", null));
                        }
                        return Multi.createFrom().<Piece>item(new Piece.Done(turn));
                    });
        }).onFailure().transform(this::problem).onCancellation().invoke(call::leave);
    }

    /**
     * One provider call and what became of its response: the circuit breaker does not pass a caller's cancellation
     * on to the request inside it, so a response whose caller has left (before it arrived, or before anyone read
     * it) is reset here rather than left paused, holding a pooled connection that no timeout would free.
     */
    private static final class Call {
        private boolean gone;
        private HttpClientResponse unread;

        /** Keeps the response for its reader; false (and the response reset) when the caller has left. */
        synchronized boolean hold(HttpClientResponse response) {
            if (gone) {
                reset(response);
                return false;
            }
            unread = response;
            return true;
        }

        /** The reader takes the response over (its body's own handlers reset it from now on). */
        synchronized HttpClientResponse take(HttpClientResponse response) {
            unread = null;
            return response;
        }

        synchronized void leave() {
            gone = true;
            if (unread != null) {
                reset(unread);
                unread = null;
            }
        }
    }

    private Uni<HttpClientResponse> open(ObjectNode body, int attempt, Call call) {
        String payload = body.toString();
        Uni<HttpClientResponse> guarded = breaker.get(() -> send(payload, call), new TypeLiteral<Uni<HttpClientResponse>>() {
        });
        return guarded.onFailure(f -> attempt < config.maxRetries() && retryable(f)).recoverWithUni(f -> {
            Duration wait = config.retryBackoff().multipliedBy(1L << attempt);
            if (f instanceof ProviderStatus s && s.retryAfter != null && s.retryAfter.compareTo(config.maxRetryAfter()) > 0) {
                return Uni.createFrom().failure(f);
            }
            if (f instanceof ProviderStatus s && s.retryAfter != null) {
                wait = s.retryAfter;
            }
            Log.infof("provider attempt %d failed (%s); retrying in %d ms", attempt + 1, f.toString(), wait.toMillis());
            Duration delay = wait.isNegative() || wait.isZero() ? Duration.ofMillis(1) : wait;
            return Uni.createFrom().voidItem().onItem().delayIt().by(delay).chain(() -> open(body, attempt + 1, call));
        });
    }

    private Uni<HttpClientResponse> send(String payload, Call call) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(endpoint.toString())
                .setIdleTimeout(config.idleTimeout().toMillis())
                .putHeader("Content-Type", "application/json")
                .putHeader("Accept", "application/json, text/event-stream");
        config.apiKey().filter(k -> !k.isBlank()).ifPresent(key -> options.putHeader(config.apiKeyHeader(),
                config.apiKeyHeader().equalsIgnoreCase("Authorization") ? "Bearer " + key : key));
        return http.request(options).chain(request -> request.send(Buffer.buffer(payload)))
                // hold the body until someone reads it: a Vert.x response drops data that arrives with no handler set
                .invoke(HttpClientResponse::pause)
                .chain(response -> {
                    if (response.statusCode() / 100 == 2) {
                        // the caller may have left while the provider thought: then nobody reads this answer, so
                        // stop it being made
                        return call.hold(response) ? Uni.createFrom().item(response)
                                : Uni.createFrom().failure(new CancellationException("the caller left"));
                    }
                    String retryAfter = response.getHeader("Retry-After");
                    return readAll(response).chain(buffer -> Uni.createFrom().<HttpClientResponse>failure(
                            new ProviderStatus(response.statusCode(), errorMessage(buffer.toString()),
                                    parseRetryAfter(retryAfter))));
                });
    }

    private Uni<Buffer> readAll(HttpClientResponse response) {
        return body(response).collect().in(Buffer::buffer, Buffer::appendBuffer);
    }

    /**
     * A response's body, failing once the provider has sent nothing for the idle timeout (the request's own timeout
     * ends when the head arrives). Cancelled or failed, the request is reset: the provider stops writing (and
     * billing) an answer no one reads, and the connection is not kept busy draining it.
     */
    private Multi<Buffer> body(HttpClientResponse response) {
        return response.toMulti()
                .onCancellation().invoke(() -> reset(response))
                .ifNoItem().after(config.idleTimeout()).failWith(() -> new TimeoutException("no data"))
                .onFailure().invoke(f -> reset(response));
    }

    /** Resets a provider request on purpose: the failure that follows is expected, nobody waits for it. */
    private static void reset(HttpClientResponse response) {
        response.exceptionHandler(e -> Log.debugf("provider request reset: %s", e.toString()));
        response.request().reset();
    }

    private String errorMessage(String body) {
        try {
            JsonNode node = json.readTree(body);
            JsonNode error = node.path("error");
            if (error.isTextual()) {
                return error.asText();
            }
            if (error.path("message").isTextual()) {
                return error.path("message").asText();
            }
            if (node.path("message").isTextual()) {
                return node.path("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        String raw = body == null ? "" : body.strip();
        return raw.isEmpty() ? null : raw.length() > 300 ? raw.substring(0, 300) + "…" : raw;
    }

    private static Duration parseRetryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofMillis((long) (Double.parseDouble(value.strip()) * 1000));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean retryable(Throwable f) {
        if (f instanceof ProviderStatus s) {
            return s.status == 408 || s.status == 429 || s.status == 502 || s.status == 503 || s.status == 504;
        }
        // only failures to connect: the request never reached the provider
        return isConnectFailure(f);
    }

    static boolean countsAgainstProvider(Throwable f) {
        if (f instanceof CancellationException) {
            // the caller left: says nothing of the provider
            return false;
        }
        if (f instanceof ProviderStatus s) {
            return s.status == 429 || s.status >= 500;
        }
        return true;
    }

    private static boolean isConnectFailure(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || name.equals("io.netty.channel.ConnectTimeoutException")
                    || name.equals("io.netty.channel.AbstractChannel$AnnotatedConnectException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static boolean isTimeout(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof java.util.concurrent.TimeoutException || name.endsWith("NoStackTraceTimeoutException")
                    || name.endsWith("TimeoutException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Provider failures as the caller should see them. */
    Throwable problem(Throwable f) {
        if (f instanceof ProblemException || f instanceof CancellationException) {
            return f;
        }
        String who = "The AI provider (" + endpoint.getHost() + ")";
        if (f instanceof CircuitBreakerOpenException) {
            return new ProblemException(503, "Service Unavailable", who
                    + " failed repeatedly; calls are paused for " + config.breakerDelay().toSeconds() + " s.");
        }
        if (f instanceof ProviderStatus s) {
            String message = s.message == null ? "" : ": " + s.message;
            return switch (s.status) {
                case 401, 403 -> new ProblemException(502, "Bad Gateway", who + " refused the configured credentials (HTTP "
                        + s.status + ")" + message + ". Check AI_API_KEY.");
                case 404 -> new ProblemException(502, "Bad Gateway", who + " does not know the model or endpoint (HTTP 404)"
                        + message + ". Check AI_BASE_URL and AI_MODEL (" + config.model() + ").");
                // this question, not the provider: too long for the model's context, refused by a filter, … — a
                // 4xx of its own, so that nobody counts it against chat-service or the provider (circuit breakers);
                // any other 400 is the request chat sends (a model without tools, an option it does not know)
                case 413, 422 -> questionRefused(who, s.status, message);
                case 400 -> aboutTheQuestion(s.message) ? questionRefused(who, s.status, message)
                        : new ProblemException(502, "Bad Gateway", who + " refused the request (HTTP 400)" + message
                                + ". Check AI_MODEL and the provider's options.");
                case 429 -> new ProblemException(503, "Service Unavailable", who + " is rate limiting requests (HTTP 429)"
                        + message + "; retry later.");
                case 503 -> new ProblemException(503, "Service Unavailable", who + " is unavailable (HTTP 503)" + message + ".");
                case 408, 504 -> RetryAfterFilter.behind(new ProblemException(504, "Gateway Timeout", who
                        + " timed out (HTTP " + s.status + ")" + message + "."));
                default -> {
                    ProblemException failed = new ProblemException(502, "Bad Gateway", who + " failed (HTTP " + s.status
                            + ")" + message + ".");
                    yield s.status >= 500 ? RetryAfterFilter.behind(failed) : failed;
                }
            };
        }
        if (isConnectFailure(f)) {
            return new ProblemException(503, "Service Unavailable", who + " is not reachable at " + endpoint() + ".");
        }
        if (isTimeout(f)) {
            return RetryAfterFilter.behind(new ProblemException(504, "Gateway Timeout", who + " sent nothing for "
                    + config.idleTimeout().toSeconds() + " s."));
        }
        if (f instanceof IOException || f instanceof IllegalArgumentException) {
            return new ProblemException(502, "Bad Gateway", who + " sent a response that could not be read: " + f.getMessage());
        }
        Log.errorf(f, "provider call failed");
        return new ProblemException(502, "Bad Gateway", who + " could not be used: " + f.getClass().getSimpleName());
    }

    private static ProblemException questionRefused(String who, int status, String message) {
        return ProblemException.unprocessable(who + " could not take this question (HTTP " + status + ")" + message
                + "; ask it differently or more briefly.");
    }

    /** Whether a provider's 400 speaks of the question itself (its length, a content filter) rather than the request. */
    static boolean aboutTheQuestion(String message) {
        String m = message == null ? "" : message.toLowerCase(java.util.Locale.ROOT);
        return m.contains("context") || m.contains("token") || m.contains("too long") || m.contains("content_filter")
                || m.contains("content filter") || m.contains("content management policy");
    }

    private Turn parseTurn(String body) {
        try {
            JsonNode node = json.readTree(body);
            JsonNode choice = node.path("choices").path(0);
            if (choice.isMissingNode()) {
                throw new ProviderStatus(502, "the response has no choices", null);
            }
            JsonNode message = choice.path("message");
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode call : message.path("tool_calls")) {
                calls.add(new ToolCall(call.path("id").asText(), call.path("function").path("name").asText(),
                        call.path("function").path("arguments").asText("")));
            }
            return new Turn(message.path("content").isTextual() ? message.path("content").asText() : "", calls,
                    choice.path("finish_reason").asText(null),
                    message.path("refusal").isTextual() ? message.path("refusal").asText() : null, usage(node.path("usage")));
        } catch (IOException e) {
            throw new ProviderStatus(502, "the response is not JSON", null);
        }
    }

    static Answer.Usage usage(JsonNode usage) {
        if (usage == null || usage.isMissingNode() || usage.isNull()) {
            return Answer.Usage.NONE;
        }
        return new Answer.Usage(usage.path("prompt_tokens").asInt(), usage.path("completion_tokens").asInt(),
                usage.path("total_tokens").asInt());
    }

    /** Reassembles SSE lines from network chunks and a turn from its deltas. */
    static final class StreamState {
        /** Longest stream line accepted (an event far beyond any delta a provider sends): guards memory. */
        static final int MAX_LINE_BYTES = 4 * 1024 * 1024;
        /**
         * Bytes of a line not yet complete. Lines are split on bytes and only then decoded: a network chunk may end
         * inside a character's UTF-8 bytes ("€" is three), and decoding each chunk on its own would turn both halves
         * into U+FFFD. A newline byte never occurs inside a multi-byte character, so a complete line decodes whole.
         */
        private Buffer pending = Buffer.buffer();
        private final StringBuilder content = new StringBuilder();
        private final StringBuilder refusal = new StringBuilder();
        private final TreeMap<Integer, String[]> calls = new TreeMap<>();
        private String finishReason;
        private Answer.Usage usage = Answer.Usage.NONE;
        boolean finished;

        List<String> lines(Buffer chunk) {
            int scanned = pending.length();
            pending.appendBuffer(chunk);
            List<String> lines = new ArrayList<>();
            int start = 0;
            for (int i = scanned; i < pending.length(); i++) {
                if (pending.getByte(i) == '\n') {
                    lines.add(pending.getString(start, i, "UTF-8").replace("\r", ""));
                    start = i + 1;
                }
            }
            if (start > 0) {
                pending = pending.getBuffer(start, pending.length());
            }
            if (pending.length() > MAX_LINE_BYTES) {
                throw new ProviderStatus(502, "a stream line is longer than " + MAX_LINE_BYTES + " bytes", null);
            }
            return lines;
        }

        String flush() {
            String rest = pending.toString("UTF-8").strip();
            pending = Buffer.buffer();
            return rest;
        }

        List<Piece> accept(String line, ObjectMapper json) {
            if (!line.startsWith("data:") || finished) {
                return List.of();
            }
            String data = line.substring(5).strip();
            if (data.equals("[DONE]")) {
                finished = true;
                return List.of(new Piece.Done(turn()));
            }
            JsonNode node;
            try {
                node = json.readTree(data);
            } catch (IOException e) {
                throw new ProviderStatus(502, "a stream event is not JSON", null);
            }
            if (node.has("error")) {
                JsonNode error = node.path("error");
                throw new ProviderStatus(502, error.path("message").asText(error.asText()), null);
            }
            if (node.hasNonNull("usage")) {
                usage = usage(node.path("usage"));
            }
            List<Piece> out = new ArrayList<>();
            for (JsonNode choice : node.path("choices")) {
                JsonNode delta = choice.path("delta");
                if (delta.path("content").isTextual() && !delta.path("content").asText().isEmpty()) {
                    content.append(delta.path("content").asText());
                    out.add(new Piece.Text(delta.path("content").asText()));
                }
                if (delta.path("refusal").isTextual()) {
                    refusal.append(delta.path("refusal").asText());
                }
                for (JsonNode call : delta.path("tool_calls")) {
                    int index = call.path("index").asInt(calls.size());
                    String[] acc = calls.computeIfAbsent(index, i -> new String[] { "", "", "" });
                    if (call.path("id").isTextual()) {
                        acc[0] = call.path("id").asText();
                    }
                    if (call.path("function").path("name").isTextual()) {
                        acc[1] += call.path("function").path("name").asText();
                    }
                    if (call.path("function").path("arguments").isTextual()) {
                        acc[2] += call.path("function").path("arguments").asText();
                    }
                }
                if (choice.path("finish_reason").isTextual()) {
                    finishReason = choice.path("finish_reason").asText();
                }
            }
            return out;
        }

        Turn turn() {
            List<ToolCall> toolCalls = new ArrayList<>();
            calls.values().forEach(c -> toolCalls.add(new ToolCall(c[0], c[1], c[2])));
            return new Turn(content.toString(), toolCalls, finishReason, refusal.isEmpty() ? null : refusal.toString(), usage);
        }
    }

    /** The JSON array of tool calls as the assistant message must repeat them. */
    static ArrayNode toolCallsJson(ObjectMapper json, List<ToolCall> calls) {
        ArrayNode array = json.createArrayNode();
        for (ToolCall c : calls) {
            ObjectNode call = array.addObject();
            call.put("id", c.id());
            call.put("type", "function");
            call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
        }
        return array;
    }
}
