package dev.insight.gateway.account;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.privacy.AccountErasure;
import dev.insight.gateway.privacy.ErasureView;
import dev.insight.gateway.ratelimit.RateLimitDecision;
import dev.insight.gateway.ratelimit.RateLimiter;
import dev.insight.gateway.session.Caller;
import dev.insight.gateway.session.CsrfGuard;
import dev.insight.gateway.session.SessionAuthenticator;
import dev.insight.gateway.session.SessionStore;
import dev.insight.gateway.web.EdgeFilter;
import dev.insight.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Accounts and sessions: register, log in and out, who am I, forget me. */
@Path("/api/auth")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Auth")
public class AuthResource {

    private static final String PER_ADDRESS = "logins and registrations from your address";

    private final AccountService accounts;
    private final CredentialRules rules;
    private final SessionStore sessions;
    private final SessionAuthenticator authenticator;
    private final CsrfGuard csrf;
    private final RateLimiter limiter;
    private final AccountErasure erasure;
    private final GatewayConfig.Session config;

    public AuthResource(AccountService accounts, CredentialRules rules, SessionStore sessions,
            SessionAuthenticator authenticator, CsrfGuard csrf, RateLimiter limiter, AccountErasure erasure,
            GatewayConfig config) {
        this.accounts = accounts;
        this.rules = rules;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.csrf = csrf;
        this.limiter = limiter;
        this.erasure = erasure;
        this.config = config.session();
    }

    /**
     * 201 with the new account; 400 naming every broken rule; 409 when the name is taken (in any case); 429 past
     * the logins and registrations allowed per address.
     */
    @POST
    @Path("/register")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<UserView>> register(Credentials body, RoutingContext rc) {
        return limiter.addressAuth(clientAddress(rc))
                // without Redis, registration still works unmetered (only login needs the session store); the
                // hashing pool keeps its own bound
                .onFailure().recoverWithNull()
                .chain(limit -> {
                    if (limit != null && !limit.allowed()) {
                        return Uni.createFrom().failure(limit.tooManyRequests(PER_ADDRESS));
                    }
                    return Uni.createFrom().deferred(() -> accounts.register(body))
                            // a 400 or 409 counted against the budget too, and says so
                            .onFailure(ProblemException.class).invoke(e -> {
                                if (limit != null) {
                                    limit.headers().forEach(((ProblemException) e)::withHeader);
                                }
                            })
                            .map(a -> {
                                var response = RestResponse.ResponseBuilder.<UserView>created(URI.create("/api/auth/me"))
                                        .entity(new UserView(a.id, a.username));
                                if (limit != null) {
                                    addHeaders(response, limit);
                                }
                                return response.build();
                            });
                });
    }

    /**
     * 200 with a session token (also set as an HttpOnly SameSite=Strict cookie, Secure over TLS) and the CSRF
     * token; 401 for a wrong username or password alike; 429 past the attempts allowed per address and name, or
     * past the logins and registrations allowed per address.
     */
    @POST
    @Path("/login")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<LoginView>> login(Credentials body, RoutingContext rc) {
        rules.checkLogin(body);
        String client = clientAddress(rc);
        return limiter.addressAuth(client).chain(perAddress -> {
            if (!perAddress.allowed()) {
                return Uni.createFrom().failure(perAddress.tooManyRequests(PER_ADDRESS));
            }
            return limiter.login(client, body.username()).chain(perName -> {
                if (!perName.allowed()) {
                    return Uni.createFrom().failure(perName.tooManyRequests("login attempts for this username from your address"));
                }
                return authenticate(body, rc, RateLimitDecision.tighter(perName, perAddress));
            });
        });
    }

    private Uni<RestResponse<LoginView>> authenticate(Credentials body, RoutingContext rc, RateLimitDecision limit) {
        return accounts.authenticate(body.username(), body.password())
                .chain(account -> {
                    if (account == null) {
                        ProblemException wrong = SessionAuthenticator.unauthorized("Wrong username or password.");
                        limit.headers().forEach(wrong::withHeader);
                        return Uni.createFrom().failure(wrong);
                    }
                    return sessions.create(account.id, account.username);
                })
                .map(created -> {
                    rc.put(EdgeFilter.USER, created.session().userId().toString());
                    boolean secure = isSecure(rc);
                    var response = RestResponse.ResponseBuilder.ok(new LoginView(created.token(),
                            created.session().expiresAt(),
                            new UserView(created.session().userId(), created.session().username()),
                            created.session().csrfToken()))
                            .cookie(sessionCookie(created.token(), secure), csrfCookie(created.session().csrfToken(), secure));
                    addHeaders(response, limit);
                    return response.build();
                });
    }

    /**
     * Ends the current session at once (all of the caller's sessions with ?all=true). Idempotent: without a live
     * session (none sent, unknown, expired or already ended) there is nothing to end and the answer is the same
     * 204, which also expires the browser's cookies. A live session still needs the CSRF rules met.
     */
    @POST
    @Path("/logout")
    public Uni<RestResponse<Void>> logout(@RestQuery String all, RoutingContext rc) {
        boolean everywhere = flag("all", all);
        return authenticator.authenticate(rc)
                .onFailure(AuthResource::noLiveSession).recoverWithNull()
                .chain(caller -> {
                    if (caller == null) {
                        return Uni.createFrom().voidItem();
                    }
                    csrf.check(rc, caller);
                    return everywhere ? sessions.revokeAll(caller.userId()).replaceWithVoid() : sessions.revoke(caller.session());
                })
                .map(v -> RestResponse.ResponseBuilder.<Void>noContent()
                        .cookie(expired(config.cookieName(), true, isSecure(rc)), expired(config.csrfCookieName(), false, isSecure(rc)))
                        .build());
    }

    /** The authenticator's 401 (no credential, or one that names no live session); a store failure is not one. */
    private static boolean noLiveSession(Throwable failure) {
        return failure instanceof ProblemException problem && problem.status() == 401;
    }

    @GET
    @Path("/me")
    public Uni<UserView> me(RoutingContext rc) {
        return authenticator.authenticate(rc).map(caller -> new UserView(caller.userId(), caller.username()));
    }

    /**
     * Deletes the account and all its sessions, and asks every service to delete the user's data: 204 when all
     * confirmed, 202 listing those that will be retried until they do.
     */
    @DELETE
    @Path("/me")
    public Uni<RestResponse<ErasureView>> forget(RoutingContext rc) {
        return authenticator.authenticate(rc)
                .invoke(caller -> csrf.check(rc, caller))
                .chain((Caller caller) -> erasure.forget(caller.userId(), caller.username()))
                .map(pending -> {
                    var builder = pending.isEmpty()
                            ? RestResponse.ResponseBuilder.<ErasureView>noContent()
                            : RestResponse.ResponseBuilder.<ErasureView>accepted().entity(new ErasureView("pending", pending,
                                    "The account is deleted. " + String.join(", ", pending) + " could not delete your data yet; "
                                            + "the gateway keeps asking until it has."));
                    return builder.cookie(expired(config.cookieName(), true, isSecure(rc)),
                            expired(config.csrfCookieName(), false, isSecure(rc))).build();
                });
    }

    private NewCookie sessionCookie(String token, boolean secure) {
        // a browser-session cookie: the session itself ends by the server's idle and absolute limits
        return new NewCookie.Builder(config.cookieName()).value(token).path("/").httpOnly(true).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    private NewCookie csrfCookie(String value, boolean secure) {
        // readable by the console's scripts on purpose: they echo it in the X-CSRF-Token header
        return new NewCookie.Builder(config.csrfCookieName()).value(value).path("/").httpOnly(false).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    private static NewCookie expired(String name, boolean httpOnly, boolean secure) {
        return new NewCookie.Builder(name).value("").path("/").maxAge(0).httpOnly(httpOnly).secure(secure)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** The client's address: the direct peer, or what a trusted proxy says it is (quarkus.http.proxy.*). */
    private static String clientAddress(RoutingContext rc) {
        return rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
    }

    /** TLS at the gateway, or at the ingress/nginx that says so in X-Forwarded-Proto (quarkus.http.proxy.*). */
    static boolean isSecure(RoutingContext rc) {
        return "https".equalsIgnoreCase(rc.request().scheme());
    }

    private static void addHeaders(RestResponse.ResponseBuilder<?> builder, RateLimitDecision limit) {
        limit.headers().forEach(builder::header);
    }

    private static boolean flag(String name, String value) {
        if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ProblemException.invalidField(name, "must be true or false");
    }
}
