package dev.insight.memory.search;

import dev.insight.memory.config.MemoryConfig;
import dev.insight.identity.CurrentUser;
import dev.insight.support.paging.Page;
import dev.insight.support.paging.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/search")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Search")
public class SearchResource {

    private final SearchService service;
    private final CurrentUser user;
    private final MemoryConfig config;

    public SearchResource(SearchService service, CurrentUser user, MemoryConfig config) {
        this.service = service;
        this.user = user;
        this.config = config;
    }

    /** Messages of the caller's conversations matching {@code q} (web-search syntax: "phrases", or, -not). */
    @GET
    public Uni<Page<SearchHit>> search(@RestQuery String q, @RestQuery String limit, @RestQuery String cursor) {
        return service.search(user.id(), q, PageRequest.of(limit, cursor, config.limits().defaultPageSize(), config.limits().maxPageSize()));
    }
}
