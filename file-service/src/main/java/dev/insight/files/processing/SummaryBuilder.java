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
import java.util.List;
import java.util.Locale;

/**
 * Computes a dataset's summary from its Parquet copy. One aggregate query reads every column once for counts,
 * extremes, moments and percentiles; top values are one grouped read of each column (Parquet reads only that
 * column). Exact up to a configured row count, approximate (HyperLogLog, t-digest) beyond it, like DuckDB's own
 * SUMMARIZE. Blocking (DuckDB): runs on the processing worker.
 */
@ApplicationScoped
public class SummaryBuilder {

    /** A column of the dataset as DuckDB typed it. */
    public record Column(String name, String type) {
    }

    private final FilesConfig config;

    public SummaryBuilder(FilesConfig config) {
        this.config = config;
    }

    public DatasetSummary build(Connection db, String table, List<Column> columns, String format, String sheet,
            List<String> sheets) throws SQLException {
        FilesConfig.Summary limits = config.summary();
        long rowCount = scalarLong(db, "SELECT count(*) FROM " + table);
        boolean exact = rowCount <= limits.exactMaxRows();

        List<String> aggregates = new ArrayList<>();
        for (Column c : columns) {
            String q = DuckDb.identifier(c.name());
            ColumnKind kind = ColumnKind.of(c.type());
            aggregates.add("count(" + q + ")");
            aggregates.add(exact ? "count(DISTINCT " + q + ")" : "approx_count_distinct(" + q + ")");
            aggregates.add(kind.orderable() ? "min(" + q + ")" : "NULL");
            aggregates.add(kind.orderable() ? "max(" + q + ")" : "NULL");
            if (kind.numeric()) {
                aggregates.add("avg(" + q + ")::DOUBLE");
                aggregates.add("stddev_samp(" + q + ")::DOUBLE");
                aggregates.add((exact ? "quantile_cont(" : "approx_quantile(") + q + "::DOUBLE, [0.25, 0.5, 0.75])");
            } else {
                aggregates.add("NULL");
                aggregates.add("NULL");
                aggregates.add("NULL");
            }
            // text that is partly numbers is worth an alert
            aggregates.add(kind == ColumnKind.TEXT ? "count(TRY_CAST(" + q + " AS DOUBLE))" : "NULL");
        }
        final int per = 8;
        List<ColumnSummary> summaries = new ArrayList<>();
        List<Alert> alerts = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT " + String.join(", ", aggregates) + " FROM " + table);
                ResultSet rs = s.executeQuery()) {
            rs.next();
            for (int i = 0; i < columns.size(); i++) {
                Column c = columns.get(i);
                ColumnKind kind = ColumnKind.of(c.type());
                int base = i * per + 1;
                long nonNull = rs.getLong(base);
                long distinct = Math.min(rs.getLong(base + 1), nonNull);
                Object min = JsonValues.cut(JsonValues.of(rs.getObject(base + 2)), limits.maxValueChars());
                Object max = JsonValues.cut(JsonValues.of(rs.getObject(base + 3)), limits.maxValueChars());
                Double mean = finite(rs.getObject(base + 4));
                Double stddev = finite(rs.getObject(base + 5));
                Double[] quartiles = quartiles(rs.getArray(base + 6));
                Object numeric = rs.getObject(base + 7);
                long nullCount = rowCount - nonNull;
                List<TopValue> top = topValues(db, table, c, kind, nonNull, distinct, exact);
                summaries.add(new ColumnSummary(c.name(), c.type(), nullCount, distinct, min, max, mean, stddev,
                        quartiles[0], quartiles[1], quartiles[2], top));
                alerts.addAll(alerts(c, kind, rowCount, nonNull, distinct, exact,
                        numeric == null ? -1 : ((Number) numeric).longValue()));
            }
        }
        List<List<Object>> sample = new ArrayList<>();
        if (!columns.isEmpty()) {
            try (PreparedStatement s = db.prepareStatement("SELECT * FROM " + table + " LIMIT " + limits.sampleRows());
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

    private List<TopValue> topValues(Connection db, String table, Column c, ColumnKind kind, long nonNull,
            long distinct, boolean exact) throws SQLException {
        int k = config.summary().topValues();
        // on large files a column that is (nearly) all distinct has no top values worth a full grouping
        if (nonNull == 0 || k == 0 || (!exact && distinct > 0.5 * nonNull && distinct > 100_000)) {
            return List.of();
        }
        String q = DuckDb.identifier(c.name());
        String value = kind == ColumnKind.OTHER ? q + "::VARCHAR" : q;
        String sql = "SELECT " + value + " AS v, count(*) AS n FROM " + table + " WHERE " + q
                + " IS NOT NULL GROUP BY ALL ORDER BY n DESC, v ASC LIMIT " + k;
        List<TopValue> top = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                top.add(new TopValue(JsonValues.cut(JsonValues.of(rs.getObject(1)), config.summary().maxValueChars()),
                        rs.getLong(2)));
            }
        }
        return top;
    }

    private List<Alert> alerts(Column c, ColumnKind kind, long rows, long nonNull, long distinct, boolean exact,
            long numericLike) {
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
        boolean unique = exact ? distinct == nonNull : distinct >= 0.98 * nonNull;
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
        if (kind == ColumnKind.TEXT && numericLike > 0 && numericLike < nonNull) {
            alerts.add(new Alert(c.name(), AlertKind.MIXED_TYPES,
                    String.format(Locale.ROOT, "%d of %d values are numbers, the others text", numericLike, nonNull)));
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
