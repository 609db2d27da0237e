package dev.insight.gateway.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SessionTokensTest {

    @Test
    void issuedTokensAreWellFormedAndDistinct() {
        String a = SessionTokens.newToken();
        String b = SessionTokens.newToken();
        assertThat(a).hasSize(43).isNotEqualTo(b);
        assertThat(SessionTokens.wellFormed(a)).isTrue();
        assertThat(SessionTokens.wellFormed("AZaz09-_" + "x".repeat(35))).isTrue();
    }

    @Test
    void anythingElseIsRefusedWithoutALookup() {
        String token = SessionTokens.newToken();
        assertThat(SessionTokens.wellFormed(null)).isFalse();
        assertThat(SessionTokens.wellFormed("")).isFalse();
        assertThat(SessionTokens.wellFormed(token.substring(1))).isFalse();
        assertThat(SessionTokens.wellFormed(token + "A")).isFalse();
        // standard base64, padding, spaces, non-ASCII letters and control characters are not base64url
        for (String odd : new String[] {"+", "/", "=", " ", "é", "\u0000", "."}) {
            assertThat(SessionTokens.wellFormed(odd + token.substring(1))).as(odd).isFalse();
            assertThat(SessionTokens.wellFormed(token.substring(0, 42) + odd)).as(odd).isFalse();
        }
    }

    @Test
    void theStoreKeepsOnlyADigest() {
        String token = SessionTokens.newToken();
        assertThat(SessionTokens.digest(token)).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(SessionTokens.digest(token))
                .isNotEqualTo(SessionTokens.digest(SessionTokens.newToken()));
    }
}
