package dev.insight.gateway.web;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/** Any /api/ path that neither a gateway endpoint nor a route serves: 404 as problem+json, like every other error. */
@ApplicationScoped
public class ApiNotFound {

    private final Problems problems;

    public ApiNotFound(Problems problems) {
        this.problems = problems;
    }

    void register(@Observes Router router) {
        // after every other route, REST endpoints included (Quarkus orders those at AFTER_DEFAULT + 500)
        router.routeWithRegex("^/api(/.*)?$").order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT + 10_000)
                .handler(rc -> problems.send(rc, 404, "Not Found", "No such resource: " + rc.normalizedPath(), Map.of()));
    }
}
