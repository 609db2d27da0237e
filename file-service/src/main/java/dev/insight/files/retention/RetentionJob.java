package dev.insight.files.retention;

import dev.insight.files.config.FilesConfig;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the retention sweep on every replica on a timer. Every step of the sweep is idempotent and conditional
 * (see RetentionService), so replicas sweeping at the same time only repeat each other's no-ops.
 */
@ApplicationScoped
public class RetentionJob {

    private final RetentionService retention;
    private final FilesConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public RetentionJob(RetentionService retention, FilesConfig config) {
        this.retention = retention;
        this.config = config;
    }

    // the sweep blocks (S3 listing and deletes); the scheduler runs blocking jobs on a worker thread
    @Scheduled(every = "${files.retention.interval}", delayed = "${files.retention.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            RetentionService.Report report = retention.sweep();
            if (report.changed()) {
                Log.infof("retention sweep: %s", report);
            }
        } catch (RuntimeException e) {
            Log.warnf("retention sweep failed (next one in %s): %s", config.retention().interval(), e.toString());
        } finally {
            running.set(false);
        }
    }
}
