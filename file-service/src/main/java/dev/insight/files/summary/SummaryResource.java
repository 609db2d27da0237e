package dev.insight.files.summary;

import dev.insight.identity.CurrentUser;
import dev.insight.support.web.Ids;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/files/{id}/summary")
@Authenticated
@Tag(name = "Files")
public class SummaryResource {

    private final SummaryService service;
    private final CurrentUser user;

    public SummaryResource(SummaryService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    /**
     * The dataset summary (DatasetSummary's shape), served as the JSON it was stored as (bytes, so that no writer
     * re-encodes it); 409 while the file is not READY.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = DatasetSummary.class)))
    public Uni<RestResponse<byte[]>> summary(@RestPath String id) {
        return service.summaryJson(user.id(), Ids.parse("id", id))
                .map(json -> RestResponse.ResponseBuilder.ok(json.getBytes(StandardCharsets.UTF_8), MediaType.APPLICATION_JSON_TYPE)
                        .build());
    }
}
