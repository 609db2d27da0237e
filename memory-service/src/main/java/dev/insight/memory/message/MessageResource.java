package dev.insight.memory.message;

import dev.insight.support.web.Created;
import dev.insight.memory.config.MemoryConfig;
import dev.insight.identity.CurrentUser;
import dev.insight.support.web.Ids;
import dev.insight.support.paging.Page;
import dev.insight.support.paging.PageRequest;
import dev.insight.support.paging.QueryParams;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/conversations/{id}/messages")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Messages")
public class MessageResource {

    private static final String REPLAYED = "Idempotent-Replayed";

    private final MessageService service;
    private final CurrentUser user;
    private final MemoryConfig config;

    public MessageResource(MessageService service, CurrentUser user, MemoryConfig config) {
        this.service = service;
        this.user = user;
        this.config = config;
    }

    /** 201 for a new message; 200 with Idempotent-Replayed when the Idempotency-Key names an earlier identical one. */
    @POST
    public Uni<RestResponse<MessageView>> append(@RestPath String id, NewMessage body,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        UUID conversationId = Ids.parse("id", id);
        return service.append(user.id(), conversationId, body, idempotencyKey).map(appended -> {
            MessageView view = MessageView.of(appended.messages().get(0));
            if (appended.replayed()) {
                return RestResponse.ResponseBuilder.ok(view).header(REPLAYED, "true").build();
            }
            return Created.at(location(conversationId, view), view);
        });
    }

    /**
     * Several messages appended atomically with consecutive seqs, e.g. a question and its answer. Same status
     * rules as a single append; the Idempotency-Key covers the batch.
     */
    @POST
    @Path("/batch")
    public Uni<RestResponse<Page<MessageView>>> appendAll(@RestPath String id, NewMessages body,
            @RestHeader("Idempotency-Key") String idempotencyKey) {
        UUID conversationId = Ids.parse("id", id);
        return service.appendAll(user.id(), conversationId, body, idempotencyKey).map(appended -> {
            Page<MessageView> page = new Page<>(appended.messages().stream().map(MessageView::of).toList(), null);
            if (appended.replayed()) {
                return RestResponse.ResponseBuilder.ok(page).header(REPLAYED, "true").build();
            }
            return Created.at(location(conversationId, page.items().get(0)), page);
        });
    }

    private static String location(UUID conversationId, MessageView first) {
        return "/api/conversations/" + conversationId + "/messages?after=" + (first.seq() - 1);
    }

    @GET
    public Uni<Page<MessageView>> list(@RestPath String id, @RestQuery String after, @RestQuery String limit,
            @RestQuery String cursor) {
        Long afterSeq = after == null || after.isBlank() ? null : QueryParams.longParam("after", after, 0, Long.MAX_VALUE);
        return service.list(user.id(), Ids.parse("id", id), afterSeq,
                PageRequest.of(limit, cursor, config.limits().defaultPageSize(), config.limits().maxPageSize()));
    }
}
