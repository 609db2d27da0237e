package dev.insight.files.summary;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Stored summaries, read as the JSON text they were written as (served as they are, never re-encoded). */
@ApplicationScoped
public class SummaryRepository {

    private final Pool pool;

    public SummaryRepository(Pool pool) {
        this.pool = pool;
    }

    /** The summary JSON of a file at a content hash, or null. */
    public Uni<String> find(UUID fileId, String sha256) {
        return pool.preparedQuery("select summary::text as summary from files.dataset_summary where file_id = $1 and sha256 = $2")
                .execute(Tuple.of(fileId, sha256))
                .map(rows -> {
                    var it = rows.iterator();
                    if (!it.hasNext()) {
                        return null;
                    }
                    Row r = it.next();
                    return r.getString("summary");
                });
    }
}
