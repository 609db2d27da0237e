package dev.insight.files.processing;

import dev.insight.files.file.FileFormat;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * The processing queue is the file table itself: a replica claims a file with one UPDATE over a
 * FOR UPDATE SKIP LOCKED pick, so exactly one replica gets it; the claim carries a fencing token and a lease that
 * the holder renews. A lease that runs out (the replica died) makes the file claimable again, and every write of
 * a result checks the token, so a replica that lost its claim cannot overwrite the new holder's work.
 * SQL-centric, hence the reactive client directly rather than entities.
 */
@ApplicationScoped
public class ProcessingQueue {

    /** A claimed file: what the processor needs, and the token that proves the claim. */
    public record Claim(UUID fileId, UUID owner, String name, FileFormat format, String sha256, String objectKey,
            UUID token, int attempts) {
    }

    private static final String CLAIMABLE =
            "(status = 'UPLOADED' or (status = 'PROCESSING' and lease_until < now() and attempts < $4))";

    private final Pool pool;

    public ProcessingQueue(Pool pool) {
        this.pool = pool;
    }

    /** Claims the oldest claimable file, or a given one; null when there is nothing (left) to claim. */
    public Uni<Claim> claim(UUID onlyFile, String replica, Duration lease, int maxAttempts) {
        String pick = "select id from files.file where " + CLAIMABLE
                + (onlyFile != null ? " and id = $5" : "")
                + " order by created_at limit 1 for update skip locked";
        String sql = "update files.file f set status = 'PROCESSING', claim_token = $1, claimed_by = $2, "
                + "lease_until = now() + make_interval(secs => $3), attempts = f.attempts + 1, updated_at = now(), "
                + "error = null where f.id = (" + pick + ") "
                + "returning f.id, f.owner_id, f.name, f.format, f.sha256, f.object_key, f.claim_token, f.attempts";
        UUID token = UUID.randomUUID();
        Tuple args = Tuple.of(token, replica, (double) lease.toMillis() / 1000.0, maxAttempts);
        if (onlyFile != null) {
            args.addUUID(onlyFile);
        }
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            if (rows.rowCount() == 0) {
                return null;
            }
            Row r = rows.iterator().next();
            return new Claim(r.getUUID("id"), r.getUUID("owner_id"), r.getString("name"),
                    FileFormat.valueOf(r.getString("format")), r.getString("sha256"), r.getString("object_key"),
                    r.getUUID("claim_token"), r.getInteger("attempts"));
        });
    }

    /** Renews a claim; false when it is no longer ours (taken over, or the file was deleted). */
    public Uni<Boolean> renew(Claim claim, Duration lease) {
        return pool.preparedQuery("update files.file set lease_until = now() + make_interval(secs => $1) "
                + "where id = $2 and claim_token = $3 and status = 'PROCESSING'")
                .execute(Tuple.of((double) lease.toMillis() / 1000.0, claim.fileId(), claim.token()))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Records a READY result: the Parquet key and the summary, in one transaction, only while the claim holds.
     * False when the claim was lost (the caller then removes what it uploaded).
     */
    public Uni<Boolean> complete(Claim claim, String parquetKey, String summaryJson) {
        return pool.withTransaction(tx -> tx.preparedQuery("update files.file set status = 'READY', parquet_key = $1, "
                + "processed_at = now(), updated_at = now(), error = null, claim_token = null, claimed_by = null, "
                + "lease_until = null where id = $2 and claim_token = $3 and status = 'PROCESSING'")
                .execute(Tuple.of(parquetKey, claim.fileId(), claim.token()))
                .chain(updated -> {
                    if (updated.rowCount() != 1) {
                        return Uni.createFrom().item(false);
                    }
                    // bound as text: the client would encode a String bound to jsonb as a JSON string value
                    return tx.preparedQuery("insert into files.dataset_summary (file_id, sha256, summary, created_at) "
                            + "values ($1, $2, $3::text::jsonb, now()) on conflict (file_id) do update "
                            + "set sha256 = excluded.sha256, summary = excluded.summary, created_at = excluded.created_at")
                            .execute(Tuple.of(claim.fileId(), claim.sha256(), summaryJson))
                            .map(ignored -> true);
                }));
    }

    /**
     * Gives a claim back for a retry after {@code delay}, without counting it as an attempt: its processing failed
     * because S3 or the database did, which says nothing about the file. False when the claim was already lost.
     */
    public Uni<Boolean> retryLater(Claim claim, Duration delay) {
        return pool.preparedQuery("update files.file set attempts = greatest(attempts - 1, 0), "
                + "lease_until = now() + make_interval(secs => $1), claimed_by = null, updated_at = now() "
                + "where id = $2 and claim_token = $3 and status = 'PROCESSING'")
                .execute(Tuple.of((double) delay.toMillis() / 1000.0, claim.fileId(), claim.token()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Whether the file still has its row (false once it was deleted). */
    public Uni<Boolean> exists(UUID fileId) {
        return pool.preparedQuery("select 1 from files.file where id = $1").execute(Tuple.of(fileId))
                .map(rows -> rows.rowCount() > 0);
    }

    /**
     * Records a FAILED result with its readable reason, only while the claim holds. A NUL (an engine's message may
     * quote the file's bytes) is shown as U+FFFD: PostgreSQL's text refuses it, and the failure to record the reason
     * would otherwise leave the file to be claimed again until its attempts ran out.
     */
    public Uni<Boolean> fail(Claim claim, String reason) {
        String error = reason == null ? null : reason.replace('\u0000', '\uFFFD');
        return pool.preparedQuery("update files.file set status = 'FAILED', error = $1, processed_at = now(), "
                + "updated_at = now(), claim_token = null, claimed_by = null, lease_until = null "
                + "where id = $2 and claim_token = $3 and status = 'PROCESSING'")
                .execute(Tuple.of(error, claim.fileId(), claim.token()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Files whose processors died too often end FAILED instead of being claimed forever. */
    public Uni<Integer> failExhausted(int maxAttempts) {
        return pool.preparedQuery("update files.file set status = 'FAILED', error = $1, processed_at = now(), "
                + "updated_at = now(), claim_token = null, claimed_by = null, lease_until = null "
                + "where status = 'PROCESSING' and lease_until < now() and attempts >= $2")
                .execute(Tuple.of("Processing was interrupted " + maxAttempts
                        + " times (the file may be too demanding to process); upload it again or a smaller version.",
                        maxAttempts))
                .map(RowSet::rowCount);
    }

}
