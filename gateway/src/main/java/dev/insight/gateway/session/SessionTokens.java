package dev.insight.gateway.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque session tokens: 256 random bits, base64url. Redis stores only their SHA-256, so a copy of the
 * session store does not hand out working tokens.
 */
public final class SessionTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;
    /** The length of {@link #TOKEN_BYTES} in unpadded base64url (43). */
    private static final int TOKEN_LENGTH = (TOKEN_BYTES * 4 + 2) / 3;

    private SessionTokens() {
    }

    public static String newToken() {
        return random(TOKEN_BYTES);
    }

    /** A token for the CSRF double check; 128 bits are plenty for a value that never leaves its session. */
    public static String newCsrfToken() {
        return random(16);
    }

    /** Whether a presented value could be one of ours at all; anything else is refused without a lookup. */
    public static boolean wellFormed(String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return false;
        }
        // checked on every proxied request: a plain loop over the base64url alphabet rather than a regex
        for (int i = 0; i < TOKEN_LENGTH; i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    public static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
