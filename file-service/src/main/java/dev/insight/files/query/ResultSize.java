package dev.insight.files.query;

import dev.insight.files.engine.DuckDb;
import java.util.List;
import java.util.StringJoiner;

/**
 * Bounds a result by bytes inside DuckDB, before any value reaches the JVM: DuckDB's JDBC driver turns a whole
 * chunk of rows (up to 2048) into Java objects at once, so a check in Java would come after a single huge value had
 * already filled the heap. The user's statement is wrapped to add, per row, a running total of its values' length
 * as JSON (a streaming window, which keeps the rows' order), and the values of every row past the budget are
 * replaced by NULL; the caller stops at the first such row.
 */
final class ResultSize {

    /** Per value: two quotes and a comma, roughly, besides its text. */
    private static final int VALUE_OVERHEAD = 3;

    private ResultSize() {
    }

    /**
     * The statement, wrapped: the same n columns (as c1..cn, each readable by the driver: see
     * {@link DuckDb#readable}), then the running byte total as column n + 1. The user's text was checked by the
     * sandbox (one SELECT); it goes in on lines of its own so that a trailing comment cannot swallow the wrapper.
     * The row's size is one flat list sum, not a chain of additions: DuckDB binds {@code a + b + …} recursively, and
     * a chain as long as a wide result has columns would run out of stack.
     */
    static String bounded(String sql, List<String> types, long maxBytes) {
        int columns = types.size();
        StringJoiner names = new StringJoiner(", ");
        StringJoiner sizes = new StringJoiner(", ");
        StringJoiner values = new StringJoiner(", ");
        for (int i = 1; i <= columns; i++) {
            String c = "c" + i;
            names.add(c);
            // the value as JSON will write it: quotes, and escapes for quotes and control characters (a NUL is six
            // bytes there, one here)
            sizes.add("coalesce(strlen(CAST(to_json(" + c + ") AS VARCHAR)), 4)");
            values.add("CASE WHEN total_bytes <= " + maxBytes + " THEN " + DuckDb.readable(c, types.get(i - 1)) + " END");
        }
        return "SELECT " + values + ", total_bytes FROM (SELECT sized.*, (sum(row_bytes) OVER "
                + "(ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))::BIGINT AS total_bytes FROM (SELECT q.*, "
                + "list_sum([" + sizes + "]) + " + (VALUE_OVERHEAD * columns + 2) + " AS row_bytes FROM (\n"
                + withoutTrailingSemicolons(sql) + "\n) AS q(" + names + ")) AS sized) AS bounded";
    }

    static String withoutTrailingSemicolons(String sql) {
        return sql.replaceAll("[\\s;]+$", "");
    }
}
