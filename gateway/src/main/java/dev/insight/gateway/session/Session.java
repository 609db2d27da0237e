package dev.insight.gateway.session;

import java.time.Instant;
import java.util.UUID;

/**
 * A live session as stored in Redis.
 *
 * @param key        its Redis key (derived from the token's digest, never the token)
 * @param expiresAt  when it ends unless used again: the sliding expiry, capped by the absolute maximum
 * @param jwt        the identity token minted for it, reused until shortly before {@code jwtExpiresAt}; null if none yet
 */
public record Session(String key, UUID userId, String username, String csrfToken, Instant expiresAt, String jwt,
        long jwtExpiresAt) {
}
