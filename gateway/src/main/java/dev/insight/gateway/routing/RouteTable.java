package dev.insight.gateway.routing;

import dev.insight.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** DESIGN.md's routing: which upstream serves which part of the public API. */
@ApplicationScoped
public class RouteTable {

    private final List<ProxyRoute> routes;

    public RouteTable(Upstreams upstreams, GatewayConfig config) {
        GatewayConfig.Routes r = config.routes();
        this.routes = List.of(
                new ProxyRoute("conversations", "/api/conversations", upstreams.memory(), r.conversationsTimeout(),
                        r.jsonMaxBodyBytes(), false),
                new ProxyRoute("search", "/api/search", upstreams.memory(), r.searchTimeout(), r.jsonMaxBodyBytes(), false),
                new ProxyRoute("files", "/api/files", upstreams.files(), r.filesTimeout(), r.filesMaxBodyBytes(), false),
                new ProxyRoute("chat", "/api/chat", upstreams.chat(), r.chatTimeout(), r.jsonMaxBodyBytes(), true));
    }

    public Optional<ProxyRoute> match(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (ProxyRoute route : routes) {
            if (route.matches(path)) {
                return Optional.of(route);
            }
        }
        return Optional.empty();
    }

    public List<ProxyRoute> all() {
        return routes;
    }

    /** The Vert.x route pattern covering every proxied prefix. */
    public String pathRegex() {
        StringBuilder regex = new StringBuilder("^(");
        for (int i = 0; i < routes.size(); i++) {
            regex.append(i == 0 ? "" : "|").append(java.util.regex.Pattern.quote(routes.get(i).prefix()));
        }
        return regex.append(")(/.*)?$").toString();
    }
}
