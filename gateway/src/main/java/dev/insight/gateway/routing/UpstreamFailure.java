package dev.insight.gateway.routing;

import io.vertx.httpproxy.ProxyResponse;

/** Why a forwarded request did not get an answer worth relaying; only some kinds count against the upstream. */
public final class UpstreamFailure extends RuntimeException {

    public enum Kind {
        /** No connection could be made (refused, connect timeout, unknown host), retries included. */
        UNREACHABLE(true),
        /** Connected, but no response (or no next body chunk) within the route's timeout. */
        TIMEOUT(true),
        /** The connection broke before the response headers arrived. */
        BROKEN(true),
        /** The upstream answered 502, 503 or 504 without Retry-After: it says itself that it cannot serve. */
        UNHEALTHY(true),
        /** The gateway's own connection pool has too many waiters: the gateway is saturated, not the upstream. */
        BUSY(false),
        /** The caller sent more than the route accepts (chunked bodies are counted as they stream). */
        BODY_TOO_LARGE(false),
        /** The caller went away; nothing to answer and nothing the upstream did wrong. */
        CLIENT_GONE(false);

        final boolean countsAgainstUpstream;

        Kind(boolean countsAgainstUpstream) {
            this.countsAgainstUpstream = countsAgainstUpstream;
        }
    }

    private final Kind kind;
    private final transient ProxyResponse response;

    public UpstreamFailure(Kind kind, String message, Throwable cause) {
        this(kind, message, cause, null);
    }

    private UpstreamFailure(Kind kind, String message, Throwable cause, ProxyResponse response) {
        super(message, cause, false, false);
        this.kind = kind;
        this.response = response;
    }

    static UpstreamFailure unhealthy(ProxyResponse response) {
        return new UpstreamFailure(Kind.UNHEALTHY, "answered " + response.getStatusCode(), null, response);
    }

    /** For the gateway's own calls to an upstream (not relayed): its answer said it cannot serve. */
    public static UpstreamFailure unhealthy(String upstream, int status) {
        return new UpstreamFailure(Kind.UNHEALTHY, upstream + " answered " + status, null, null);
    }

    /**
     * Whether an upstream's own answer says it cannot serve: 502, 503 or 504 without Retry-After. One with
     * Retry-After is the upstream speaking for itself and saying when to come back — load shedding, a store of its
     * own that is down, a service behind it that failed or was slow (chat-service's AI provider) — and counting it
     * would let a moment of shedding, or one slow provider, open the breaker and refuse everything, including what
     * the upstream could answer (a cached answer) at once.
     */
    public static boolean isUnhealthy(int status, String retryAfter) {
        return (status == 502 || status == 503 || status == 504) && retryAfter == null;
    }

    public Kind kind() {
        return kind;
    }

    /** For UNHEALTHY: the upstream's own answer, still relayed to the caller. */
    public ProxyResponse response() {
        return response;
    }

    /** What the circuit breaker counts as a failure of the upstream. */
    public static boolean countsAgainstUpstream(Throwable t) {
        return t instanceof UpstreamFailure f && f.kind.countsAgainstUpstream;
    }
}
