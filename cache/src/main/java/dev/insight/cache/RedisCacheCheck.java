package dev.insight.cache;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the Redis cache without ever failing readiness on it: the services that use it answer correctly
 * without it, only slower.
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
