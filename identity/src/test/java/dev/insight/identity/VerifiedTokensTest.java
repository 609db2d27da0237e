package dev.insight.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final KeyPair GATEWAY = keys();
    private static final KeyPair STRANGER = keys();

    private final AtomicInteger verifications = new AtomicInteger();
    private final VerifiedTokens tokens = new VerifiedTokens(new DefaultJWTParser(context()) {
        @Override
        public JsonWebToken parse(String token) throws ParseException {
            verifications.incrementAndGet();
            return super.parse(token);
        }
    }, 100, Duration.ofMinutes(10));

    @Test
    void verifiesEachTokenOnce() throws Exception {
        String token = sign(GATEWAY, Instant.now().plusSeconds(300));
        JsonWebToken first = tokens.parse(token);
        JsonWebToken again = tokens.parse(token);
        assertThat(again).isSameAs(first);
        assertThat(again.getSubject()).isEqualTo("7d3f2c1e-0000-4000-8000-000000000001");
        assertThat(verifications).hasValue(1);
        tokens.parse(sign(GATEWAY, Instant.now().plusSeconds(301)));
        assertThat(verifications).hasValue(2);
    }

    @Test
    void neverCachesWhatFails() {
        String forged = sign(STRANGER, Instant.now().plusSeconds(300));
        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> tokens.parse(forged)).isInstanceOf(ParseException.class);
        assertThat(verifications).hasValue(2);
    }

    @Test
    void neverServesATokenPastItsExpiry() throws Exception {
        String token = sign(GATEWAY, Instant.now().plusSeconds(2));
        tokens.parse(token);
        Thread.sleep(2100);
        assertThatThrownBy(() -> tokens.parse(token)).isInstanceOf(ParseException.class);
    }

    @Test
    void aTamperedCopyIsAnotherString() throws Exception {
        String token = sign(GATEWAY, Instant.now().plusSeconds(300));
        tokens.parse(token);
        String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThatThrownBy(() -> tokens.parse(tampered)).isInstanceOf(ParseException.class);
    }

    private static String sign(KeyPair keys, Instant expiresAt) {
        return Jwt.issuer("insight-gateway").subject("7d3f2c1e-0000-4000-8000-000000000001").upn("ada")
                .expiresAt(expiresAt).sign(keys.getPrivate());
    }

    private static JWTAuthContextInfo context() {
        JWTAuthContextInfo info = new JWTAuthContextInfo(GATEWAY.getPublic(), "insight-gateway");
        info.setExpGracePeriodSecs(0);
        info.setClockSkew(0);
        return info;
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
