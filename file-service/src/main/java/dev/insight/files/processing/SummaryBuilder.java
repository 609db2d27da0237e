package dev.insight.files.processing;

import dev.insight.files.config.FilesConfig;
import dev.insight.files.engine.DuckDb;
import dev.insight.files.engine.JsonValues;
import dev.insight.files.summary.DatasetSummary;
import dev.insight.files.summary.DatasetSummary.Alert;
import dev.insight.files.summary.DatasetSummary.AlertKind;
import dev.insight.files.summary.DatasetSummary.ColumnSummary;
import dev.insight.files.summary.DatasetSummary.TopValue;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Computes a dataset's summary from its Parquet copy. One aggregate query reads every column once for counts,
 * extremes, moments and percentiles (a wide file's columns a slice at a time, so that their states fit in memory); top values are one grouped read of each column (Parquet reads only that
 * column), which also counts its distinct values exactly. Exact up to a configured row count; beyond it quartiles
 * come from a t-digest (approx_quantile; exact up to 65,536 rows), the mixed-types check from a sample of rows, and a column that is nearly all
 * distinct is not grouped but estimated (HyperLogLog), which keeps a summary of a gigabyte-sized file to seconds.
 * Blocking (DuckDB): runs on the processing worker.
 */
@ApplicationScoped
public class SummaryBuilder {

    /** A column of the dataset as DuckDB typed it. */
    public record Column(String name, String type) {
    }

    /** Up to this many rows quartiles stay exact whatever the limit: quantile_cont then holds little in memory. */
    private static final long EXACT_QUANTILE_ROWS = 65_536;

    /**
     * Memory the aggregate states of one summary scan may take (DuckDB's whole limit is 256 MB by default, and every
     * one of its threads keeps states of its own): a column's states cost about {@link #COLUMN_STATE_BYTES} (measured:
     * a thousand columns of two rows overran 256 MB in one scan), and exact quartiles keep each value besides.
     */
    private static final long SCAN_STATE_BUDGET = 64L << 20;
    private static final long COLUMN_STATE_BYTES = 256L << 10;
    /** A value kept for exact quartiles, per thread (two). */
    private static final long QUANTILE_VALUE_BYTES = 16;

    /** Rows sampled for the mixed-types check of large files. */
    private static final int TYPE_SAMPLE = 100_000;

    private final FilesConfig config;

    public SummaryBuilder(FilesConfig config) {
        this.config = config;
    }

    public DatasetSummary build(Connection db, String table, List<Column> columns, String format, String sheet,
            List<String> sheets) throws SQLException {
        try {
            return build(db, table, columns, format, sheet, sheets, true);
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("STDDEV_SAMP is out of range")) {
                throw e;
            }
            // values near the limits of a double (1e308): their spread is not a number either; the rest still is
            return build(db, table, columns, format, sheet, sheets, false);
        }
    }

    private DatasetSummary build(Connection db, String table, List<Column> columns, String format, String sheet,
            List<String> sheets, boolean spread) throws SQLException {
        FilesConfig.Summary limits = config.summary();
        long rowCount = scalarLong(db, "SELECT count(*) FROM " + table);
        boolean exact = rowCount <= limits.exactMaxRows();
        boolean exactQuantiles = rowCount <= Math.max(limits.exactMaxRows(), EXACT_QUANTILE_ROWS);

        final int per = 8;
        double[] numericShare = exact ? null : numericShareOfSample(db, table, columns, rowCount);
        List<ColumnSummary> summaries = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        // each column's aggregate states live until the scan ends (for exact quartiles, every value): a wide file is
        // summarised a slice of columns at a time, each slice one scan of its own columns (Parquet reads only those)
        long perColumn = COLUMN_STATE_BYTES + (exactQuantiles ? rowCount * QUANTILE_VALUE_BYTES : 0);
        int slice = (int) Math.max(1, Math.min(columns.size(), SCAN_STATE_BUDGET / perColumn));
        for (int from = 0; from < columns.size(); from += slice) {
            List<Column> part = columns.subList(from, Math.min(columns.size(), from + slice));
            List<String> aggregates = new ArrayList<>();
            for (Column c : part) {
                String q = DuckDb.identifier(c.name());
                ColumnKind kind = ColumnKind.of(c.type());
                aggregates.add("count(" + q + ")");
                // an estimate only: the top-values grouping below replaces it with the exact count
                aggregates.add("approx_count_distinct(" + q + ")");
                aggregates.add(kind.orderable() ? DuckDb.readable("min(" + q + ")", c.type()) : "NULL");
                aggregates.add(kind.orderable() ? DuckDb.readable("max(" + q + ")", c.type()) : "NULL");
                if (kind.numeric()) {
                    // a DECIMAL's sum overflows past 38 digits (integers wider than BIGINT are read as DECIMAL(38,0)): its
                    // mean is taken in DOUBLE, as the mean is shown anyway
                    aggregates.add(c.type().startsWith("DECIMAL") ? "avg(" + q + "::DOUBLE)" : "avg(" + q + ")::DOUBLE");
                    aggregates.add(spread ? "stddev_samp(" + q + ")::DOUBLE" : "NULL");
                    // beyond the exact limit a t-digest over every value (DuckDB's reservoir_quantile leans towards the
                    // end of ordered data)
                    aggregates.add(exactQuantiles ? "quantile_cont(" + q + "::DOUBLE, [0.25, 0.5, 0.75])"
                            : "approx_quantile(" + q + "::DOUBLE, [0.25, 0.5, 0.75])");
                } else {
                    aggregates.add("NULL");
                    aggregates.add("NULL");
                    aggregates.add("NULL");
                }
                // text that is partly numbers is worth an alert; parsing every value is the costliest aggregate, so
                // large files answer it from a sample instead (below)
                aggregates.add(kind == ColumnKind.TEXT && exact ? "count(TRY_CAST(" + q + " AS DOUBLE))" : "NULL");
            }
            try (PreparedStatement s = db.prepareStatement("SELECT " + String.join(", ", aggregates) + " FROM " + table);
                    ResultSet rs = s.executeQuery()) {
                rs.next();
                for (int j = 0; j < part.size(); j++) {
                    int i = from + j;
                    Column c = part.get(j);
                    ColumnKind kind = ColumnKind.of(c.type());
                    int base = j * per + 1;
                    long nonNull = rs.getLong(base);
                    long estimate = Math.min(rs.getLong(base + 1), nonNull);
                    Object min = JsonValues.cut(JsonValues.of(rs.getObject(base + 2)), limits.maxValueChars());
                    Object max = JsonValues.cut(JsonValues.of(rs.getObject(base + 3)), limits.maxValueChars());
                    Double mean = finite(rs.getObject(base + 4));
                    Double stddev = finite(rs.getObject(base + 5));
                    Double[] quartiles = quartiles(rs.getArray(base + 6));
                    Object numeric = rs.getObject(base + 7);
                    long nullCount = rowCount - nonNull;
                    Grouped grouped = topValues(db, table, c, kind, nonNull, estimate, exact);
                    // the grouping behind the top values counts the distinct values exactly, for free
                    boolean distinctExact = exact || grouped.groups() >= 0;
                    long distinct = grouped.groups() >= 0 ? grouped.groups() : estimate;
                    summaries.add(new ColumnSummary(c.name(), c.type(), nullCount, distinct, min, max, mean, stddev,
                            quartiles[0], quartiles[1], quartiles[2], grouped.top()));
                    double numericLike = exact
                            ? (numeric == null ? -1 : ((Number) numeric).doubleValue() / Math.max(1, nonNull))
                            : numericShare[i];
                    alerts.addAll(alerts(c, kind, rowCount, nonNull, distinct, distinctExact, exact, numericLike));
                }
            }
        }
        List<List<Object>> sample = new ArrayList<>();
        if (!columns.isEmpty()) {
            String values = String.join(", ", columns.stream()
                    .map(c -> DuckDb.readable(DuckDb.identifier(c.name()), c.type())).toList());
            try (PreparedStatement s = db.prepareStatement("SELECT " + values + " FROM " + table + " LIMIT "
                    + limits.sampleRows());
                    ResultSet rs = s.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>(n);
                    for (int i = 1; i <= n; i++) {
                        row.add(JsonValues.cut(JsonValues.of(rs.getObject(i)), limits.maxValueChars()));
                    }
                    sample.add(row);
                }
            }
        }
        return new DatasetSummary(rowCount, summaries, sample, alerts, !exact, format, sheet, sheets);
    }

    /** A column's most frequent values and its number of distinct values (-1 when the grouping was skipped). */
    private record Grouped(List<TopValue> top, long groups) {
    }

    private Grouped topValues(Connection db, String table, Column c, ColumnKind kind, long nonNull, long estimate,
            boolean exact) throws SQLException {
        int k = config.summary().topValues();
        if (nonNull == 0) {
            return new Grouped(List.of(), 0);
        }
        // on large files a column that is (nearly) all distinct has no top values worth a full grouping
        if (!exact && estimate > 0.5 * nonNull && estimate > 100_000) {
            return new Grouped(List.of(), -1);
        }
        String q = DuckDb.identifier(c.name());
        // records and lists are counted as themselves and listed as JSON objects and arrays, as in the sample rows;
        // other types the summary cannot write as JSON (maps, blobs, intervals) as their text
        String type = c.type().toUpperCase(Locale.ROOT);
        String value = kind != ColumnKind.OTHER || type.startsWith("STRUCT") || type.endsWith("]")
                ? DuckDb.readable(q, c.type()) : q + "::VARCHAR";
        String sql = "SELECT v, n, count(*) OVER () AS groups FROM (SELECT " + value + " AS v, count(*) AS n FROM "
                + table + " WHERE " + q + " IS NOT NULL GROUP BY ALL) ORDER BY n DESC, v ASC LIMIT " + Math.max(1, k);
        List<TopValue> top = new ArrayList<>();
        long groups = 0;
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                groups = rs.getLong(3);
                if (top.size() < k) {
                    top.add(new TopValue(JsonValues.cut(JsonValues.of(rs.getObject(1)), config.summary().maxValueChars()),
                            rs.getLong(2)));
                }
            }
        }
        return new Grouped(top, groups);
    }

    /**
     * For each text column, the share of a sample's non-null values that parse as numbers (-1 for other columns):
     * about {@value #TYPE_SAMPLE} rows, read in whole vectors (system sampling) so that most of the data is skipped.
     */
    private static double[] numericShareOfSample(Connection db, String table, List<Column> columns, long rowCount)
            throws SQLException {
        double[] share = new double[columns.size()];
        Arrays.fill(share, -1);
        List<String> aggregates = new ArrayList<>();
        List<Integer> text = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (ColumnKind.of(columns.get(i).type()) == ColumnKind.TEXT) {
                String q = DuckDb.identifier(columns.get(i).name());
                aggregates.add("count(TRY_CAST(" + q + " AS DOUBLE))");
                aggregates.add("count(" + q + ")");
                text.add(i);
            }
        }
        if (text.isEmpty()) {
            return share;
        }
        double percent = Math.min(100.0, 100.0 * TYPE_SAMPLE / Math.max(1, rowCount));
        String sql = "SELECT " + String.join(", ", aggregates) + " FROM " + table + " USING SAMPLE "
                + String.format(Locale.ROOT, "%.4f", percent) + "% (system, 42)";
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            for (int j = 0; j < text.size(); j++) {
                long numbers = rs.getLong(2 * j + 1);
                long values = rs.getLong(2 * j + 2);
                share[text.get(j)] = values == 0 ? -1 : (double) numbers / values;
            }
        }
        return share;
    }

    private List<Alert> alerts(Column c, ColumnKind kind, long rows, long nonNull, long distinct,
            boolean distinctExact, boolean exact, double numericShare) {
        FilesConfig.Summary limits = config.summary();
        List<Alert> alerts = new ArrayList<>();
        if (rows == 0) {
            return alerts;
        }
        if (nonNull == 0) {
            alerts.add(new Alert(c.name(), AlertKind.ALL_NULL, "every value is null"));
            return alerts;
        }
        long nulls = rows - nonNull;
        if ((double) nulls / rows >= limits.mostlyNullRatio()) {
            alerts.add(new Alert(c.name(), AlertKind.MOSTLY_NULL,
                    String.format(Locale.ROOT, "%d of %d values are null (%.1f%%)", nulls, rows, 100.0 * nulls / rows)));
        }
        if (distinct == 1 && rows > 1) {
            alerts.add(new Alert(c.name(), AlertKind.CONSTANT,
                    nulls == 0 ? "every value is the same" : "every non-null value is the same"));
        }
        // a HyperLogLog estimate of a large column can be off by several per cent either way
        boolean unique = distinctExact ? distinct == nonNull : distinct >= 0.85 * nonNull;
        boolean idLike = kind == ColumnKind.INTEGER || kind == ColumnKind.TEXT || kind == ColumnKind.UUID;
        if (unique && nulls == 0 && rows >= 2 && idLike) {
            alerts.add(new Alert(c.name(), AlertKind.POSSIBLE_ID,
                    "every value is distinct and none is null: probably an identifier, not a measure"));
        } else if (kind == ColumnKind.TEXT && nonNull >= limits.highCardinalityMinRows()
                && (double) distinct / nonNull >= limits.highCardinalityRatio()) {
            alerts.add(new Alert(c.name(), AlertKind.HIGH_CARDINALITY,
                    String.format(Locale.ROOT, "%d distinct values in %d rows: grouping by it gives little", distinct,
                            nonNull)));
        }
        if (kind == ColumnKind.TEXT && numericShare > 0 && numericShare < 1) {
            alerts.add(new Alert(c.name(), AlertKind.MIXED_TYPES, exact
                    ? String.format(Locale.ROOT, "%d of %d values are numbers, the others text",
                            Math.round(numericShare * nonNull), nonNull)
                    : String.format(Locale.ROOT, "about %.1f%% of the values are numbers (from a sample), the others text",
                            100 * numericShare)));
        }
        return alerts;
    }

    private static Double[] quartiles(Array array) throws SQLException {
        Double[] out = new Double[3];
        if (array == null) {
            return out;
        }
        Object[] values = (Object[]) array.getArray();
        for (int i = 0; i < 3 && i < values.length; i++) {
            out[i] = finite(values[i]);
        }
        return out;
    }

    private static Double finite(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        return null;
    }

    static long scalarLong(Connection db, String sql) throws SQLException {
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
