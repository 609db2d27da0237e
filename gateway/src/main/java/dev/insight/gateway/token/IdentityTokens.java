package dev.insight.gateway.token;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.session.Session;
import dev.insight.gateway.session.SessionStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The identity the services trust: a short-lived RS256 JWT ({@code iss} insight-gateway, {@code sub} the
 * user's UUID, {@code upn} the username). Each session reuses its token until shortly before it expires, so
 * the gateway signs once every few minutes per session rather than once per request.
 */
@Startup
@ApplicationScoped
public class IdentityTokens {

    private final PrivateKey key;
    private final String issuer;
    private final Duration lifetime;
    private final long renewBeforeMillis;
    private final SessionStore sessions;

    public IdentityTokens(GatewayConfig config, SessionStore sessions) {
        // loaded at start-up: a missing or wrong key stops the gateway at once instead of failing every request
        this.key = SigningKey.read(config.jwt().privateKey());
        this.issuer = config.jwt().issuer();
        this.lifetime = config.jwt().lifetime();
        this.renewBeforeMillis = config.jwt().renewBefore().toMillis();
        this.sessions = sessions;
        if (lifetime.compareTo(Duration.ofMinutes(5)) > 0 || lifetime.toMillis() <= renewBeforeMillis) {
            throw new IllegalStateException("gateway.jwt.lifetime must be at most 5 minutes and longer than gateway.jwt.renew-before");
        }
    }

    /** A fresh token for a user (also used for calls the gateway makes on a user's behalf). */
    public Minted mint(UUID userId, String username) {
        Instant now = Instant.now();
        Instant expires = now.plus(lifetime);
        // RS256 with a 2048-bit key costs about a millisecond of CPU; rare enough (per session, per few minutes)
        // to run on the event loop
        String token = Jwt.issuer(issuer)
                .subject(userId.toString())
                .upn(username)
                .issuedAt(now)
                .expiresAt(expires)
                .claim("jti", UUID.randomUUID().toString())
                .jws().algorithm(SignatureAlgorithm.RS256)
                .sign(key);
        return new Minted(token, expires.toEpochMilli());
    }

    /** The session's cached token while it has more than renew-before left, a newly minted one otherwise. */
    public Uni<String> forSession(Session session) {
        if (session.jwt() != null && session.jwtExpiresAt() - System.currentTimeMillis() > renewBeforeMillis) {
            return Uni.createFrom().item(session.jwt());
        }
        Minted minted = mint(session.userId(), session.username());
        // caching is an optimisation: a failure to store only means the next request signs again
        return sessions.storeJwt(session, minted.token(), minted.expiresAtMillis())
                .onFailure().invoke(e -> Log.debugf("could not cache the identity token: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWith(minted.token());
    }

    public record Minted(String token, long expiresAtMillis) {
    }
}
