package dev.insight.files.query;

import dev.insight.files.engine.DuckDb;
import dev.insight.files.engine.JsonValues;
import dev.insight.support.problem.ProblemException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one user statement over one file, inside a query worker process (see {@link QueryWorkerMain}): a fresh
 * in-memory DuckDB whose only readable file is that file's Parquet copy (exposed as the view "data"), with external
 * access disabled and configuration locked before the user's text is even parsed. Rows are read as they stream
 * and cut at the row and byte limits (see {@link ResultSize}); a statement that outlives the time limit is
 * cancelled. What DuckDB does not stop for (a cancel it does not hear, memory its limit does not count) is the
 * parent's to end, by ending the process.
 */
final class QueryEngine {

    /** Stack of the thread running queries: DuckDB's deepest expression (1000 levels) needs about 10 MiB. */
    static final long STACK_BYTES = 32L << 20;

    /** The limits a query runs under, sent with each query by the service (they are its configuration). */
    @io.quarkus.runtime.annotations.RegisterForReflection
    record Limits(String memoryLimit, int threads, String maxTempSize, int maxRows, long maxBytes, long timeoutMillis,
            int maxColumns, int sqlChars) {
    }

    private final Limits limits;
    private final SqlSandbox sandbox;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "query-timeout");
        t.setDaemon(true);
        return t;
    });

    QueryEngine(Limits limits) {
        this.limits = limits;
        this.sandbox = new SqlSandbox(limits.sqlChars());
    }

    Limits limits() {
        return limits;
    }

    void close() {
        timer.shutdownNow();
    }

    QueryResult run(Path parquet, Path temp, String sql) {
        try (Connection db = DuckDb.open(temp, limits.memoryLimit(), limits.threads(), limits.maxTempSize())) {
            lockDown(db, parquet);
            sandbox.check(db, sql);
            return execute(db, sql);
        } catch (SQLException e) {
            throw new IllegalStateException("the query database could not be prepared", e);
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

    private QueryResult execute(Connection db, String sql) {
        int maxRows = limits.maxRows();
        long maxBytes = limits.maxBytes();
        AtomicBoolean timedOut = new AtomicBoolean();
        List<QueryResult.ResultColumn> columns = new ArrayList<>();
        // the clock starts before the statement is prepared: DuckDB folds constant expressions (repeat('x', 1e9))
        // while preparing, and the caller's answer may not wait for them past the limit
        long timeout = TimeUnit.MILLISECONDS.toNanos(limits.timeoutMillis());
        long started = System.nanoTime();
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
        if (n > limits.maxColumns()) {
            throw ProblemException.badRequest("The result has " + n + " columns; a query may return at most "
                    + limits.maxColumns() + ".");
        }
        List<String> types = columns.stream().map(QueryResult.ResultColumn::type).toList();
        try (PreparedStatement statement = db.prepareStatement(ResultSize.bounded(sql, types, maxBytes))) {
            if (System.nanoTime() - started >= timeout) {
                // the time went on preparing: DuckDB's cancel only reaches a statement that is executing, so one that
                // has not started yet would run unbounded
                throw timeLimit(limits);
            }
            ScheduledFuture<?> cancel = timer.schedule(() -> {
                timedOut.set(true);
                try {
                    statement.cancel();
                } catch (SQLException | RuntimeException e) {
                    // the parent ends the process if the statement does not stop
                }
            }, Math.max(0, started + timeout - System.nanoTime()), TimeUnit.NANOSECONDS);
            try (ResultSet rs = statement.executeQuery()) {
                List<List<Object>> rows = new ArrayList<>();
                boolean truncated = false;
                boolean tooLarge = false;
                while (rs.next()) {
                    if (timedOut.get()) {
                        // a cancel between two fetches is not heard: stop reading here
                        throw timeLimit(limits);
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
                    throw timeLimit(limits);
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
            return timeLimit(limits);
        }
        if (lower.contains("out of memory")) {
            return outOfMemory();
        }
        if (lower.contains("permission error") || lower.contains("disabled by configuration")
                || lower.contains("lock_configuration") || lower.contains("configuration has been locked")) {
            return ProblemException.badRequest("The query may only read the table 'data' of this file: " + clean(message));
        }
        if (lower.startsWith("internal error") || lower.contains("fatal error")) {
            throw new IllegalStateException("DuckDB failed on a query: " + clean(message), e);
        }
        return ProblemException.badRequest("The query failed: " + clean(message));
    }

    static ProblemException timeLimit(Limits limits) {
        return ProblemException.unprocessable("The query ran longer than "
                + TimeUnit.MILLISECONDS.toSeconds(limits.timeoutMillis())
                + " s and was stopped; narrow it down (filter, aggregate, or add a LIMIT).");
    }

    static ProblemException outOfMemory() {
        return ProblemException.unprocessable("The query needs more memory than a query may use; aggregate or "
                + "filter more before returning rows.");
    }

    private static String clean(String message) {
        String text = message.replaceAll("(?s)\\n\\s*LINE \\d+:.*", "").replaceAll("\\s+", " ").strip();
        // never show where the server keeps its files
        text = text.replaceAll("(/[^\\s'\"]+)+\\.parquet", "data");
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
