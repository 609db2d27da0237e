package dev.insight.gateway.web;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start with proxy address forwarding on but no trusted proxies named: Quarkus would then believe
 * X-Forwarded-For from every peer, and any client could choose the address its login budgets are kept for.
 * (Trusting everyone on purpose stays possible by saying so: trusted-proxies=0.0.0.0/0,::/0.)
 */
@ApplicationScoped
public class ForwardingGuard {

    static final String FORWARDING = "quarkus.http.proxy.proxy-address-forwarding";
    static final String TRUSTED = "quarkus.http.proxy.trusted-proxies";

    void check(@Observes StartupEvent event, Config config) {
        check(config.getOptionalValue(FORWARDING, Boolean.class).orElse(false),
                config.getOptionalValues(TRUSTED, String.class).orElse(List.of()));
    }

    static void check(boolean forwarding, List<String> trustedProxies) {
        if (forwarding && trustedProxies.stream().allMatch(String::isBlank)) {
            throw new IllegalStateException(FORWARDING + " is on but " + TRUSTED + " is empty, which would trust "
                    + "X-Forwarded-* from every client: name the reverse proxies' addresses or CIDR ranges "
                    + "(QUARKUS_HTTP_PROXY_TRUSTED_PROXIES), or switch forwarding off");
        }
    }
}
