package dev.insight.files.file;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Which of some file ids still have a row (and in which status): for the sweeps that clean up local copies. Blocking. */
@ApplicationScoped
public class ExistingFiles {

    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    private final Pool pool;

    public ExistingFiles(Pool pool) {
        this.pool = pool;
    }

    public Set<UUID> among(Set<UUID> ids) {
        return statuses(ids).keySet();
    }

    /** The status of each of these files that still has a row. */
    public Map<UUID, FileStatus> statuses(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return pool.preparedQuery("select id, status from files.file where id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, FileStatus> found = new HashMap<>();
                    rows.forEach(r -> found.put(r.getUUID("id"), FileStatus.valueOf(r.getString("status"))));
                    return found;
                }).await().atMost(DB_WAIT);
    }
}
