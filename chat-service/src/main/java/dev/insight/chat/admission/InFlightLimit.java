package dev.insight.chat.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.chat.config.ChatConfig;
import dev.insight.support.web.RouteProblems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load shedding: at most {@code chat.limits.max-in-flight} questions are in progress on this replica; one more is
 * refused at once with a 503 and {@code Retry-After: 1}, before any work is done for it.
 * <p>
 * Without it an overloaded replica queues everything: every answer gets slow, the calls to Redis, memory-service
 * and file-service time out, their circuit breakers open, and answers that were cached are computed again — more
 * work exactly when there is least room for it. A quick refusal keeps the admitted questions fast, tells clients
 * (and the gateway) to come back, and the HorizontalPodAutoscaler adds replicas meanwhile. A streamed answer
 * counts until its stream ends.
 */
@ApplicationScoped
public class InFlightLimit {

    private final int max;
    private final ObjectMapper json;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter shed;

    public InFlightLimit(ChatConfig config, ObjectMapper json, MeterRegistry registry) {
        this.max = config.limits().maxInFlight();
        this.json = json;
        this.shed = Counter.builder("chat.questions.shed")
                .description("Questions refused with 503 because chat.limits.max-in-flight were already in progress")
                .register(registry);
        Gauge.builder("chat.questions.in.flight", inFlight, AtomicInteger::get)
                .description("Questions in progress on this replica").register(registry);
    }

    void register(@Observes Router router) {
        if (max > 0) {
            // ahead of authentication and body handling: a refusal costs next to nothing
            router.routeWithRegex("/api/chat(/.*)?").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 2).handler(this::admit);
        }
    }

    void admit(RoutingContext rc) {
        if (inFlight.incrementAndGet() > max) {
            inFlight.decrementAndGet();
            shed.increment();
            Log.debugf("refusing a question: %d already in progress", max);
            RouteProblems.send(rc, json, 503, "Service Unavailable", "The assistant is answering as many questions as "
                    + "it can right now; retry in a moment.", Map.of("Retry-After", "1"));
            return;
        }
        // called once, however the exchange ends: answered, failed, or the caller gone
        rc.addEndHandler(done -> inFlight.decrementAndGet());
        rc.next();
    }

    /** Questions in progress right now. */
    public int inFlight() {
        return inFlight.get();
    }
}
