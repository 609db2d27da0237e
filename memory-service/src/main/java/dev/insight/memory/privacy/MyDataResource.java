package dev.insight.memory.privacy;

import dev.insight.identity.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/me/data")
@Authenticated
@Tag(name = "Privacy")
public class MyDataResource {

    private final MyDataService service;
    private final CurrentUser user;

    public MyDataResource(MyDataService service, CurrentUser user) {
        this.service = service;
        this.user = user;
    }

    /** Forgets the caller: every conversation, message, stored summary and cache entry. Idempotent. */
    @DELETE
    public Uni<RestResponse<Void>> forget() {
        return service.forget(user.id()).map(v -> RestResponse.noContent());
    }
}
