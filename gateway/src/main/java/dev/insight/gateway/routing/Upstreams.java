package dev.insight.gateway.routing;

import dev.insight.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The three upstream services, each with its own connection pool and circuit breaker. */
@ApplicationScoped
public class Upstreams {

    private final Upstream memory;
    private final Upstream files;
    private final Upstream chat;

    public Upstreams(Vertx vertx, GatewayConfig config) {
        this.memory = create(vertx, config, "memory", "memory-service", config.upstreams().memory().url());
        this.files = create(vertx, config, "files", "file-service", config.upstreams().files().url());
        this.chat = create(vertx, config, "chat", "chat-service", config.upstreams().chat().url());
    }

    public Upstream memory() {
        return memory;
    }

    public Upstream files() {
        return files;
    }

    public Upstream chat() {
        return chat;
    }

    public List<Upstream> all() {
        return List.of(memory, files, chat);
    }

    @PreDestroy
    void close() {
        all().forEach(u -> u.client().close());
    }

    private static Upstream create(Vertx vertx, GatewayConfig config, String key, String name, String url) {
        URI uri = parse(key, url);
        boolean ssl = "https".equals(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : ssl ? 443 : 80;
        GatewayConfig.Upstreams limits = config.upstreams();
        HttpClientOptions options = new HttpClientOptions()
                .setName("upstream-" + key)
                .setSsl(ssl)
                .setVerifyHost(true)
                .setConnectTimeout((int) limits.connectTimeout().toMillis())
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, limits.keepAlive().toSeconds()))
                .setTcpNoDelay(true)
                // bodies pass through as they are; the client decides about compression, not the gateway
                .setDecompressionSupported(false);
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(limits.maxConnections()).setMaxWaitQueueSize(limits.maxWaitQueue());
        HttpClient client = vertx.createHttpClient(options, pool);

        GatewayConfig.Breaker b = config.breaker();
        String breakerName = "upstream-" + key;
        Guard guard = Guard.create()
                .withDescription("requests forwarded to " + name)
                .withCircuitBreaker()
                .name(breakerName)
                .requestVolumeThreshold(b.requestVolume())
                .failureRatio(b.failureRatio())
                .delay(b.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(b.successThreshold())
                .when(UpstreamFailure::countsAgainstUpstream)
                .onStateChange(state -> Log.warnf("circuit breaker for %s is now %s", name, state))
                .done()
                .withThreadOffload(false)
                .build();
        Log.infof("%s at %s", name, url);
        return new Upstream(key, name, uri.getHost(), port, ssl, client, guard, breakerName,
                limits.connectTimeout().toMillis());
    }

    private static URI parse(String key, String url) {
        URI uri;
        try {
            uri = URI.create(url.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gateway.upstreams." + key + ".url is not a URL: " + url, e);
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalStateException("gateway.upstreams." + key + ".url must be http(s)://host[:port], got " + url);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            // paths are forwarded unchanged (DESIGN.md), so a base path would silently be ignored
            throw new IllegalStateException("gateway.upstreams." + key + ".url must not have a path, got " + url);
        }
        return uri;
    }
}
