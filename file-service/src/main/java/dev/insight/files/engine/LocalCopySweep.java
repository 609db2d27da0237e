package dev.insight.files.engine;

import dev.insight.files.file.ExistingFiles;
import dev.insight.files.file.FileStatus;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A file deleted through one replica leaves its local copies on the others (the replica that served the delete drops
 * its own at once): Parquet copies kept for queries, and the spooled upload a replica received but whose processing
 * another replica took. Every replica asks PostgreSQL, on a timer, which of the files it holds still exist, and drops
 * the copies of those that don't. Deleted data thus stays on no replica's disk for longer than one interval, whether
 * or not the cache ever fills up. A spooled upload is also dropped once its file is no longer waiting to be processed
 * (another replica took it, or it ended READY or FAILED): only the replica that processes it could use it.
 * <p>
 * At start, what a previous run of this replica left in its work directory is removed: job directories (copies of
 * originals, converted Parquet) and DuckDB's spill files of jobs and queries that ended with the process.
 */
@ApplicationScoped
public class LocalCopySweep {

    /**
     * A spooled upload is written before its row (the row is saved once the whole body arrived): one this young may be
     * an upload still in flight, and is left for the next sweep.
     */
    static final Duration SPOOL_MIN_AGE = Duration.ofMinutes(1);

    private final ParquetCache parquet;
    private final ExistingFiles files;
    private final WorkDirectory work;

    public LocalCopySweep(ParquetCache parquet, ExistingFiles files, WorkDirectory work) {
        this.parquet = parquet;
        this.files = files;
        this.work = work;
    }

    /** Before any job or query starts (the processing poller and the query workers observe start later). */
    void onStart(@Observes @Priority(10) StartupEvent event) {
        WorkDirectory.deleteRecursively(work.jobs());
        WorkDirectory.deleteRecursively(work.duckdbTemp());
    }

    // blocking (awaits the database): the scheduler runs it on a worker thread
    @Scheduled(every = "${files.cache.local-copy-sweep:1m}", delayed = "${files.cache.local-copy-sweep:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onTimer() {
        try {
            int dropped = sweep();
            if (dropped > 0) {
                Log.infof("dropped the local copies of %d deleted file(s)", dropped);
            }
        } catch (RuntimeException e) {
            Log.warnf("local copy sweep failed (next one in an interval): %s", e.toString());
        }
    }

    /** Drops the local copies of files that no longer exist; returns how many files that was. */
    public int sweep() {
        Set<UUID> held = parquet.fileIds();
        Map<UUID, Path> spooled = spooled(Instant.now().minus(SPOOL_MIN_AGE));
        if (held.isEmpty() && spooled.isEmpty()) {
            return 0;
        }
        Set<UUID> asked = new HashSet<>(held);
        asked.addAll(spooled.keySet());
        Map<UUID, FileStatus> existing = files.statuses(asked);
        int dropped = 0;
        for (UUID id : asked) {
            FileStatus status = existing.get(id);
            if (status == null) {
                parquet.evict(id);
                dropped++;
            }
            Path upload = spooled.get(id);
            if (upload != null && status != FileStatus.UPLOADED) {
                // deleted, or no longer this replica's to process (a job here moves its spool away as it starts)
                WorkDirectory.deleteRecursively(upload);
            }
        }
        return dropped;
    }

    /** Spooled uploads last written before the cutoff, by file id. */
    private Map<UUID, Path> spooled(Instant cutoff) {
        Map<UUID, Path> found = new HashMap<>();
        for (Path p : work.spooledBefore(cutoff)) {
            try {
                found.put(UUID.fromString(p.getFileName().toString()), p);
            } catch (IllegalArgumentException e) {
                // not a spooled upload
            }
        }
        return found;
    }
}
