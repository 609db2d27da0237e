package dev.insight.support.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body declared larger than {@code quarkus.http.limits.max-body-size} gets a 413 problem+json, like every other
 * refusal. Quarkus's own check (a route at {@link RouteConstants#ROUTE_ORDER_UPLOAD_LIMIT}) ends such a request
 * with an empty 413 before any exception mapper sees it, so this runs just ahead of it; a chunked body without a
 * declared length is still cut off by Quarkus once it passes the limit.
 */
@ApplicationScoped
public class DeclaredBodyLimit {

    private final Optional<MemorySize> maxBodySize;
    private final ObjectMapper json;

    public DeclaredBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
            ObjectMapper json) {
        this.maxBodySize = maxBodySize;
        this.json = json;
    }

    void register(@Observes Router router) {
        maxBodySize.ifPresent(max -> router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1)
                .handler(rc -> check(rc, max.asLongValue())));
    }

    private void check(RoutingContext rc, long limit) {
        String length = rc.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(rc, 400, "Bad Request", "Content-Length must be a whole number of bytes.");
            return;
        }
        if (declared > limit) {
            refuse(rc, 413, "Content Too Large", "The request body is " + declared + " bytes; at most " + limit
                    + " are accepted.");
            return;
        }
        rc.next();
    }

    private void refuse(RoutingContext rc, int status, String title, String detail) {
        // the body is not read: close the connection rather than wait for bytes nobody wants
        RouteProblems.send(rc, json, status, title, detail, Map.of(HttpHeaders.CONNECTION.toString(), "close"));
    }
}
