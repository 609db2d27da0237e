package dev.insight.files.processing;

import dev.insight.files.cache.SummaryCache;
import dev.insight.files.config.FilesConfig;
import dev.insight.files.engine.ParquetCache;
import dev.insight.files.storage.ObjectKeys;
import dev.insight.files.storage.ObjectStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Processes uploads in the background on every replica. Work is claimed through PostgreSQL (see
 * {@link ProcessingQueue}): an upload wakes the replica that received it, and an idle replica polls, so a file
 * whose replica died is picked up by another once its lease runs out. Jobs run on a small dedicated executor
 * because DuckDB, the XLSX reader and the S3 client block; the reactive database calls are awaited there, never on
 * the event loop.
 */
@ApplicationScoped
public class ProcessingWorker {

    private final ProcessingQueue queue;
    private final DatasetProcessor processor;
    private final SummaryCache summaries;
    private final ParquetCache parquet;
    private final ObjectStore store;
    private final FilesConfig config;
    private final String replica;
    private final Semaphore slots;
    /** Jobs in progress on this replica, by claim token (a file re-claimed here after a lost lease is another job). */
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();
    private final AtomicInteger processed = new AtomicInteger();
    private ExecutorService jobs;
    private ScheduledExecutorService timers;
    private volatile boolean stopping;

    private record Running(ProcessingQueue.Claim claim, DatasetProcessor.Job job, long startedNanos) {
    }

    public ProcessingWorker(ProcessingQueue queue, DatasetProcessor processor, SummaryCache summaries, ParquetCache parquet,
            ObjectStore store, FilesConfig config) {
        this.queue = queue;
        this.processor = processor;
        this.summaries = summaries;
        this.parquet = parquet;
        this.store = store;
        this.config = config;
        this.replica = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.slots = new Semaphore(Math.max(1, config.processing().concurrency()));
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.processing().enabled()) {
            Log.info("background processing is disabled on this replica");
            return;
        }
        AtomicInteger n = new AtomicInteger();
        jobs = Executors.newFixedThreadPool(Math.max(1, config.processing().concurrency()),
                r -> daemon(r, "file-processing-" + n.incrementAndGet()));
        timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "file-processing-timer"));
        long poll = Math.max(50, config.processing().pollInterval().toMillis());
        timers.scheduleWithFixedDelay(this::wake, poll, poll, TimeUnit.MILLISECONDS);
        long beat = Math.max(50, config.processing().heartbeat().toMillis());
        timers.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (timers != null) {
            timers.shutdownNow();
        }
        // running jobs stop; their leases run out and another replica takes the files over
        running.values().forEach(r -> r.job().cancel());
        if (jobs != null) {
            jobs.shutdownNow();
        }
    }

    /** Looks for work now (after an upload, or on the poll timer). */
    public void wake() {
        if (jobs == null || stopping) {
            return;
        }
        while (slots.tryAcquire()) {
            try {
                jobs.execute(this::claimAndProcess);
            } catch (RuntimeException e) {
                slots.release();
                return;
            }
        }
    }

    /** Claims one specific file and processes it on the calling thread; false when someone else has it. */
    public boolean processNow(UUID fileId) {
        ProcessingQueue.Claim claim = queue.claim(fileId, replica, config.processing().lease(),
                config.processing().maxAttempts()).await().atMost(Duration.ofSeconds(10));
        if (claim == null) {
            return false;
        }
        run(claim);
        return true;
    }

    public int processedCount() {
        return processed.get();
    }

    public String replica() {
        return replica;
    }

    private void claimAndProcess() {
        boolean worked = false;
        try {
            queue.failExhausted(config.processing().maxAttempts()).await().atMost(Duration.ofSeconds(10));
            ProcessingQueue.Claim claim = queue.claim(null, replica, config.processing().lease(),
                    config.processing().maxAttempts()).await().atMost(Duration.ofSeconds(10));
            if (claim != null) {
                worked = true;
                run(claim);
            }
        } catch (RuntimeException e) {
            Log.debugf("processing poll failed (retried on the next tick): %s", e.toString());
        } finally {
            slots.release();
        }
        if (worked) {
            // there may be more waiting
            wake();
        }
    }

    private void run(ProcessingQueue.Claim claim) {
        DatasetProcessor.Job job = new DatasetProcessor.Job();
        running.put(claim.token(), new Running(claim, job, System.nanoTime()));
        long started = System.nanoTime();
        try {
            Log.infof("processing %s (%s, attempt %d)", claim.fileId(), claim.format(), claim.attempts());
            DatasetProcessor.Result result = processor.process(claim, job);
            if (record(claim, result)) {
                Log.infof("file %s READY: %d rows in %d ms (%s)", claim.fileId(), result.rowCount(),
                        (System.nanoTime() - started) / 1_000_000, result.timings());
            }
        } catch (DatasetException e) {
            Log.infof("file %s FAILED: %s", claim.fileId(), e.getMessage());
            failed(claim, e.getMessage());
        } catch (DatasetProcessor.CancelledException e) {
            if (!stopping && running.containsKey(claim.token()) && timedOut(claim.token())) {
                failed(claim, "Processing took longer than " + config.processing().timeout().toMinutes()
                        + " minutes and was stopped.");
            } else if (!stopping) {
                abandoned(claim);
            }
        } catch (OutOfMemoryError e) {
            failed(claim, "The file needs more memory to process than this service allows.");
        } catch (Exception e) {
            // the retry writes the same processed-copy key, so whatever this job stored is simply replaced
            if (StoreOutage.isOutage(e)) {
                // S3 or the database failing is not the file's fault: tried again later, not counted as an attempt
                Log.warnf("processing %s interrupted by an outage (%s); retried in %s without counting it",
                        claim.fileId(), e.toString(), config.processing().retryDelay());
                retryLater(claim);
            } else {
                // anything else counts as an attempt: a file that keeps failing this way ends FAILED
                Log.warnf(e, "processing %s failed unexpectedly; it will be retried when its claim expires", claim.fileId());
            }
        } finally {
            running.remove(claim.token());
        }
    }

    private void retryLater(ProcessingQueue.Claim claim) {
        try {
            queue.retryLater(claim, config.processing().retryDelay()).await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            // the database is down too: the claim expires and counts as an attempt
            Log.debugf("could not give %s back for a retry: %s", claim.fileId(), e.toString());
        }
    }

    /**
     * Records a finished job; false when the claim was lost. A file deleted meanwhile had no Parquet key on its row
     * when its traces were removed, so the processed copy this job stored (in S3 and in the local cache) is removed
     * here; a file taken over by another replica keeps it, since the new holder writes the same key.
     */
    boolean record(ProcessingQueue.Claim claim, DatasetProcessor.Result result) {
        boolean recorded = queue.complete(claim, result.parquetKey(), result.summaryJson())
                .await().atMost(Duration.ofSeconds(30));
        if (recorded) {
            processed.incrementAndGet();
            summaries.put(claim.fileId(), claim.sha256(), result.summaryJson()).await().atMost(Duration.ofSeconds(5));
            return true;
        }
        if (queue.exists(claim.fileId()).await().atMost(Duration.ofSeconds(10))) {
            Log.infof("file %s was taken over while processing; result dropped", claim.fileId());
            return false;
        }
        Log.infof("file %s was deleted while processing; its processed copy is removed", claim.fileId());
        discard(claim);
        return false;
    }

    /**
     * Records a FAILED result while the claim holds, and removes the processed copy the job may have stored: no
     * one else writes that key now. When the claim was lost meanwhile, this is an {@link #abandoned} job.
     */
    void failed(ProcessingQueue.Claim claim, String reason) {
        if (queue.fail(claim, reason).await().atMost(Duration.ofSeconds(30))) {
            discard(claim);
        } else {
            abandoned(claim);
        }
    }

    /**
     * A job stopped because its claim was lost. Its processed copy is removed only when the file is gone: a replica
     * that took the file over writes the same key, and may already have recorded it as the file's Parquet.
     */
    void abandoned(ProcessingQueue.Claim claim) {
        if (!queue.exists(claim.fileId()).await().atMost(Duration.ofSeconds(10))) {
            Log.infof("file %s was deleted while processing; its processed copy is removed", claim.fileId());
            discard(claim);
        }
    }

    private void discard(ProcessingQueue.Claim claim) {
        parquet.evict(claim.fileId());
        try {
            store.delete(ObjectKeys.parquet(claim.owner(), claim.fileId()));
        } catch (RuntimeException e) {
            Log.warnf("processed copy of %s stays until the file is deleted: %s", claim.fileId(), e.toString());
        }
    }

    private boolean timedOut(UUID claimToken) {
        Running r = running.get(claimToken);
        return r != null && System.nanoTime() - r.startedNanos() > config.processing().timeout().toNanos();
    }

    private void heartbeat() {
        for (Running r : running.values()) {
            if (System.nanoTime() - r.startedNanos() > config.processing().timeout().toNanos()) {
                r.job().cancel();
                continue;
            }
            try {
                boolean ours = queue.renew(r.claim(), config.processing().lease()).await().atMost(Duration.ofSeconds(5));
                if (!ours) {
                    Log.infof("claim on %s lost (deleted or taken over): stopping", r.claim().fileId());
                    r.job().cancel();
                }
            } catch (RuntimeException e) {
                Log.debugf("could not renew the claim on %s: %s", r.claim().fileId(), e.toString());
            }
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
