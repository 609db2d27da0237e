package dev.insight.memory.export;

import dev.insight.support.problem.ProblemException;
import dev.insight.identity.CurrentUser;
import dev.insight.support.web.Ids;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/conversations/{id}/export")
@Authenticated
@Tag(name = "Conversations")
public class ExportResource {

    private final ExportService service;
    private final CurrentUser user;

    public ExportResource(ExportService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    /** The whole conversation as a download: {@code format=json} (default) or {@code format=markdown}. */
    @GET
    @Produces({ "application/json", "text/markdown" })
    public Uni<Response> export(@RestPath String id, @RestQuery String format) {
        UUID conversationId = Ids.parse("id", id);
        String kind = format == null || format.isBlank() ? "json" : format.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("json") && !kind.equals("markdown") && !kind.equals("md")) {
            throw ProblemException.invalidField("format", "must be json or markdown");
        }
        boolean markdown = !kind.equals("json");
        return service.export(user.id(), conversationId).map(export -> Response
                .ok(markdown ? ExportService.markdown(export) : export)
                .type(markdown ? "text/markdown; charset=UTF-8" : "application/json")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"conversation-" + conversationId
                        + (markdown ? ".md" : ".json") + "\"")
                .build());
    }
}
