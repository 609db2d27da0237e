package dev.insight.gateway.web;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.routing.ProxyRoute;
import dev.insight.gateway.routing.RouteTable;
import dev.insight.gateway.session.CsrfGuard;
import dev.insight.support.web.RequestIdFilter;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.MDC;

/**
 * What every request gets, whichever part of the gateway answers it, registered ahead of CORS and every route:
 * a request id (the caller's when it is safe, a new one otherwise; echoed in X-Request-Id), a W3C trace context,
 * security headers on the response, the refusal of foreign origins (as problem+json, ahead of CORS), the body
 * limit of the auth endpoints, and one access-log line at the end.
 */
@ApplicationScoped
public class EdgeFilter {

    public static final String START = "gw.start";
    public static final String REQUEST_ID = "gw.requestId";
    public static final String TRACE = "gw.trace";
    public static final String ROUTE = "gw.route";
    public static final String USER = "gw.user";

    /** Runs before Quarkus' CORS filter (300), so that even its refusals carry the request id and headers. */
    static final int PRIORITY = 1000;

    private final RouteTable routes;
    private final AccessLog accessLog;
    private final Problems problems;
    private final CsrfGuard csrf;
    private final GatewayConfig.Web web;
    private final long authMaxBody;
    /** What CORS allows (quarkus.http.cors.methods), upper case; empty when any method is. */
    private final Set<String> corsMethods;

    public EdgeFilter(RouteTable routes, AccessLog accessLog, Problems problems, CsrfGuard csrf, GatewayConfig config,
            @ConfigProperty(name = "quarkus.http.cors.methods") Optional<List<String>> corsMethods) {
        this.routes = routes;
        this.corsMethods = corsMethods.orElse(List.of()).stream().map(m -> m.strip().toUpperCase(Locale.ROOT))
                .filter(m -> !m.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.csrf = csrf;
        this.accessLog = accessLog;
        this.problems = problems;
        this.web = config.web();
        this.authMaxBody = config.accounts().maxBodyBytes();
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext rc) {
        if (rc.get(START) != null) {
            // rerouted internally (web dependency locator): already counted and decorated
            rc.next();
            return;
        }
        long start = System.nanoTime();
        rc.put(START, start);
        HttpServerRequest request = rc.request();
        String id = request.getHeader(RequestIdFilter.HEADER);
        if (!RequestIdFilter.isAcceptable(id)) {
            id = newRequestId();
            // JAX-RS' RequestIdFilter and the proxy read it from here, so the whole request shares one id
            request.headers().set(RequestIdFilter.HEADER, id);
        }
        rc.put(REQUEST_ID, id);
        MDC.put("requestId", id);
        TraceContext trace = TraceContext.continueOrStart(request.getHeader("traceparent"));
        rc.put(TRACE, trace);
        String path = rc.normalizedPath();
        String route = routeName(path);
        rc.put(ROUTE, route);
        String requestId = id;
        boolean secure = "https".equalsIgnoreCase(request.scheme());
        rc.addHeadersEndHandler(v -> decorate(rc.response().headers(), requestId, secure, route));
        rc.addEndHandler(result -> accessLog.record(requestId, trace.traceId(), rc.get(USER, "-"), rc.get(ROUTE, route),
                // 0: no answer was sent (the caller left, or the connection broke) — not the 200 Vert.x presets
                request.method().name(), path,
                result.succeeded() && rc.response().headWritten() ? rc.response().getStatusCode() : 0,
                (System.nanoTime() - start) / 1e6, rc.response().bytesWritten()));
        if (!csrf.acceptsOrigin(request)) {
            // Quarkus' CORS filter (next in line) would refuse it with an empty 403; the same refusal, as problem+json
            rc.response().headers().add(HttpHeaders.VARY, "Origin");
            problems.send(rc, 403, "Forbidden", "Cross-origin requests from " + request.getHeader(HttpHeaders.ORIGIN)
                    + " are not accepted: it is neither this site's origin nor one allowed for CORS.", Map.of());
            return;
        }
        String preflightMethod = preflightMethod(request);
        if (preflightMethod != null && !corsMethods.isEmpty() && !corsMethods.contains("*")
                && !corsMethods.contains(preflightMethod)) {
            // Quarkus' CORS filter would refuse it with an empty 403 as well
            rc.response().headers().add(HttpHeaders.VARY, "Origin");
            problems.send(rc, 403, "Forbidden", "Cross-origin " + preflightMethod + " requests are not accepted; the methods "
                    + "allowed are " + String.join(", ", corsMethods.stream().sorted().toList()) + ".", Map.of());
            return;
        }
        if (route.equals("auth") && !bodyWithinLimit(rc)) {
            return;
        }
        rc.next();
    }

    /** The method a CORS preflight asks about, or null when this is not one. */
    private static String preflightMethod(HttpServerRequest request) {
        if (!request.method().name().equals("OPTIONS") || request.getHeader(HttpHeaders.ORIGIN) == null) {
            return null;
        }
        String asked = request.getHeader(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        return asked == null ? null : asked.strip();
    }

    /** A random (version 4) UUID; request ids are not secrets, so a fast generator does instead of SecureRandom. */
    static String newRequestId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    private void decorate(MultiMap headers, String requestId, boolean secure, String route) {
        headers.set(RequestIdFilter.HEADER, requestId);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", web.referrerPolicy());
        headers.set("X-Frame-Options", "DENY");
        headers.set("Content-Security-Policy", web.contentSecurityPolicy());
        if (secure) {
            headers.set("Strict-Transport-Security", web.strictTransportSecurity());
        }
        if (route.equals("auth")) {
            // tokens and personal data: never kept by a browser or a shared cache
            headers.set(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }

    /**
     * The auth endpoints read small JSON bodies into memory: a declared length past the limit is refused at
     * once, and a body without a declared length is refused rather than read without bound.
     */
    private boolean bodyWithinLimit(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            long declared;
            try {
                declared = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                declared = -1;
            }
            if (declared < 0) {
                problems.send(rc, 400, "Bad Request", "Content-Length must be a whole number of bytes.", Map.of());
                return false;
            }
            if (declared > authMaxBody) {
                problems.send(rc, 413, "Content Too Large", "The body is " + declared + " bytes; this endpoint accepts at most "
                        + authMaxBody + ".", Map.of());
                return false;
            }
        } else if (request.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            problems.send(rc, 411, "Length Required", "Send the body with a Content-Length header.", Map.of());
            return false;
        }
        return true;
    }

    private String routeName(String path) {
        if (path == null) {
            return "unknown";
        }
        if (path.startsWith("/api/auth/") || path.equals("/api/auth")) {
            return "auth";
        }
        if (path.equals("/api/status")) {
            return "status";
        }
        if (path.startsWith("/api/") || path.equals("/api")) {
            return routes.match(path).map(ProxyRoute::name).orElse("api");
        }
        if (path.startsWith("/q/")) {
            return "operations";
        }
        return "console";
    }
}
