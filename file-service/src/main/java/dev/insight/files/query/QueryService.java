package dev.insight.files.query;

import dev.insight.files.config.FilesConfig;
import dev.insight.files.engine.DuckDb;
import dev.insight.files.engine.JsonValues;
import dev.insight.files.engine.ParquetCache;
import dev.insight.files.engine.WorkDirectory;
import dev.insight.files.error.FileNotReadyException;
import dev.insight.files.file.FileService;
import dev.insight.files.file.FileStatus;
import dev.insight.files.file.StoredFile;
import dev.insight.support.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Runs user SQL over one READY file. Each query gets its own in-memory DuckDB whose only readable file is that
 * file's Parquet copy (exposed as the view "data"), with external access disabled and configuration locked
 * before the user's text is even parsed. Rows are read as they stream and cut at the row and byte limits (see
 * {@link ResultSize}); a statement that outlives the time limit is cancelled, and its caller answered at the limit.
 * Blocking (DuckDB): runs on the query runner's threads, at most `concurrency` at once, the caller waiting.
 */
@ApplicationScoped
public class QueryService {

    /** Stack of a query thread: DuckDB's deepest expression (1000 levels) needs about 10 MiB. */
    static final long RUNNER_STACK_BYTES = 32L << 20;

    private final ParquetCache parquet;
    private final DuckDb duckdb;
    private final SqlSandbox sandbox;
    private final WorkDirectory work;
    private final FilesConfig config;
    private final Semaphore slots;
    // DuckDB's threads for queries: no more than the slots allow run at once, even those past their time
    // DuckDB parses and binds on the calling thread, recursively: a Java thread's default stack (1 MiB) ends before
    // DuckDB's own depth limit (1000) does, and a deep expression (SELECT 1 + 1 + … 800 times) would crash the process
    private final ExecutorService runner = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(null, r, "query-runner", RUNNER_STACK_BYTES);
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "query-timeout");
        t.setDaemon(true);
        return t;
    });

    public QueryService(ParquetCache parquet, DuckDb duckdb, SqlSandbox sandbox, WorkDirectory work, FilesConfig config) {
        this.parquet = parquet;
        this.duckdb = duckdb;
        this.sandbox = sandbox;
        this.work = work;
        this.config = config;
        this.slots = new Semaphore(Math.max(1, config.query().concurrency()), true);
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
        runner.shutdownNow();
    }

    public QueryResult run(StoredFile file, String sql) throws InterruptedException {
        if (file.status != FileStatus.READY) {
            throw new FileNotReadyException(file.id, file.status, file.error);
        }
        if (!slots.tryAcquire(config.query().queueTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            // with Retry-After: an overload of this replica, which callers (the gateway's circuit breaker among them)
            // must not take for file-service failing
            throw new ProblemException(503, "Service Unavailable",
                    "Too many queries are running on this replica; retry shortly.").withHeader("Retry-After", "1");
        }
        // DuckDB runs on its own thread so that the caller gets its answer at the time limit even when a statement
        // ignores the cancel (one huge value being built); the slot is freed only once DuckDB is really done
        AtomicLong deadline = new AtomicLong(Long.MAX_VALUE);
        CompletableFuture<QueryResult> work = new CompletableFuture<>();
        try {
            runner.execute(() -> {
                try {
                    work.complete(runNow(file, sql, deadline));
                } catch (Throwable e) {
                    work.completeExceptionally(e);
                } finally {
                    slots.release();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
        return await(work, deadline);
    }

    private QueryResult await(CompletableFuture<QueryResult> work, AtomicLong deadline) throws InterruptedException {
        while (true) {
            long end = deadline.get();
            long wait = end == Long.MAX_VALUE ? TimeUnit.MILLISECONDS.toNanos(200) : end - System.nanoTime();
            try {
                if (wait <= 0) {
                    return work.isDone() ? work.get() : timedOut();
                }
                return work.get(wait, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // not started yet (waiting for its Parquet copy), or still within its time: wait on
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    private QueryResult timedOut() {
        Log.warnf("a query outlived its time limit and its cancellation; answered 422, DuckDB finishes in the background");
        throw timeLimit();
    }

    private QueryResult runNow(StoredFile file, String sql, AtomicLong deadline) {
        Path temp = work.duckdbTemp().resolve(UUID.randomUUID().toString());
        try (ParquetCache.Lease lease = parquet.acquire(file.id, file.sha256, file.parquetKey);
                Connection db = duckdb.open(temp)) {
            lockDown(db, lease.path());
            sandbox.check(db, sql);
            return execute(db, sql, deadline);
        } catch (SQLException e) {
            throw new IllegalStateException("the query database could not be prepared", e);
        } catch (NoSuchKeyException e) {
            // deleted while this query waited for its turn: the file is gone, as a new request would find
            throw FileService.notFound(file.id);
        } finally {
            WorkDirectory.deleteRecursively(temp);
        }
    }

    /** Exposes the one file as "data", then closes every other door and locks them. */
    private static void lockDown(Connection db, Path file) throws SQLException {
        String path = DuckDb.literal(file);
        DuckDb.execute(db, "CREATE VIEW " + SqlSandbox.TABLE + " AS SELECT * FROM read_parquet(" + path + ")");
        // rows come in the order the query gives them (the file's, or its ORDER BY's), through the size wrapper too
        DuckDb.execute(db, "SET preserve_insertion_order = true");
        DuckDb.execute(db, "SET allowed_paths = [" + path + "]");
        DuckDb.execute(db, "SET enable_external_access = false");
        DuckDb.execute(db, "SET lock_configuration = true");
    }

    private QueryResult execute(Connection db, String sql, AtomicLong deadline) {
        int maxRows = config.query().maxRows();
        long maxBytes = config.query().maxResultSize().asLongValue();
        AtomicBoolean timedOut = new AtomicBoolean();
        List<QueryResult.ResultColumn> columns = new ArrayList<>();
        // the clock starts before the statement is prepared: DuckDB folds constant expressions (repeat('x', 1e9))
        // while preparing, and the caller's answer may not wait for them past the limit
        long timeout = config.query().timeout().toNanos();
        long started = System.nanoTime();
        deadline.set(started + timeout + TimeUnit.MILLISECONDS.toNanos(500));
        // prepared: DuckDB's JDBC driver reports the real error of a failed prepare, not a generic one; the user's
        // own statement first, so that errors speak of its text and the result of its column names
        try (PreparedStatement own = db.prepareStatement(sql)) {
            ResultSetMetaData meta = own.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(new QueryResult.ResultColumn(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
            }
        } catch (SQLException e) {
            throw problem(e, false);
        }
        int n = columns.size();
        int maxColumns = config.limits().maxColumns();
        if (n > maxColumns) {
            throw ProblemException.badRequest("The result has " + n + " columns; a query may return at most "
                    + maxColumns + ".");
        }
        List<String> types = columns.stream().map(QueryResult.ResultColumn::type).toList();
        try (PreparedStatement statement = db.prepareStatement(ResultSize.bounded(sql, types, maxBytes))) {
            if (System.nanoTime() - started >= timeout) {
                // the time went on preparing: DuckDB's cancel only reaches a statement that is executing, so one that
                // has not started yet would run unbounded
                timedOut.set(true);
                throw timeLimit();
            }
            ScheduledFuture<?> cancel = timer.schedule(() -> {
                timedOut.set(true);
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException e) {
                    Log.debugf("cancel failed: %s", e.toString());
                }
            }, Math.max(0, started + timeout - System.nanoTime()), TimeUnit.NANOSECONDS);
            try (ResultSet rs = statement.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                boolean truncated = false;
                boolean tooLarge = false;
                while (rs.next()) {
                    if (timedOut.get()) {
                        // a cancel between two fetches is not heard: stop reading here
                        throw timeLimit();
                    }
                    if (rows.size() == maxRows) {
                        truncated = true;
                        break;
                    }
                    if (rs.getLong(n + 1) > maxBytes) {
                        // the wrapper has already emptied this row's values: none of it reached this heap
                        truncated = true;
                        tooLarge = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(JsonValues.of(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                if (tooLarge && rows.isEmpty()) {
                    throw ProblemException.unprocessable("The first row of the result alone is larger than the "
                            + maxBytes + " bytes a result may hold; select fewer or shorter values (for example "
                            + "left(text, 1000)).");
                }
                if (timedOut.get()) {
                    // cancelled as it began: what it read is no answer
                    throw timeLimit();
                }
                return new QueryResult(columns, rows, rows.size(), truncated);
            } finally {
                cancel.cancel(false);
            }
        } catch (SQLException e) {
            throw problem(e, timedOut.get());
        }
    }

    private ProblemException problem(SQLException e, boolean timedOut) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (timedOut || lower.contains("interrupt")) {
            return timeLimit();
        }
        if (lower.contains("out of memory")) {
            return ProblemException.unprocessable("The query needs more memory than a query may use; aggregate or "
                    + "filter more before returning rows.");
        }
        if (lower.contains("permission error") || lower.contains("disabled by configuration")
                || lower.contains("lock_configuration") || lower.contains("configuration has been locked")) {
            return ProblemException.badRequest("The query may only read the table 'data' of this file: " + clean(message));
        }
        if (lower.startsWith("internal error") || lower.contains("fatal error")) {
            throw new IllegalStateException("DuckDB failed on a query", e);
        }
        return ProblemException.badRequest("The query failed: " + clean(message));
    }

    private ProblemException timeLimit() {
        return ProblemException.unprocessable("The query ran longer than " + config.query().timeout().toSeconds()
                + " s and was stopped; narrow it down (filter, aggregate, or add a LIMIT).");
    }

    private static String clean(String message) {
        String text = message.replaceAll("(?s)\\n\\s*LINE \\d+:.*", "").replaceAll("\\s+", " ").strip();
        // never show where the server keeps its files
        text = text.replaceAll("(/[^\\s'\"]+)+\\.parquet", "data");
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

}
