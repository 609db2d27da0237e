package dev.insight.gateway.ratelimit;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.redis.LuaScript;
import dev.insight.support.problem.ProblemException;
import io.netty.util.NetUtil;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Sliding-window logs in Redis, shared by every gateway replica: each budget is a sorted set of the admitted
 * requests' times, so no span of one window ever admits more than the limit (a fixed window admits up to twice
 * the limit around its edge). One atomic script per request. Budgets: chat requests per user, login attempts per
 * client address and username, and logins plus registrations per client address.
 */
@ApplicationScoped
public class RateLimiter {

    // Redis' own clock, so that replicas with skewed clocks share one timeline. Refused requests are not logged:
    // a client that keeps knocking is let in again as soon as its oldest admitted request leaves the window.
    // reply {1 admitted | 0 refused, requests in the window, milliseconds until the oldest of them leaves it}
    private static final LuaScript HIT = new LuaScript("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local window = tonumber(ARGV[1])
            local limit = tonumber(ARGV[2])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local n = redis.call('ZCARD', KEYS[1])
            local admitted = 0
            if n < limit then
              redis.call('ZADD', KEYS[1], now, ARGV[3])
              redis.call('PEXPIRE', KEYS[1], window)
              n = n + 1
              admitted = 1
            end
            local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            local wait = window
            if oldest[2] then
              wait = tonumber(oldest[2]) + window - now
            end
            return {admitted, n, wait}
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
        return hit("gw:rl:login:" + sha256(clientKey(clientAddress) + "\n" + username.toLowerCase(Locale.ROOT)),
                limits.loginAttempts(), limits.loginWindow());
    }

    /** Logins and registrations together, per client address whatever the username. */
    public Uni<RateLimitDecision> addressAuth(String clientAddress) {
        return hit("gw:rl:auth-addr:" + sha256(clientKey(clientAddress)), limits.addressAuthRequests(),
                limits.addressAuthWindow());
    }

    Uni<RateLimitDecision> hit(String key, int limit, Duration window) {
        long windowMillis = window.toMillis();
        String member = Long.toHexString(ThreadLocalRandom.current().nextLong());
        return HIT.run(redis, List.of(key), Long.toString(windowMillis), Integer.toString(limit), member)
                .ifNoItem().after(timeout).fail()
                .map(r -> {
                    boolean admitted = r.get(0).toLong() == 1;
                    long count = r.get(1).toLong();
                    long wait = Math.max(0, r.get(2).toLong());
                    int remaining = (int) Math.max(0, limit - count);
                    long reset = Math.max(1, (wait + 999) / 1000);
                    return new RateLimitDecision(admitted, limit, remaining, reset, Math.max(1, windowMillis / 1000));
                })
                .onFailure().transform(e -> {
                    Log.warnf("rate limiter (Redis) unavailable: %s", e.toString());
                    // no counting, no service: an unmetered login endpoint would invite password guessing
                    return new ProblemException(503, "Service Unavailable",
                            "Sessions are unavailable right now (the session store does not answer); retry shortly.")
                            .withHeader("Retry-After", "5");
                });
    }

    /**
     * What a budget is kept per: the address itself for IPv4, the /64 network for IPv6, since one subscriber
     * usually holds a whole /64 and could otherwise take a fresh budget with every address of it.
     */
    static String clientKey(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address;
        }
        // parsed only if it is an IP literal, never looked up
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(address);
        if (bytes == null || bytes.length != 16) {
            return address;
        }
        boolean ipv4Mapped = true;
        for (int i = 0; i < 12; i++) {
            ipv4Mapped &= bytes[i] == (i < 10 ? 0 : (byte) 0xff);
        }
        if (ipv4Mapped) {
            return (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
        }
        return HexFormat.of().formatHex(Arrays.copyOf(bytes, 8)) + "::/64";
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
