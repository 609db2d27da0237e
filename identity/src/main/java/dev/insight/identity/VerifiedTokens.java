package dev.insight.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies each distinct token once. The gateway reuses a session's token for minutes, so the same bearer
 * string arrives on every request of a session; checking its RSA signature and claims again each time was
 * about a third of a service's CPU per request. A cached result is only reused for the exact same string
 * (signature included) and never past the token's own expiry; anything new goes to smallrye-jwt's parser.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokens implements JWTParser {

    private final JWTParser verifier;
    private final Cache<String, JsonWebToken> verified;

    @Inject
    public VerifiedTokens(DefaultJWTParser verifier,
            @ConfigProperty(name = "insight.identity.verified-token-cache-size", defaultValue = "10000") long size) {
        this(verifier, size, Duration.ofMinutes(10));
    }

    VerifiedTokens(JWTParser verifier, long size, Duration keep) {
        this.verifier = verifier;
        this.verified = Caffeine.newBuilder().maximumSize(size).expireAfterWrite(keep).build();
    }

    @Override
    public JsonWebToken parse(String bearerToken) throws ParseException {
        JsonWebToken known = verified.getIfPresent(bearerToken);
        if (known != null) {
            if (stillValid(known)) {
                return known;
            }
            verified.invalidate(bearerToken);
        }
        JsonWebToken token = verifier.parse(bearerToken);
        verified.put(bearerToken, token);
        return token;
    }

    private static boolean stillValid(JsonWebToken token) {
        return token.getExpirationTime() > System.currentTimeMillis() / 1000;
    }

    @Override
    public JsonWebToken parse(String bearerToken, JWTAuthContextInfo authContextInfo) throws ParseException {
        return verifier.parse(bearerToken, authContextInfo);
    }

    @Override
    public JsonWebToken verify(String bearerToken, PublicKey key) throws ParseException {
        return verifier.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, SecretKey key) throws ParseException {
        return verifier.verify(bearerToken, key);
    }

    @Override
    public JsonWebToken verify(String bearerToken, String secret) throws ParseException {
        return verifier.verify(bearerToken, secret);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, PrivateKey key) throws ParseException {
        return verifier.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, SecretKey key) throws ParseException {
        return verifier.decrypt(bearerToken, key);
    }

    @Override
    public JsonWebToken decrypt(String bearerToken, String secret) throws ParseException {
        return verifier.decrypt(bearerToken, secret);
    }

    @Override
    public JsonWebToken parseOnly(String bearerToken) throws ParseException {
        return verifier.parseOnly(bearerToken);
    }
}
