package dev.insight.chat.privacy;

import dev.insight.chat.analyst.BuiltinAnalyst;
import dev.insight.chat.cache.AnswerCache;
import dev.insight.chat.files.RecentFiles;
import dev.insight.identity.CurrentUser;
import io.quarkus.logging.Log;
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

    private final AnswerCache cache;
    private final RecentFiles recentFiles;
    private final BuiltinAnalyst analyst;
    private final CurrentUser user;

    public MyDataResource(AnswerCache cache, RecentFiles recentFiles, BuiltinAnalyst analyst, CurrentUser user) {
        this.cache = cache;
        this.recentFiles = recentFiles;
        this.analyst = analyst;
        this.user = user;
    }

    /**
     * Forgets the caller: chat holds nothing but cached answers, and for a few minutes the values it read from the
     * caller's files (conversations live in memory-service). Idempotent.
     */
    @DELETE
    public Uni<RestResponse<Void>> forget() {
        var id = user.id();
        recentFiles.forget(id);
        analyst.forget(id);
        return cache.forget(id).invoke(() -> Log.infof("forgot cached answers of user %s", id))
                .map(v -> RestResponse.noContent());
    }
}
