package dev.insight.files.engine;

import dev.insight.files.file.ExistingFiles;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.UUID;

/**
 * A file deleted through one replica leaves its local Parquet copies on the others (the replica that served the
 * delete drops its own at once): every replica asks PostgreSQL, on a timer, which of the files it holds still exist,
 * and drops the copies of those that don't. Deleted data thus stays on no replica's disk for longer than one
 * interval, whether or not the cache ever fills up.
 */
@ApplicationScoped
public class LocalCopySweep {

    private final ParquetCache parquet;
    private final ExistingFiles files;

    public LocalCopySweep(ParquetCache parquet, ExistingFiles files) {
        this.parquet = parquet;
        this.files = files;
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
        if (held.isEmpty()) {
            return 0;
        }
        Set<UUID> existing = files.among(held);
        int dropped = 0;
        for (UUID id : held) {
            if (!existing.contains(id)) {
                parquet.evict(id);
                dropped++;
            }
        }
        return dropped;
    }
}
