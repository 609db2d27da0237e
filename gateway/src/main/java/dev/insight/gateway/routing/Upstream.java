package dev.insight.gateway.routing;

import io.smallrye.faulttolerance.api.Guard;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * One service behind the gateway: where it is, the pooled HTTP client that reaches it, and the circuit
 * breaker that stops sending it requests while it keeps failing.
 *
 * @param key         short name used in configuration and breaker names (memory, files, chat)
 * @param name        the service's name as callers see it in problems and /api/status
 * @param breakerName the SmallRye Fault Tolerance name of its circuit breaker
 */
public record Upstream(String key, String name, String host, int port, boolean ssl, HttpClient client, Guard guard,
        String breakerName, long connectTimeoutMillis) {

    public RequestOptions request(HttpMethod method, String uri) {
        return new RequestOptions().setMethod(method).setHost(host).setPort(port).setSsl(ssl).setURI(uri)
                .setConnectTimeout(connectTimeoutMillis);
    }
}
