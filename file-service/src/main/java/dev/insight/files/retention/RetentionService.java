package dev.insight.files.retention;

import dev.insight.files.cache.SummaryCache;
import dev.insight.files.config.FilesConfig;
import dev.insight.files.engine.ParquetCache;
import dev.insight.files.file.ExistingFiles;
import dev.insight.files.engine.WorkDirectory;
import dev.insight.files.storage.ObjectKeys;
import dev.insight.files.storage.ObjectStore;
import io.quarkus.logging.Log;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Retention and orphan cleanup. Safe on every replica at once: rows are deleted with conditional DELETEs (the
 * replica whose DELETE returns the row removes its objects; the others get nothing back), S3 deletes are
 * idempotent, and orphans are only touched once older than a grace period, so an upload in flight (object
 * written, row not yet) is never mistaken for one. Blocking (S3 client; the database is awaited): runs on a
 * worker thread.
 */
@ApplicationScoped
public class RetentionService {

    /** What a sweep did. */
    public record Report(int expired, int orphanObjects, int orphanRows, int requeued) {
        boolean changed() {
            return expired + orphanObjects + orphanRows + requeued > 0;
        }
    }

    private record RowRef(UUID id, UUID owner, String objectKey, String parquetKey, String sha256, String status) {
    }

    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    /** Fewest rows without an original in one page that can stop the orphan sweep (see {@link #implausibleLoss}). */
    static final int MIN_IMPLAUSIBLE_LOSS = 3;

    private final Pool pool;
    private final ObjectStore store;
    private final SummaryCache summaries;
    private final ExistingFiles existing;
    private final ParquetCache parquet;
    private final WorkDirectory work;
    private final FilesConfig config;

    public RetentionService(Pool pool, ObjectStore store, SummaryCache summaries, ExistingFiles existing, ParquetCache parquet,
            WorkDirectory work, FilesConfig config) {
        this.pool = pool;
        this.store = store;
        this.summaries = summaries;
        this.existing = existing;
        this.parquet = parquet;
        this.work = work;
        this.config = config;
    }

    public Report sweep() {
        int expired = config.retention().maxAge().isZero() ? 0 : expire(Instant.now().minus(config.retention().maxAge()));
        Instant graceCutoff = Instant.now().minus(config.retention().orphanGrace());
        int orphanObjects = orphanObjects(graceCutoff);
        int[] rows = orphanRows(graceCutoff);
        sweepSpool(graceCutoff);
        return new Report(expired, orphanObjects, rows[0], rows[1]);
    }

    /** Deletes files created before the cutoff, a batch at a time. */
    int expire(Instant cutoff) {
        int total = 0;
        while (true) {
            List<RowRef> deleted = pool.preparedQuery("delete from files.file where id in (select id from files.file "
                    + "where created_at < $1 order by created_at limit $2 for update skip locked) "
                    + "returning id, owner_id, object_key, parquet_key, sha256, status")
                    .execute(Tuple.of(utc(cutoff), config.retention().batchSize()))
                    .map(RetentionService::refs).await().atMost(DB_WAIT);
            removeObjects(deleted);
            total += deleted.size();
            if (deleted.size() < config.retention().batchSize()) {
                return total;
            }
        }
    }

    /** Objects under files/ whose file row does not exist, older than the grace period. */
    int orphanObjects(Instant graceCutoff) {
        int removed = 0;
        String token = null;
        do {
            ListObjectsV2Response page = store.list(ObjectKeys.ROOT, token, config.retention().batchSize());
            Map<UUID, List<String>> keysByFile = new HashMap<>();
            List<String> unknown = new ArrayList<>();
            for (S3Object o : page.contents()) {
                if (o.lastModified() != null && o.lastModified().isAfter(graceCutoff)) {
                    continue;
                }
                ObjectKeys.parse(o.key()).ifPresentOrElse(
                        k -> keysByFile.computeIfAbsent(k.fileId(), x -> new ArrayList<>()).add(o.key()),
                        () -> unknown.add(o.key()));
            }
            if (!keysByFile.isEmpty()) {
                Set<UUID> rows = existing.among(keysByFile.keySet());
                for (Map.Entry<UUID, List<String>> e : keysByFile.entrySet()) {
                    if (!rows.contains(e.getKey())) {
                        store.delete(e.getValue().toArray(String[]::new));
                        removed += e.getValue().size();
                    }
                }
            }
            if (!unknown.isEmpty()) {
                // nothing but this service writes under files/; a key it cannot have made is left for a person
                Log.warnf("%d objects under %s do not follow this service's key layout (e.g. %s); left alone",
                        unknown.size(), ObjectKeys.ROOT, unknown.get(0));
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        return removed;
    }

    /**
     * Rows older than the grace period whose original is gone are deleted; READY rows whose Parquet copy is gone are
     * processed again.
     */
    int[] orphanRows(Instant graceCutoff) {
        int deleted = 0;
        int requeued = 0;
        UUID after = new UUID(Long.MIN_VALUE, Long.MIN_VALUE);
        boolean first = true;
        while (true) {
            String sql = "select id, owner_id, object_key, parquet_key, sha256, status from files.file where created_at < $1"
                    + (first ? "" : " and id > $3") + " order by id limit $2";
            Tuple args = Tuple.of(utc(graceCutoff), config.retention().batchSize());
            if (!first) {
                args.addUUID(after);
            }
            List<RowRef> page = pool.preparedQuery(sql).execute(args).map(RetentionService::refs).await().atMost(DB_WAIT);
            List<RowRef> lost = new ArrayList<>();
            for (RowRef r : page) {
                if (store.head(r.objectKey()).isEmpty()) {
                    lost.add(r);
                } else if ("READY".equals(r.status()) && r.parquetKey() != null && store.head(r.parquetKey()).isEmpty()) {
                    int n = pool.preparedQuery("update files.file set status = 'UPLOADED', parquet_key = null, "
                            + "updated_at = now(), attempts = 0 where id = $1 and status = 'READY'")
                            .execute(Tuple.of(r.id())).map(rows -> rows.rowCount()).await().atMost(DB_WAIT);
                    if (n == 1) {
                        parquet.evict(r.id());
                        requeued++;
                    }
                }
            }
            if (implausibleLoss(lost.size(), page.size())) {
                Log.errorf("%d of %d files checked have no original in bucket %s: more likely the wrong bucket or an "
                        + "S3 that lost its data than files lost one by one; no row is deleted until a person looks "
                        + "(e.g. %s)", lost.size(), page.size(), store.bucket(), lost.get(0).objectKey());
                return new int[] { deleted, requeued };
            }
            for (RowRef r : lost) {
                List<RowRef> gone = pool.preparedQuery("delete from files.file where id = $1 "
                        + "returning id, owner_id, object_key, parquet_key, sha256, status")
                        .execute(Tuple.of(r.id())).map(RetentionService::refs).await().atMost(DB_WAIT);
                removeObjects(gone);
                deleted += gone.size();
            }
            if (page.size() < config.retention().batchSize()) {
                return new int[] { deleted, requeued };
            }
            after = page.get(page.size() - 1).id();
            first = false;
        }
    }

    /**
     * Whether so many rows lack their original that the objects are not lost one by one: a mistyped bucket (which
     * file-service creates empty, as it does on a fresh S3) or a store that lost its data. Deleting the rows then
     * would lose every file's metadata for good — and, once the setting is fixed, make the real objects orphans.
     */
    static boolean implausibleLoss(int lost, int checked) {
        return lost >= MIN_IMPLAUSIBLE_LOSS && lost * 2 > checked;
    }

    /** Spooled uploads that no processor picked up on this replica (another one processed them). */
    private void sweepSpool(Instant graceCutoff) {
        work.spooledBefore(graceCutoff).forEach(WorkDirectory::deleteRecursively); // what fails goes next sweep
    }

    private void removeObjects(List<RowRef> deleted) {
        for (RowRef r : deleted) {
            try {
                store.delete(r.objectKey(), r.parquetKey(), ObjectKeys.parquet(r.owner(), r.id()));
            } catch (RuntimeException e) {
                Log.warnf("objects of %s stay until the next sweep: %s", r.id(), e.toString());
            }
            parquet.evict(r.id());
            summaries.evict(r.id(), r.sha256()).await().atMost(Duration.ofSeconds(6));
        }
    }

    private static List<RowRef> refs(io.vertx.mutiny.sqlclient.RowSet<Row> rows) {
        List<RowRef> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(new RowRef(r.getUUID("id"), r.getUUID("owner_id"), r.getString("object_key"),
                    r.getString("parquet_key"), r.getString("sha256"), r.getString("status")));
        }
        return out;
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
