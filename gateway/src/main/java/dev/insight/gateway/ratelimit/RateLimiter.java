package dev.insight.gateway.ratelimit;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.redis.LuaScript;
import dev.insight.support.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Fixed-window counters in Redis, shared by every gateway replica: one atomic INCR (+ expiry on the first hit)
 * per request. Budgets: chat requests per user, login attempts per client address and username.
 */
@ApplicationScoped
public class RateLimiter {

    // count the hit; the first one starts the window; reply {count, milliseconds left in the window}
    private static final LuaScript HIT = new LuaScript("""
            local n = redis.call('INCR', KEYS[1])
            local ttl = redis.call('PTTL', KEYS[1])
            if n == 1 or ttl < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            return {n, ttl}
            """);

    private final ReactiveRedisDataSource redis;
    private final GatewayConfig.RateLimits limits;
    private final Duration timeout;

    public RateLimiter(ReactiveRedisDataSource redis, GatewayConfig config) {
        this.redis = redis;
        this.limits = config.rateLimit();
        this.timeout = config.session().storeTimeout();
    }

    public Uni<RateLimitDecision> chat(UUID user) {
        return hit("gw:rl:chat:" + user, limits.chatRequests(), limits.chatWindow());
    }

    /** Attempts are counted per client address and username together (case-insensitively). */
    public Uni<RateLimitDecision> login(String clientAddress, String username) {
        return hit("gw:rl:login:" + sha256(clientAddress + "\n" + username.toLowerCase(java.util.Locale.ROOT)),
                limits.loginAttempts(), limits.loginWindow());
    }

    private Uni<RateLimitDecision> hit(String key, int limit, Duration window) {
        long windowMillis = window.toMillis();
        return HIT.run(redis, List.of(key), Long.toString(windowMillis))
                .ifNoItem().after(timeout).fail()
                .map(r -> {
                    long count = r.get(0).toLong();
                    long ttl = Math.max(0, r.get(1).toLong());
                    int remaining = (int) Math.max(0, limit - count);
                    long reset = Math.max(1, (ttl + 999) / 1000);
                    return new RateLimitDecision(count <= limit, limit, remaining, reset, Math.max(1, windowMillis / 1000));
                })
                .onFailure().transform(e -> {
                    Log.warnf("rate limiter (Redis) unavailable: %s", e.toString());
                    // no counting, no service: an unmetered login endpoint would invite password guessing
                    return new ProblemException(503, "Service Unavailable",
                            "Sessions are unavailable right now (the session store does not answer); retry shortly.")
                            .withHeader("Retry-After", "5");
                });
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
