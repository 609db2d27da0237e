package dev.insight.memory.context;

import dev.insight.memory.config.MemoryConfig;
import dev.insight.identity.CurrentUser;
import dev.insight.support.web.Ids;
import dev.insight.support.paging.QueryParams;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/conversations/{id}/context")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Context")
public class ContextResource {

    private final ContextService service;
    private final CurrentUser user;
    private final MemoryConfig.Context config;

    public ContextResource(ContextService service, CurrentUser user, MemoryConfig config) {
        this.service = service;
        this.user = user;
        this.config = config.context();
    }

    @GET
    public Uni<ContextWindow> window(@RestPath String id, @RestQuery String maxTokens) {
        int budget = maxTokens == null || maxTokens.isBlank() ? config.defaultMaxTokens()
                : QueryParams.intParam("maxTokens", maxTokens, config.minMaxTokens(), config.maxMaxTokens());
        return service.window(user.id(), Ids.parse("id", id), budget);
    }
}
