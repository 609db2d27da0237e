package dev.insight.files.query;

import dev.insight.files.config.FilesConfig;
import dev.insight.files.engine.DuckDb;
import dev.insight.files.engine.JsonValues;
import dev.insight.files.engine.ParquetCache;
import dev.insight.files.engine.WorkDirectory;
import dev.insight.files.error.FileNotReadyException;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs user SQL over one READY file. Each query gets its own in-memory DuckDB whose only readable file is that
 * file's Parquet copy (exposed as the view "data"), with external access disabled and configuration locked
 * before the user's text is even parsed. Rows are read as they stream and cut at the row limit; a statement that
 * outlives the time limit is cancelled. Blocking (DuckDB): runs on a worker thread, at most `concurrency` at once.
 */
@ApplicationScoped
public class QueryService {

    private final ParquetCache parquet;
    private final DuckDb duckdb;
    private final SqlSandbox sandbox;
    private final WorkDirectory work;
    private final FilesConfig config;
    private final Semaphore slots;
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
    }

    public QueryResult run(StoredFile file, String sql) throws InterruptedException {
        if (file.status != FileStatus.READY) {
            throw new FileNotReadyException(file.id, file.status, file.error);
        }
        if (!slots.tryAcquire(config.query().queueTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ProblemException(503, "Service Unavailable",
                    "Too many queries are running on this replica; retry shortly.");
        }
        Path temp = work.duckdbTemp().resolve(UUID.randomUUID().toString());
        try (ParquetCache.Lease lease = parquet.acquire(file.id, file.sha256, file.parquetKey);
                Connection db = duckdb.open(temp)) {
            lockDown(db, lease.path());
            sandbox.check(db, sql);
            return execute(db, sql);
        } catch (SQLException e) {
            throw new IllegalStateException("the query database could not be prepared", e);
        } finally {
            slots.release();
            WorkDirectory.deleteRecursively(temp);
        }
    }

    /** Exposes the one file as "data", then closes every other door and locks them. */
    private static void lockDown(Connection db, Path file) throws SQLException {
        String path = DuckDb.literal(file);
        DuckDb.execute(db, "CREATE VIEW " + SqlSandbox.TABLE + " AS SELECT * FROM read_parquet(" + path + ")");
        DuckDb.execute(db, "SET allowed_paths = [" + path + "]");
        DuckDb.execute(db, "SET enable_external_access = false");
        DuckDb.execute(db, "SET lock_configuration = true");
    }

    private QueryResult execute(Connection db, String sql) {
        int maxRows = config.query().maxRows();
        AtomicBoolean timedOut = new AtomicBoolean();
        // prepared: DuckDB's JDBC driver reports the real error of a failed prepare, not a generic one
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            ScheduledFuture<?> deadline = timer.schedule(() -> {
                timedOut.set(true);
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException e) {
                    Log.debugf("cancel failed: %s", e.toString());
                }
            }, config.query().timeout().toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet rs = statement.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                int n = meta.getColumnCount();
                List<QueryResult.ResultColumn> columns = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    columns.add(new QueryResult.ResultColumn(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
                }
                List<List<Object>> rows = new ArrayList<>();
                boolean truncated = false;
                while (rs.next()) {
                    if (rows.size() == maxRows) {
                        truncated = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(JsonValues.of(rs.getObject(i)));
                    }
                    rows.add(row);
                }
                return new QueryResult(columns, rows, rows.size(), truncated);
            } finally {
                deadline.cancel(false);
            }
        } catch (SQLException e) {
            throw problem(e, timedOut.get());
        }
    }

    private ProblemException problem(SQLException e, boolean timedOut) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (timedOut || lower.contains("interrupt")) {
            return ProblemException.unprocessable("The query ran longer than " + config.query().timeout().toSeconds()
                    + " s and was stopped; narrow it down (filter, aggregate, or add a LIMIT).");
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

    private static String clean(String message) {
        String text = message.replaceAll("(?s)\\n\\s*LINE \\d+:.*", "").replaceAll("\\s+", " ").strip();
        // never show where the server keeps its files
        text = text.replaceAll("(/[^\\s'\"]+)+\\.parquet", "data");
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }

}
