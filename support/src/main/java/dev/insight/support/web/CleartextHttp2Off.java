package dev.insight.support.web;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * No HTTP/2 over cleartext (h2c). To answer an "Upgrade: h2c" request, Vert.x first reads that request's whole
 * body into memory, so any client could make a service hold a whole upload on its heap. Such requests are
 * served as plain HTTP/1.1 instead, and stream. (HTTP/2 over TLS is unaffected; the ingress terminates TLS.)
 */
@ApplicationScoped
public class CleartextHttp2Off implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
    }
}
