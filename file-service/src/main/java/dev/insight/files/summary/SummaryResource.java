package dev.insight.files.summary;

import dev.insight.files.identity.CurrentUser;
import dev.insight.support.web.Ids;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
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

    /** The dataset summary (DatasetSummary's shape), served as stored; 409 while the file is not READY. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<String> summary(@RestPath String id) {
        return service.summaryJson(user.id(), Ids.parse("id", id));
    }
}
