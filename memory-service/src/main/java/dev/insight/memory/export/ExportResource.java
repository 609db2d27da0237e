package dev.insight.memory.export;

import dev.insight.support.problem.ProblemException;
import dev.insight.identity.CurrentUser;
import dev.insight.support.web.Ids;
import io.quarkus.security.Authenticated;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;
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

    /**
     * The whole conversation as a download: {@code format=json} (default) or {@code format=markdown}. Streamed a
     * batch of messages at a time, so a long history never sits whole in memory; a foreign or unknown conversation is
     * a 404 before anything is sent.
     */
    @GET
    // no @Produces: a streamed body of two possible types is a RestMulti that sets its Content-Type itself
    @APIResponse(responseCode = "200", description = "The conversation and all its messages", content = {
            @Content(mediaType = "application/json", schema = @Schema(implementation = ConversationExport.class)),
            @Content(mediaType = "text/markdown", schema = @Schema(type = SchemaType.STRING)) })
    public RestMulti<Buffer> export(@RestPath String id, @RestQuery String format) {
        UUID conversationId = Ids.parse("id", id);
        String kind = format == null || format.isBlank() ? "json" : format.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("json") && !kind.equals("markdown") && !kind.equals("md")) {
            throw ProblemException.invalidField("format", "must be json or markdown");
        }
        boolean markdown = !kind.equals("json");
        return RestMulti.fromUniResponse(service.owned(user.id(), conversationId),
                conversation -> markdown ? service.markdown(conversation) : service.json(conversation),
                conversation -> Map.of(
                        HttpHeaders.CONTENT_TYPE, List.of(markdown ? "text/markdown; charset=UTF-8" : "application/json"),
                        HttpHeaders.CONTENT_DISPOSITION, List.of("attachment; filename=\"conversation-" + conversationId
                                + (markdown ? ".md" : ".json") + "\"")));
    }
}
