package dev.insight.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body larger than {@code quarkus.http.limits.max-body-size} gets a 413 problem+json, like every other refusal.
 * Quarkus's own check (a route at {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}) ends such a request with an empty
 * 413 before any exception mapper sees it, so this runs just ahead of it.
 * <ul>
 * <li>A declared length over the limit is refused before a byte of the body is read.</li>
 * <li>A chunked body (no declared length) is cut off by Quarkus, again with an empty 413, once it passes the limit
 * while the resource reads it. Services whose bodies are small JSON documents turn on
 * {@code insight.http.buffer-chunked-bodies}: such a body is then read here, up to the limit, before the resource
 * runs (Vert.x's {@link BodyHandler}; the REST layer reads a body read this way), and one that passes the limit is
 * refused here as problem+json. Services that stream large bodies (file uploads) leave it off and bound the body
 * where they read it.</li>
 * </ul>
 */
@ApplicationScoped
public class DeclaredBodyLimit {

    private final Optional<MemorySize> maxBodySize;
    private final boolean bufferChunked;
    private final ObjectMapper json;

    public DeclaredBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            @ConfigProperty(name = "insight.http.buffer-chunked-bodies", defaultValue = "false") boolean bufferChunked,
            ObjectMapper json) {
        this.maxBodySize = maxBodySize;
        this.bufferChunked = bufferChunked;
        this.json = json;
    }

    void register(@Observes Router router) {
        maxBodySize.ifPresent(max -> {
            long limit = max.asLongValue();
            BodyHandler chunked = bufferChunked ? BodyHandler.create(false).setBodyLimit(limit) : null;
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(rc -> check(rc, limit, chunked));
            if (chunked != null) {
                // the body handler ends a body over the limit with rc.fail(413): answered here rather than empty
                router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).failureHandler(rc -> {
                    if (rc.statusCode() == 413 && !rc.response().headWritten()) {
                        tooLarge(rc, "The request body is larger than " + limit + " bytes.");
                    } else {
                        rc.next();
                    }
                });
            }
        });
    }

    private void check(RoutingContext rc, long limit, BodyHandler chunked) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(rc, 400, "Bad Request", "Content-Length must be a whole number of bytes.");
            return;
        }
        if (declared > limit) {
            tooLarge(rc, "The request body is " + declared + " bytes; at most " + limit + " are accepted.");
            return;
        }
        if (declared < 0 && chunked != null && rc.request().headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
            chunked.handle(rc); // reads the body up to the limit, then rc.next()
            return;
        }
        rc.next();
    }

    private void tooLarge(RoutingContext rc, String detail) {
        refuse(rc, 413, "Content Too Large", detail);
    }

    private void refuse(RoutingContext rc, int status, String title, String detail) {
        // the rest of the body is not read: close the connection rather than wait for bytes nobody wants
        RouteProblems.send(rc, json, status, title, detail, Map.of(HttpHeaders.CONNECTION.toString(), "close"));
    }
}
