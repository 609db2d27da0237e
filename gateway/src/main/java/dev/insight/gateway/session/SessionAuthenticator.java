package dev.insight.gateway.session;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.web.EdgeFilter;
import dev.insight.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Finds the session of a request: a bearer token (API clients) or the session cookie (the browser). A bearer
 * header, when present, is the only credential looked at, so a bad one never falls back to a cookie.
 */
@ApplicationScoped
public class SessionAuthenticator {

    private final SessionStore sessions;
    private final SessionCache cache;
    private final String cookieName;

    public SessionAuthenticator(SessionStore sessions, SessionCache cache, GatewayConfig config) {
        this.sessions = sessions;
        this.cache = cache;
        this.cookieName = config.session().cookieName();
    }

    public Uni<Caller> authenticate(RoutingContext rc) {
        HttpServerRequest request = rc.request();
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        String token;
        boolean viaCookie;
        if (authorization != null) {
            if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return Uni.createFrom().failure(unauthorized(
                        "The Authorization header must be 'Bearer <session token>' with the token from POST /api/auth/login."));
            }
            token = authorization.substring(7).strip();
            viaCookie = false;
        } else {
            Cookie cookie = request.getCookie(cookieName);
            if (cookie == null || cookie.getValue().isEmpty()) {
                return Uni.createFrom().failure(unauthorized(
                        "Log in first: send the session cookie or 'Authorization: Bearer <token>' from POST /api/auth/login."));
            }
            token = cookie.getValue();
            viaCookie = true;
        }
        if (!SessionTokens.wellFormed(token)) {
            return Uni.createFrom().failure(unauthorized("The session token is not one this gateway issued."));
        }
        Session copy = cache.get(SessionStore.keyOf(token));
        if (copy != null) {
            rc.put(EdgeFilter.USER, copy.userId().toString());
            return Uni.createFrom().item(new Caller(copy, viaCookie));
        }
        long revocations = cache.revocationsSeen();
        return sessions.touch(token).map(session -> {
            if (session == null) {
                throw unauthorized("The session has expired or was ended; log in again.");
            }
            cache.put(session, revocations);
            rc.put(EdgeFilter.USER, session.userId().toString());
            return new Caller(session, viaCookie);
        });
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail).withHeader("WWW-Authenticate", "Bearer realm=\"insight\"");
    }
}
