package dev.insight.memory.conversation;

import dev.insight.support.web.Created;
import dev.insight.identity.CurrentUser;
import dev.insight.support.web.Ids;
import dev.insight.support.paging.Page;
import dev.insight.support.paging.PageRequest;
import dev.insight.memory.config.MemoryConfig;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/conversations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Conversations")
public class ConversationResource {

    private final ConversationService service;
    private final CurrentUser user;
    private final MemoryConfig config;

    public ConversationResource(ConversationService service, CurrentUser user, MemoryConfig config) {
        this.service = service;
        this.user = user;
        this.config = config;
    }

    @POST
    public Uni<RestResponse<ConversationView>> create(TitleInput body) {
        return service.create(user.id(), body == null ? null : body.title())
                .map(c -> Created.at("/api/conversations/" + c.id, ConversationView.of(c)));
    }

    @GET
    public Uni<Page<ConversationView>> list(@RestQuery String limit, @RestQuery String cursor) {
        return service.list(user.id(), PageRequest.of(limit, cursor, config.limits().defaultPageSize(), config.limits().maxPageSize()));
    }

    @GET
    @Path("/{id}")
    public Uni<ConversationView> get(@RestPath String id) {
        return service.get(user.id(), Ids.parse("id", id)).map(ConversationView::of);
    }

    @PATCH
    @Path("/{id}")
    public Uni<ConversationView> rename(@RestPath String id, TitleInput body) {
        return service.rename(user.id(), Ids.parse("id", id), body == null ? null : body.title())
                .map(ConversationView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        return service.delete(user.id(), Ids.parse("id", id)).map(v -> RestResponse.noContent());
    }
}
