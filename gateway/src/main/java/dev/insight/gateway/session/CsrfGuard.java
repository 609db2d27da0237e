package dev.insight.gateway.session;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.support.problem.ProblemException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * CSRF protection for requests a browser could be tricked into sending with its cookie.
 * <ul>
 * <li>Cookie-authenticated requests that change state (anything but GET, HEAD, OPTIONS) must carry the
 * session's CSRF token in the {@code X-CSRF-Token} header. The token is handed to the console at login (body
 * and the readable {@code insight_csrf} cookie) and checked against the session in Redis, not against the
 * cookie, so a planted cookie does not help an attacker.</li>
 * <li>Bearer-authenticated requests need no token: a browser never adds that header by itself.</li>
 * <li>A request whose {@code Origin} is neither the gateway's own nor an allow-listed one is refused, which
 * also covers login and registration (login CSRF): {@link #acceptsOrigin} is asked by the edge filter, ahead of
 * every route, for every request.</li>
 * </ul>
 * SameSite=Strict on the session cookie is a third, independent layer.
 */
@ApplicationScoped
public class CsrfGuard {

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final String header;
    private final String cookieName;
    private final List<String> trustedOrigins;

    public CsrfGuard(GatewayConfig config) {
        this.header = config.session().csrfHeader();
        this.cookieName = config.session().csrfCookieName();
        this.trustedOrigins = config.web().trustedOrigins().orElse(List.of()).stream()
                .map(o -> o.strip().toLowerCase(Locale.ROOT)).filter(o -> !o.isEmpty()).toList();
    }

    /** Throws 403 when this request may have been forged. */
    public void check(RoutingContext rc, Caller caller) {
        HttpServerRequest request = rc.request();
        if (!caller.viaCookie() || SAFE.contains(request.method())) {
            return;
        }
        String presented = request.getHeader(header);
        String expected = caller.session().csrfToken();
        if (presented == null || expected == null || expected.isEmpty()
                || !MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(403, "Forbidden", "A request authenticated by the session cookie that changes "
                    + "something must carry the " + header + " header with the value of the " + cookieName + " cookie.");
        }
    }

    /** Whether a request without an Origin, or from the gateway's own or an allow-listed origin. */
    public boolean acceptsOrigin(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null) {
            return true;
        }
        String normalized = origin.strip().toLowerCase(Locale.ROOT);
        return normalized.equals(ownOrigin(request)) || trustedOrigins.contains(normalized);
    }

    static String ownOrigin(HttpServerRequest request) {
        HostAndPort authority = request.authority();
        if (authority == null) {
            return "";
        }
        String scheme = request.scheme() == null ? "http" : request.scheme().toLowerCase(Locale.ROOT);
        int port = authority.port();
        boolean defaultPort = port < 0 || "http".equals(scheme) && port == 80 || "https".equals(scheme) && port == 443;
        return scheme + "://" + authority.host().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
