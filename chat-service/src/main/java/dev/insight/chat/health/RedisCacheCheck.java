package dev.insight.chat.health;

import dev.insight.chat.cache.RedisCache;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the answer cache without ever failing readiness on it: chat answers without Redis, only uncached.
 * chat-service has no store of its own, and other services are never a readiness condition.
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
                .withData("redis", up ? "up" : "down (answering uncached)").build());
    }
}
