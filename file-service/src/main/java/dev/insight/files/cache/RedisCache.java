package dev.insight.files.cache;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.keys.KeyScanArgs;
import io.quarkus.redis.datasource.keys.ReactiveKeyCommands;
import io.quarkus.redis.datasource.value.ReactiveValueCommands;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Redis as an accelerator, never a dependency: every call is bounded in time, a breaker stops calling a
 * Redis that keeps failing, and any failure degrades to "not cached".
 */
@ApplicationScoped
public class RedisCache {

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

    /** Deletes every key matching a glob pattern (SCAN, never KEYS). */
    @Timeout(5000)
    @Fallback(fallbackMethod = "skippedPattern")
    public Uni<Void> deleteMatching(String pattern) {
        return keys.scan(new KeyScanArgs().match(pattern).count(500)).toMulti()
                .group().intoLists().of(500)
                .onItem().transformToUniAndConcatenate(batch -> keys.del(batch.toArray(String[]::new)))
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

    Uni<Void> skippedPattern(String pattern, Throwable failure) {
        Log.warnf("redis cleanup of %s failed (entries expire on their own): %s", pattern, failure.toString());
        return Uni.createFrom().voidItem();
    }

    Uni<Boolean> unreachable(Throwable failure) {
        return Uni.createFrom().item(false);
    }
}
