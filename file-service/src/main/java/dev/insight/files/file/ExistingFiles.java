package dev.insight.files.file;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** Which of some file ids still have a row: for the sweeps that clean up after deleted files. Blocking. */
@ApplicationScoped
public class ExistingFiles {

    private static final Duration DB_WAIT = Duration.ofSeconds(30);

    private final Pool pool;

    public ExistingFiles(Pool pool) {
        this.pool = pool;
    }

    public Set<UUID> among(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return pool.preparedQuery("select id from files.file where id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    Set<UUID> found = new HashSet<>();
                    rows.forEach(r -> found.add(r.getUUID("id")));
                    return found;
                }).await().atMost(DB_WAIT);
    }
}
