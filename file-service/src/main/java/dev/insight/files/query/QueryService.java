package dev.insight.files.query;

import dev.insight.files.config.FilesConfig;
import dev.insight.files.engine.ParquetCache;
import dev.insight.files.engine.WorkDirectory;
import dev.insight.files.error.FileNotReadyException;
import dev.insight.files.file.FileService;
import dev.insight.files.file.FileStatus;
import dev.insight.files.file.StoredFile;
import dev.insight.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Runs user SQL over one READY file: at most `concurrency` queries at once on this replica (more wait in line, then
 * 503), each over the file's local Parquet copy, in a query worker process (see {@link QueryWorkers}, and
 * {@link QueryEngine} for what runs there). The answer is the worker's JSON, passed on as it is.
 * Blocking (S3 download, process pipes): runs on a worker thread.
 */
@ApplicationScoped
public class QueryService {

    private final ParquetCache parquet;
    private final QueryWorkers workers;
    private final WorkDirectory work;
    private final FilesConfig config;
    private final Semaphore slots;

    public QueryService(ParquetCache parquet, QueryWorkers workers, WorkDirectory work, FilesConfig config) {
        this.parquet = parquet;
        this.workers = workers;
        this.work = work;
        this.config = config;
        this.slots = new Semaphore(Math.max(1, config.query().concurrency()), true);
    }

    /** The result as JSON (a {@link QueryResult}), or a problem thrown. */
    public byte[] run(StoredFile file, String sql) throws InterruptedException {
        if (file.status != FileStatus.READY) {
            throw new FileNotReadyException(file.id, file.status, file.error);
        }
        if (!slots.tryAcquire(config.query().queueTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            // with Retry-After: an overload of this replica, which callers (the gateway's circuit breaker among them)
            // must not take for file-service failing
            throw new ProblemException(503, "Service Unavailable",
                    "Too many queries are running on this replica; retry shortly.").withHeader("Retry-After", "1");
        }
        Path temp = work.duckdbTemp().resolve(UUID.randomUUID().toString());
        try (ParquetCache.Lease lease = parquet.acquire(file.id, file.sha256, file.parquetKey)) {
            return workers.run(lease.path(), temp, sql);
        } catch (NoSuchKeyException e) {
            // deleted while this query waited for its turn: the file is gone, as a new request would find
            throw FileService.notFound(file.id);
        } finally {
            // the worker is done with it (answered, or ended): nothing writes here any more
            WorkDirectory.deleteRecursively(temp);
            slots.release();
        }
    }
}
