package dev.insight.cache;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Redis as an accelerator, never a dependency: every call is bounded in time, a breaker stops calling a Redis
 * that keeps failing, and any failure degrades to "not cached" / "no lock" so answers are computed locally.
 */
@ApplicationScoped
public class RedisCache {

    /** Deletes the lock only if it still holds our token, so a late leader never frees someone else's lock. */
    private static final String RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

    private final ReactiveRedisDataSource redis;
    private final ReactiveValueCommands<String, String> values;
    private final ReactiveKeyCommands<String> keys;

    public RedisCache(ReactiveRedisDataSource redis) {
        this.redis = redis;
        this.values = redis.value(String.class);
        this.keys = redis.key();
    }

    /** The cached value, or null when absent or when Redis cannot answer. */
    @Timeout(300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    @Fallback(fallbackMethod = "missing")
    public Uni<String> get(String key) {
        return values.get(key);
    }

    @Timeout(300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    @Fallback(fallbackMethod = "skipped")
    public Uni<Void> put(String key, String value, Duration ttl) {
        return values.setex(key, Math.max(1, ttl.toSeconds()), value);
    }

    /** True when this caller now holds the lock, false when someone else does, null when Redis cannot tell. */
    @Timeout(300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    @Fallback(fallbackMethod = "noLock")
    public Uni<Boolean> tryLock(String key, String token, Duration ttl) {
        return redis.execute("SET", key, token, "NX", "PX", Long.toString(ttl.toMillis()))
                .map(r -> r != null && "OK".equalsIgnoreCase(r.toString()));
    }

    /** Whether a lock (or any key) is still there; null when Redis cannot tell. */
    @Timeout(300)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 5000)
    @Fallback(fallbackMethod = "unknown")
    public Uni<Boolean> exists(String key) {
        return keys.exists(key);
    }

    @Timeout(300)
    @Fallback(fallbackMethod = "notReleased")
    public Uni<Void> release(String key, String token) {
        return redis.execute("EVAL", RELEASE, "1", key, token).replaceWithVoid();
    }

    /** Deletes one key. */
    @Timeout(300)
    @Fallback(fallbackMethod = "notDeleted")
    public Uni<Void> delete(String key) {
        return keys.del(key).replaceWithVoid();
    }

    /** Deletes every key matching a glob pattern (SCAN, never KEYS). */
    @Timeout(5000)
    @Fallback(fallbackMethod = "skippedPattern")
    public Uni<Void> deleteMatching(String pattern) {
        return keys.scan(new KeyScanArgs().match(pattern).count(500)).toMulti()
                .group().intoLists().of(500)
                .onItem().transformToUniAndConcatenate((List<String> batch) -> keys.del(batch.toArray(String[]::new)))
                .collect().last().replaceWithVoid();
    }

    @Timeout(500)
    @Fallback(fallbackMethod = "unreachable")
    public Uni<Boolean> ping() {
        return redis.execute("PING").map(r -> "PONG".equalsIgnoreCase(r.toString()));
    }

    Uni<String> missing(String key, Throwable failure) {
        Log.debugf("redis get %s failed: %s", key, failure.toString());
        return Uni.createFrom().nullItem();
    }

    Uni<Void> skipped(String key, String value, Duration ttl, Throwable failure) {
        Log.debugf("redis put %s failed: %s", key, failure.toString());
        return Uni.createFrom().voidItem();
    }

    Uni<Boolean> noLock(String key, String token, Duration ttl, Throwable failure) {
        Log.debugf("redis lock %s failed: %s", key, failure.toString());
        return Uni.createFrom().nullItem();
    }

    Uni<Boolean> unknown(String key, Throwable failure) {
        return Uni.createFrom().nullItem();
    }

    Uni<Void> notReleased(String key, String token, Throwable failure) {
        Log.debugf("redis unlock %s failed (it expires on its own): %s", key, failure.toString());
        return Uni.createFrom().voidItem();
    }

    Uni<Void> notDeleted(String key, Throwable failure) {
        Log.debugf("redis delete %s failed (it expires on its own): %s", key, failure.toString());
        return Uni.createFrom().voidItem();
    }

    Uni<Void> skippedPattern(String pattern, Throwable failure) {
        Log.warnf("redis cleanup of %s failed (entries expire on their own): %s", pattern, failure.toString());
        return Uni.createFrom().voidItem();
    }

    Uni<Boolean> unreachable(Throwable failure) {
        return Uni.createFrom().item(false);
    }
}
