package dev.insight.gateway.routing;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.ratelimit.RateLimitDecision;
import dev.insight.gateway.ratelimit.RateLimiter;
import dev.insight.gateway.session.Caller;
import dev.insight.gateway.session.CsrfGuard;
import dev.insight.gateway.session.SessionAuthenticator;
import dev.insight.gateway.token.IdentityTokens;
import dev.insight.gateway.web.EdgeFilter;
import dev.insight.gateway.web.Problems;
import dev.insight.gateway.web.TraceContext;
import dev.insight.support.problem.ProblemException;
import dev.insight.support.web.RequestIdFilter;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.util.TypeLiteral;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * The reverse proxy: authenticates the caller, applies CSRF and rate limits, then streams the request to its
 * upstream with the gateway's JWT in place of the caller's credentials, and streams the answer back. Bodies are
 * never buffered: Vert.x http-proxy pipes them with back-pressure in both directions.
 */
@ApplicationScoped
public class ProxyHandler {

    private static final TypeLiteral<Uni<ProxyResponse>> RESPONSE = new TypeLiteral<>() {
    };
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS,
            HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.TRACE);
    /** Caller headers that never reach a service: its credentials, and forwarding claims it could forge. */
    private static final List<CharSequence> STRIPPED_REQUEST_HEADERS = List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.COOKIE,
            "Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port",
            "X-Forwarded-Prefix", "X-Real-IP", "Proxy-Connection", HttpHeaders.EXPECT);
    /**
     * Hop-by-hop headers (RFC 9110 7.6.1), cookies a service might try to plant on the gateway's origin, and the
     * service's Date: the answer carries the gateway's own, as behind nginx (http-proxy would otherwise parse the
     * service's date and format it again on every answer, a measurable share of the gateway's CPU).
     */
    private static final List<CharSequence> STRIPPED_RESPONSE_HEADERS = List.of(HttpHeaders.CONNECTION, HttpHeaders.KEEP_ALIVE,
            HttpHeaders.PROXY_AUTHENTICATE, "Proxy-Connection", "TE", "Trailer", HttpHeaders.UPGRADE, HttpHeaders.SET_COOKIE,
            HttpHeaders.DATE);

    private final RouteTable routes;
    private final SessionAuthenticator authenticator;
    private final CsrfGuard csrf;
    private final RateLimiter limiter;
    private final IdentityTokens tokens;
    private final Problems problems;
    private final Vertx vertx;
    private final GatewayConfig.Upstreams upstreamConfig;
    private final long breakerDelaySeconds;

    public ProxyHandler(RouteTable routes, SessionAuthenticator authenticator, CsrfGuard csrf, RateLimiter limiter,
            IdentityTokens tokens, Problems problems, Vertx vertx, GatewayConfig config) {
        this.routes = routes;
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.limiter = limiter;
        this.tokens = tokens;
        this.problems = problems;
        this.vertx = vertx;
        this.upstreamConfig = config.upstreams();
        this.breakerDelaySeconds = Math.max(1, (config.breaker().delay().toMillis() + 999) / 1000);
    }

    void register(@Observes Router router) {
        router.routeWithRegex(routes.pathRegex()).order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        // nothing of the body may be read before the upstream is ready for it
        request.pause();
        ProxyRoute route = routes.match(rc.normalizedPath()).orElse(null);
        if (route == null) {
            rc.next();
            return;
        }
        ProblemException invalid = checkRequest(request, route);
        if (invalid != null) {
            problems.send(rc, invalid);
            return;
        }
        authenticator.authenticate(rc)
                .invoke(caller -> csrf.check(rc, caller))
                .chain(caller -> route.rateLimited()
                        ? limiter.chat(caller.userId()).map(limit -> new Admitted(caller, limit))
                        : Uni.createFrom().item(new Admitted(caller, null)))
                .invoke(admitted -> {
                    if (admitted.limit() != null && !admitted.limit().allowed()) {
                        throw admitted.limit().tooManyRequests("chat requests");
                    }
                })
                .chain(admitted -> tokens.forSession(admitted.caller().session())
                        .map(jwt -> new Forward(admitted.caller(), admitted.limit(), jwt)))
                .subscribe().with(forward -> forward(rc, route, forward), failure -> refuse(rc, failure));
    }

    private ProblemException checkRequest(HttpServerRequest request, ProxyRoute route) {
        if (request.version() == HttpVersion.HTTP_1_0) {
            // Vert.x http-proxy would have to buffer whole streamed answers for an HTTP/1.0 client
            return new ProblemException(505, "HTTP Version Not Supported", "Use HTTP/1.1 or later for /api/ requests.");
        }
        String rawPath = request.path();
        if (rawPath == null || hasDotSegment(rawPath)) {
            return ProblemException.badRequest("The path must not contain '.' or '..' segments.");
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (length != null && encoding != null) {
            return ProblemException.badRequest("A request must not carry both Content-Length and Transfer-Encoding.");
        }
        if (encoding != null && !encoding.strip().equalsIgnoreCase("chunked")) {
            return new ProblemException(501, "Not Implemented", "Only chunked transfer encoding is supported.");
        }
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared < 0) {
                return ProblemException.badRequest("Content-Length must be a whole number of bytes.");
            }
            if (declared > route.maxBodyBytes()) {
                return tooLarge(route);
            }
        }
        return null;
    }

    private void forward(RoutingContext rc, ProxyRoute route, Forward forward) {
        HttpServerRequest request = rc.request();
        Upstream upstream = route.upstream();
        ProxyRequest proxyRequest = ProxyRequest.reverseProxy(request);
        MultiMap headers = proxyRequest.headers();
        STRIPPED_REQUEST_HEADERS.forEach(headers::remove);
        headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + forward.jwt());
        headers.set(RequestIdFilter.HEADER, rc.<String>get(EdgeFilter.REQUEST_ID));
        headers.set("traceparent", rc.<TraceContext>get(EdgeFilter.TRACE).traceparent());
        if (request.remoteAddress() != null) {
            headers.set("X-Forwarded-For", request.remoteAddress().hostAddress());
        }
        headers.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }

        if (request.version() == HttpVersion.HTTP_1_1 && !request.isEnded()
                && request.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
            // the caller waits for this before it sends its body (curl for a second, then sends anyway): everything
            // that could refuse the request (session, CSRF, rate limit, declared size) has passed
            request.response().writeContinue();
        }

        String encoding = request.getHeader(HttpHeaders.TRANSFER_ENCODING);
        if (encoding != null && !encoding.equals("chunked")) {
            // checked to be chunked (checkRequest), a token in any case and spacing; http-proxy recognises only the
            // lower-case word and would otherwise send the body unframed (dropped, with an error per chunk)
            request.headers().set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
            headers.set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
        }
        if (proxyRequest.getBody().length() < 0 && !request.isEnded() && request.version() == HttpVersion.HTTP_2) {
            // an HTTP/2 body of unknown length has no Transfer-Encoding header; http-proxy decides chunking from
            // that header, and HTTP/1.1 to the upstream needs chunks
            request.headers().set(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED);
        }
        Exchange exchange = new Exchange(vertx, route.timeout().toMillis(), !request.isEnded());
        // the caller gone before its answer ended: the request to the service goes too (a pooled connection is not
        // left waiting on a service that stopped reading, nor drained for nobody)
        rc.addEndHandler(ended -> {
            if (ended.failed()) {
                exchange.callerGone();
            }
        });
        MeteredBody body = new MeteredBody(request, route.maxBodyBytes(), exchange::requestSent);
        proxyRequest.setBody(Body.body(body, proxyRequest.getBody().length()));

        boolean idempotent = IDEMPOTENT.contains(request.method());
        RequestOptions options = upstream.request(request.method(), request.uri());
        upstream.guard().get(() -> Uni.createFrom().<ProxyResponse>emitter(emitter -> connect(upstream, options,
                idempotent ? upstreamConfig.connectRetries() : 0)
                .compose(clientRequest -> {
                    // failures reach us through the response future; this only keeps Vert.x from logging them as errors
                    clientRequest.exceptionHandler(e -> Log.debugf("request to %s ended: %s", upstream.name(), e.toString()));
                    exchange.connected(clientRequest);
                    // until the answer is relayed (which installs its own handlers), its failure — e.g. the reset
                    // that follows a caller hanging up — is ours to note, not Vert.x's to log as an error
                    clientRequest.response().onSuccess(answer -> answer.exceptionHandler(
                            e -> Log.debugf("the answer of %s ended early: %s", upstream.name(), e.toString())));
                    return proxyRequest.send(clientRequest);
                })
                .onComplete(ar -> {
                    if (ar.failed()) {
                        emitter.fail(classify(ar.cause(), exchange, body, rc, upstream, route));
                    } else if (isUnhealthy(ar.result())) {
                        emitter.fail(UpstreamFailure.unhealthy(ar.result()));
                    } else {
                        emitter.complete(ar.result());
                    }
                })), RESPONSE)
                .onFailure(f -> f instanceof UpstreamFailure u && u.kind() == UpstreamFailure.Kind.UNHEALTHY)
                .recoverWithItem(f -> ((UpstreamFailure) f).response())
                .subscribe().with(
                        response -> relay(rc, response, forward.limit()),
                        failure -> {
                            proxyRequest.release();
                            refuse(rc, failure, upstream, route);
                        });
    }

    /** Gets a connection; connection failures of idempotent requests are retried (no byte has been sent yet). */
    private Future<HttpClientRequest> connect(Upstream upstream, RequestOptions options, int retriesLeft) {
        return upstream.client().request(options).recover(failure -> {
            if (retriesLeft <= 0 || failure instanceof ConnectionPoolTooBusyException) {
                return Future.failedFuture(failure);
            }
            Promise<HttpClientRequest> retried = Promise.promise();
            vertx.setTimer(Math.max(1, upstreamConfig.retryDelay().toMillis()),
                    id -> connect(upstream, options, retriesLeft - 1).onComplete(retried));
            return retried.future();
        });
    }

    private void relay(RoutingContext rc, ProxyResponse response, RateLimitDecision limit) {
        MultiMap headers = response.headers();
        STRIPPED_RESPONSE_HEADERS.forEach(headers::remove);
        if (limit != null) {
            limit.headers().forEach(headers::set);
        }
        if (rc.response().closed()) {
            // the caller went away while the upstream answered: nothing to relay to
            response.release();
            return;
        }
        try {
            response.send().onFailure(e -> Log.debugf("relaying the answer to %s failed: %s", rc.normalizedPath(), e.toString()));
        } catch (IllegalStateException e) {
            // the upstream connection was torn down between its answer and the relay (typically because the caller
            // closed its connection and the forwarded request was reset with it): not an error of the gateway
            Log.debugf("the answer of %s could not be relayed any more: %s", rc.normalizedPath(), e.toString());
            response.release();
            if (!rc.response().ended()) {
                rc.response().reset();
            }
        }
    }

    private Throwable classify(Throwable failure, Exchange exchange, MeteredBody body, RoutingContext rc,
            Upstream upstream, ProxyRoute route) {
        if (failure instanceof UpstreamFailure) {
            return failure;
        }
        if (body.exceeded()) {
            return new UpstreamFailure(UpstreamFailure.Kind.BODY_TOO_LARGE, "body over the limit", failure);
        }
        if (rc.response().closed()) {
            return new UpstreamFailure(UpstreamFailure.Kind.CLIENT_GONE, "the caller went away", failure);
        }
        if (!exchange.connected) {
            if (failure instanceof ConnectionPoolTooBusyException) {
                return new UpstreamFailure(UpstreamFailure.Kind.BUSY, "too many requests waiting for " + upstream.name(), failure);
            }
            return new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE, upstream.name() + " is not reachable", failure);
        }
        if (isTimeout(failure)) {
            return new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, upstream.name() + " did not answer within "
                    + route.timeout().toSeconds() + " s", failure);
        }
        return new UpstreamFailure(UpstreamFailure.Kind.BROKEN, upstream.name() + " closed the connection before answering",
                failure);
    }

    private void refuse(RoutingContext rc, Throwable failure) {
        refuse(rc, failure, null, null);
    }

    private void refuse(RoutingContext rc, Throwable failure, Upstream upstream, ProxyRoute route) {
        if (failure instanceof ProblemException problem) {
            problems.send(rc, problem);
            return;
        }
        String service = upstream == null ? "the service" : upstream.name();
        if (failure instanceof CircuitBreakerOpenException) {
            problems.send(rc, 503, "Service Unavailable", service + " has been failing; the gateway is not sending it "
                    + "requests for a few seconds. Retry shortly.", Map.of("Retry-After", Long.toString(breakerDelaySeconds)));
            return;
        }
        if (failure instanceof UpstreamFailure f) {
            switch (f.kind()) {
                case UNREACHABLE -> problems.send(rc, 502, "Bad Gateway", service + " is not reachable right now.",
                        Map.of("Retry-After", "5"));
                case BUSY -> problems.send(rc, 503, "Service Unavailable", "Too many requests are waiting for " + service
                        + "; retry shortly.", Map.of("Retry-After", "1"));
                case TIMEOUT -> problems.send(rc, 504, "Gateway Timeout", service + " did not answer within "
                        + route.timeout().toSeconds() + " s.", Map.of());
                case BROKEN -> problems.send(rc, 502, "Bad Gateway", service + " closed the connection before answering.",
                        Map.of());
                case BODY_TOO_LARGE -> problems.send(rc, tooLarge(route));
                case CLIENT_GONE -> rc.response().reset();
                default -> problems.send(rc, 502, "Bad Gateway", service + " failed.", Map.of());
            }
            return;
        }
        Log.errorf(failure, "unexpected failure forwarding %s %s", rc.request().method(), rc.normalizedPath());
        problems.send(rc, 500, "Internal Server Error",
                "Something went wrong on our side; quote the request id when reporting it.", Map.of());
    }

    private static ProblemException tooLarge(ProxyRoute route) {
        return new ProblemException(413, "Content Too Large", "The request body exceeds the " + route.maxBodyBytes()
                + " bytes accepted on " + route.prefix() + ".");
    }

    /** See {@link UpstreamFailure#isUnhealthy(int, String)}. */
    private static boolean isUnhealthy(ProxyResponse response) {
        return UpstreamFailure.isUnhealthy(response.getStatusCode(), response.headers().get("Retry-After"));
    }

    private static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t.getClass().getName().endsWith("TimeoutException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static boolean hasDotSegment(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (String segment : lower.split("/", -1)) {
            String s = segment.replace("%2e", ".");
            if (s.equals(".") || s.equals("..")) {
                return true;
            }
        }
        return lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\");
    }

    /** State of one forwarded request, touched only on its event loop. */
    /**
     * One forwarded request's state, on its event loop. While the caller's body is still being sent, no idle timeout
     * applies (a slow caller is not the service's fault) — but a service that stops reading it does not hold the
     * exchange forever either: a body stuck behind the service's full write queue for the route's timeout resets
     * the request (a 504 for the caller). Once the whole request is sent, the route's timeout applies as an idle
     * timeout.
     */
    private static final class Exchange {
        private final Vertx vertx;
        private final long timeoutMillis;
        private final boolean hasBody;
        private boolean connected;
        private boolean sent;
        private HttpClientRequest clientRequest;
        private long watchdog = -1;
        private long stuckSince = -1;

        Exchange(Vertx vertx, long timeoutMillis, boolean hasBody) {
            this.vertx = vertx;
            this.timeoutMillis = timeoutMillis;
            this.hasBody = hasBody;
        }

        void connected(HttpClientRequest request) {
            connected = true;
            clientRequest = request;
            if (sent) {
                request.idleTimeout(timeoutMillis);
            } else if (hasBody) {
                watchdog = vertx.setPeriodic(Math.max(250, timeoutMillis / 10), id -> checkProgress());
            }
        }

        void requestSent() {
            sent = true;
            stopWatching();
            if (clientRequest != null) {
                // from here on, the upstream has the whole request: the route's timeout applies
                clientRequest.idleTimeout(timeoutMillis);
            }
        }

        void callerGone() {
            stopWatching();
            if (clientRequest != null) {
                clientRequest.reset();
            }
        }

        private void checkProgress() {
            if (!clientRequest.writeQueueFull()) {
                stuckSince = -1;
                return;
            }
            long now = System.nanoTime();
            if (stuckSince < 0) {
                stuckSince = now;
            } else if (now - stuckSince >= timeoutMillis * 1_000_000) {
                stopWatching();
                clientRequest.reset(0, new TimeoutException("the service stopped reading the request body"));
            }
        }

        private void stopWatching() {
            if (watchdog != -1) {
                vertx.cancelTimer(watchdog);
                watchdog = -1;
            }
        }
    }

    private record Admitted(Caller caller, RateLimitDecision limit) {
    }

    private record Forward(Caller caller, RateLimitDecision limit, String jwt) {
    }
}
