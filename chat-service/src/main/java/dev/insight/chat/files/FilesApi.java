package dev.insight.chat.files;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.support.json.StrictJson;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** file-service's HTTP contract, as much of it as chat needs; timeouts come from quarkus.rest-client.files.*. */
@RegisterRestClient(configKey = "files")
@Path("/api/files/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@CircuitBreaker(requestVolumeThreshold = 8, failureRatio = 0.75, delay = 5000, skipOn = WebApplicationException.class)
public interface FilesApi {

    /** The peer's answers are read leniently: a field a newer version adds is no error (see StrictJson). */
    @ClientObjectMapper
    static ObjectMapper lenient(ObjectMapper defaults) {
        return defaults.copy().disable(StrictJson.LENIENT);
    }


    @GET
    Uni<FileRecords.FileInfo> get(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Request-Id") String requestId, @PathParam("id") UUID id);

    @GET
    @Path("/summary")
    Uni<FileRecords.DatasetSummary> summary(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Request-Id") String requestId, @PathParam("id") UUID id);

    @POST
    @Path("/query")
    Uni<FileRecords.QueryResult> query(@HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Request-Id") String requestId, @PathParam("id") UUID id, FileRecords.QueryRequest body);
}
