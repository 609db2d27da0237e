package dev.insight.gateway.status;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.routing.Upstream;
import dev.insight.gateway.routing.Upstreams;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Probes each upstream's /q/health/ready in parallel. The result is shared for a few seconds, so that a page
 * polling the status (or many of them) costs the services one probe per interval, not one per viewer.
 */
@ApplicationScoped
public class UpstreamStatus {

    private final Upstreams upstreams;
    private final CircuitBreakerMaintenance breakers;
    private final GatewayConfig.Status config;
    private volatile Cached cached;

    public UpstreamStatus(Upstreams upstreams, CircuitBreakerMaintenance breakers, GatewayConfig config) {
        this.upstreams = upstreams;
        this.breakers = breakers;
        this.config = config.status();
    }

    public Uni<StatusView> current() {
        Cached c = cached;
        long now = System.nanoTime();
        if (c == null || now - c.takenAt > config.cacheTtl().toNanos()) {
            synchronized (this) {
                c = cached;
                if (c == null || now - c.takenAt > config.cacheTtl().toNanos()) {
                    // memoized: concurrent callers share the one probe in flight
                    c = new Cached(now, probeAll().memoize().indefinitely());
                    cached = c;
                }
            }
        }
        return c.view;
    }

    private Uni<StatusView> probeAll() {
        List<Uni<ServiceStatus>> probes = upstreams.all().stream().map(this::probe).toList();
        return Uni.join().all(probes).andCollectFailures().map(list -> new StatusView(
                list.stream().allMatch(s -> s.status().equals("UP")) ? "UP" : "DEGRADED", Instant.now(), list));
    }

    private Uni<ServiceStatus> probe(Upstream upstream) {
        long started = System.nanoTime();
        long timeout = config.probeTimeout().toMillis();
        return Uni.createFrom().completionStage(() -> upstream.client()
                .request(upstream.request(HttpMethod.GET, "/q/health/ready").setConnectTimeout(timeout).setIdleTimeout(timeout))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .toCompletionStage())
                .map(code -> {
                    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                    return code == 200
                            ? new ServiceStatus(upstream.name(), "UP", ms, breaker(upstream), null)
                            : new ServiceStatus(upstream.name(), "DOWN", ms, breaker(upstream), "not ready (HTTP " + code + ")");
                })
                .onFailure().recoverWithItem(e -> new ServiceStatus(upstream.name(), "DOWN", null, breaker(upstream),
                        "unreachable"));
    }

    private String breaker(Upstream upstream) {
        return breakers.currentState(upstream.breakerName()).name();
    }

    private record Cached(long takenAt, Uni<StatusView> view) {
    }
}
