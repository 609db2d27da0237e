package dev.insight.identity.testing;

import io.smallrye.jwt.build.Jwt;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.UUID;

/** JWTs as the gateway mints them, and the broken ones the service must refuse. */
public final class Tokens {

    private Tokens() {
    }

    public static String forUser(UUID user) {
        return sign(user.toString(), "insight-gateway", Instant.now().plusSeconds(300), TestKeys.GATEWAY.getPrivate());
    }

    public static String expired(UUID user) {
        return Jwt.issuer("insight-gateway").subject(user.toString()).upn("user-" + user)
                .issuedAt(Instant.now().minusSeconds(900)).expiresAt(Instant.now().minusSeconds(600))
                .sign(TestKeys.GATEWAY.getPrivate());
    }

    /** Signed properly, but meant to live a week: longer than any service accepts (smallrye.jwt.time-to-live). */
    public static String longLived(UUID user) {
        return Jwt.issuer("insight-gateway").subject(user.toString()).upn("user-" + user)
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(7 * 24 * 3600))
                .sign(TestKeys.GATEWAY.getPrivate());
    }

    public static String signedByStranger(UUID user) {
        return sign(user.toString(), "insight-gateway", Instant.now().plusSeconds(300), TestKeys.STRANGER.getPrivate());
    }

    public static String wrongIssuer(UUID user) {
        return sign(user.toString(), "someone-else", Instant.now().plusSeconds(300), TestKeys.GATEWAY.getPrivate());
    }

    public static String subjectNotAUuid() {
        return sign("alice", "insight-gateway", Instant.now().plusSeconds(300), TestKeys.GATEWAY.getPrivate());
    }

    private static String sign(String subject, String issuer, Instant expiresAt, PrivateKey key) {
        return Jwt.issuer(issuer).subject(subject).upn("user-" + subject).expiresAt(expiresAt).sign(key);
    }
}
