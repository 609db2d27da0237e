package dev.insight.gateway.status;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Operations")
public class StatusResource {

    private final UpstreamStatus status;

    public StatusResource(UpstreamStatus status) {
        this.status = status;
    }

    /** Readiness and probe latency of every upstream service, and the state of the gateway's breaker for each. */
    @GET
    public Uni<StatusView> get() {
        return status.current();
    }
}
