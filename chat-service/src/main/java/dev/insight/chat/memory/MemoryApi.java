package dev.insight.chat.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.support.json.StrictJson;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * memory-service's HTTP contract, as much of it as chat needs. The breaker counts only failures to get an
 * answer (a 4xx or 5xx is an answer); connect and read timeouts come from quarkus.rest-client.memory.*.
 */
@RegisterRestClient(configKey = "memory")
@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = WebApplicationException.class)
public interface MemoryApi {

    /** The peer's answers are read leniently: a field a newer version adds is no error (see StrictJson). */
    @ClientObjectMapper
    static ObjectMapper lenient(ObjectMapper defaults) {
        return defaults.copy().disable(StrictJson.LENIENT);
    }


    @POST
    Uni<MemoryRecords.Conversation> create(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Request-Id") String requestId, MemoryRecords.NewConversation body);

    @GET
    @Path("/{id}")
    Uni<MemoryRecords.Conversation> get(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Request-Id") String requestId, @PathParam("id") UUID id);

    @GET
    @Path("/{id}/messages")
    Uni<MemoryRecords.MessagePage> messages(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Request-Id") String requestId, @PathParam("id") UUID id, @QueryParam("after") long after,
            @QueryParam("limit") int limit);

    @GET
    @Path("/{id}/context")
    Uni<MemoryRecords.ContextWindow> context(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Request-Id") String requestId, @PathParam("id") UUID id,
            @QueryParam("maxTokens") int maxTokens);

    @DELETE
    @Path("/{id}")
    Uni<Void> delete(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Request-Id") String requestId, @PathParam("id") UUID id);

    @POST
    @Path("/{id}/messages/batch")
    Uni<MemoryRecords.MessagePage> appendAll(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Request-Id") String requestId, @HeaderParam("Idempotency-Key") String idempotencyKey,
            @PathParam("id") UUID id, MemoryRecords.NewMessages body);
}
