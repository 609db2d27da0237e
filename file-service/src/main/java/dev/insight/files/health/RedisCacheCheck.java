package dev.insight.files.health;

import dev.insight.files.cache.RedisCache;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the Redis cache without ever failing readiness on it: file-service answers correctly from PostgreSQL
 * alone, only slower.
 */
@Readiness
@ApplicationScoped
public class RedisCacheCheck implements AsyncHealthCheck {

    private final RedisCache cache;

    public RedisCacheCheck(RedisCache cache) {
        this.cache = cache;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return cache.ping().map(up -> HealthCheckResponse.named("redis-cache").up()
                .withData("redis", up ? "up" : "down (serving uncached)").build());
    }
}
