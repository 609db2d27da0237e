package dev.insight.files.processing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.files.config.FilesConfig;
import dev.insight.files.engine.DuckDb;
import dev.insight.files.engine.ParquetCache;
import dev.insight.files.engine.WorkDirectory;
import dev.insight.files.file.FileFormat;
import dev.insight.files.storage.ObjectKeys;
import dev.insight.files.storage.ObjectStore;
import dev.insight.files.summary.DatasetSummary;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns an uploaded file into its Parquet copy and its summary: XLSX through a streaming reader, everything else
 * read by DuckDB (dialect, header and type detection), written once as Parquet, summarised from the Parquet.
 * Blocking (files, DuckDB, S3): runs on the processing executor only.
 */
@ApplicationScoped
public class DatasetProcessor {

    /** What processing produced: the Parquet object's key, the summary as JSON, and where the time went. */
    public record Result(String parquetKey, String summaryJson, long rowCount, String timings) {
    }

    /** Lets the worker stop a running job (lost claim, timeout, shutdown). */
    public static final class Job {
        private volatile Statement current;
        private volatile boolean cancelled;

        public void cancel() {
            cancelled = true;
            Statement s = current;
            if (s != null) {
                try {
                    s.cancel();
                } catch (SQLException | RuntimeException ignored) {
                    // the statement ended on its own
                }
            }
        }

        boolean cancelled() {
            return cancelled;
        }

        void run(Connection db, String sql) throws SQLException {
            check();
            try (PreparedStatement s = db.prepareStatement(sql)) {
                current = s;
                s.execute();
            } finally {
                current = null;
            }
        }

        /** The first row of a query's result (nulls when it has none). */
        Object[] row(Connection db, String sql, int width) throws SQLException {
            check();
            try (PreparedStatement s = db.prepareStatement(sql)) {
                current = s;
                try (ResultSet rs = s.executeQuery()) {
                    Object[] row = new Object[width];
                    if (rs.next()) {
                        for (int i = 0; i < width; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                    }
                    return row;
                }
            } finally {
                current = null;
            }
        }

        void check() {
            if (cancelled) {
                throw new CancelledException();
            }
        }
    }

    /** The job was stopped from outside; its claim is not ours to finish. */
    public static final class CancelledException extends RuntimeException {
        CancelledException() {
            super("processing cancelled", null, false, false);
        }
    }

    private final ObjectStore store;
    private final WorkDirectory work;
    private final DuckDb duckdb;
    private final XlsxConverter xlsx;
    private final SummaryBuilder summaries;
    private final ParquetCache cache;
    private final FilesConfig config;
    private final ObjectMapper json;

    public DatasetProcessor(ObjectStore store, WorkDirectory work, DuckDb duckdb, XlsxConverter xlsx,
            SummaryBuilder summaries, ParquetCache cache, FilesConfig config, ObjectMapper json) {
        this.store = store;
        this.work = work;
        this.duckdb = duckdb;
        this.xlsx = xlsx;
        this.summaries = summaries;
        this.cache = cache;
        this.config = config;
        this.json = json;
    }

    public Result process(ProcessingQueue.Claim claim, Job job) throws DatasetException, IOException, SQLException {
        Path dir = work.newJobDirectory(claim.fileId());
        CompletableFuture<Void> stored = null;
        String key = ObjectKeys.parquet(claim.owner(), claim.fileId());
        boolean done = false;
        try {
            long t0 = System.nanoTime();
            Path source = fetch(claim, dir);
            job.check();
            if (Files.size(source) == 0) {
                throw new DatasetException("The file is empty: there is no header and no data.");
            }
            String sheet = null;
            List<String> sheets = null;
            FileFormat readAs = claim.format();
            if (claim.format() == FileFormat.XLSX) {
                XlsxConverter.Converted converted = xlsx.toCsv(source, dir.resolve("sheet.csv"), job);
                source = converted.csv();
                sheet = converted.sheet();
                sheets = converted.sheets();
                readAs = FileFormat.CSV;
            }
            Path parquet = dir.resolve("data.parquet");
            Path temp = Files.createDirectories(dir.resolve("tmp"));
            DatasetSummary summary;
            long t1;
            long t2;
            try (Connection db = duckdb.open(temp)) {
                String from = convert(db, source, readAs, claim.format() == FileFormat.XLSX, parquet, job);
                t1 = System.nanoTime();
                // the Parquet copy travels to S3 while the summary is computed from it (both only read it)
                stored = store.putFileAsync(key, parquet, "application/vnd.apache.parquet");
                summary = summaries.build(db, from, describe(db, from), claim.format().name(), sheet, sheets);
                t2 = System.nanoTime();
            } catch (SQLException e) {
                job.check();
                throw new DatasetException(Readable.reason(e.getMessage(), dir, claim.name()));
            }
            job.check();
            await(stored);
            cache.adopt(claim.fileId(), claim.sha256(), parquet);
            long t3 = System.nanoTime();
            done = true;
            return new Result(key, storable(json.writeValueAsString(summary)), summary.rowCount(),
                    String.format(Locale.ROOT, "convert %d ms, summary %d ms, waiting for S3 %d ms",
                            (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000));
        } finally {
            if (!done && stored != null) {
                // the work directory goes away below: let the upload finish or fail first. Whether its object goes
                // too is the worker's call, from the file's row: another replica may have taken the file over and
                // written the same key.
                try {
                    await(stored);
                } catch (IOException | RuntimeException ignored) {
                    // nothing stored
                }
            }
            WorkDirectory.deleteRecursively(dir);
        }
    }

    private static void await(CompletableFuture<Void> stored) throws IOException {
        try {
            stored.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        }
    }


    /** The original, from this replica's spool when it received the upload, else from S3. */
    private Path fetch(ProcessingQueue.Claim claim, Path dir) throws IOException {
        Path source = dir.resolve("source" + claim.format().extension());
        Path spooled = work.spoolFile(claim.fileId());
        if (Files.exists(spooled)) {
            try {
                Files.move(spooled, source, StandardCopyOption.ATOMIC_MOVE);
                return source;
            } catch (IOException e) {
                Log.debugf("spooled copy of %s unusable, downloading: %s", claim.fileId(), e.toString());
            }
        }
        store.download(claim.objectKey(), source);
        return source;
    }

    /** Writes the dataset as Parquet; returns the table expression reading that Parquet. */
    private String convert(Connection db, Path source, FileFormat format, boolean sheet, Path parquet, Job job)
            throws SQLException, DatasetException, IOException {
        if (format == FileFormat.CSV || format == FileFormat.TSV) {
            // a header wider than allowed is refused before DuckDB's sniffer spends memory on it
            int width = HeaderWidth.of(source, (int) config.engine().maxLineSize().asLongValue());
            if (width > config.limits().maxColumns()) {
                throw new DatasetException("The file has " + width + " columns; at most " + config.limits().maxColumns()
                        + " are supported.");
            }
        }
        if (format == FileFormat.JSON && !JsonEnding.closesArray(source)) {
            throw new DatasetException("The JSON file does not end with the ']' that closes its array: it looks cut off "
                    + "(an interrupted download or export?), or something follows the array. Upload the whole file, "
                    + "one array of records.");
        }
        String encoding = null;
        String reader = reader(source, format, encoding, sheet, false);
        List<SummaryBuilder.Column> columns;
        try {
            columns = describe(db, reader);
        } catch (SQLException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if ((format == FileFormat.CSV || format == FileFormat.TSV) && message.contains("unicode")) {
                // not UTF-8: spreadsheets exported on Windows are often Latin-1
                encoding = "latin-1";
                reader = reader(source, format, encoding, sheet, false);
                columns = describe(db, reader);
            } else {
                throw e;
            }
        }
        if (columns.isEmpty()) {
            throw new DatasetException("The file has no columns.");
        }
        if (columns.size() == 1 && (format == FileFormat.CSV || format == FileFormat.TSV)) {
            // one column whose name holds delimiters: the sniffer gave up on a file whose rows disagree in width;
            // reading it with that delimiter names the offending line instead of pretending it is one column
            char delimiter = HeaderWidth.likelyDelimiter(columns.get(0).name());
            if (delimiter != 0) {
                String strict = reader.replace("auto_detect = true", "auto_detect = true, delim = "
                        + DuckDb.literal(String.valueOf(delimiter)));
                describe(db, strict);
                job.run(db, "SELECT count(*) FROM " + strict);
            }
        }
        if (columns.size() > config.limits().maxColumns()) {
            throw new DatasetException("The file has " + columns.size() + " columns; at most "
                    + config.limits().maxColumns() + " are supported.");
        }
        Map<String, String> types = format == FileFormat.PARQUET ? Map.of() : wideIntegers(db, reader, format, columns, job);
        reader = withTypes(reader, format, columns, types);
        try {
            copy(db, reader, parquet, job);
        } catch (SQLException e) {
            if (format == FileFormat.PARQUET || !isConversionError(e)) {
                throw e;
            }
            job.check();
            // a value far into the file that does not fit the type sniffed from its first rows ("n/a" in a column of
            // numbers): detect the types from every row instead, which types that column as text
            Log.debugf("types of %s re-detected from every row: %s", source.getFileName(), e.getMessage());
            Files.deleteIfExists(parquet);
            copy(db, withTypes(reader(source, format, encoding, sheet, true), format, columns, types), parquet, job);
        }
        return "read_parquet(" + DuckDb.literal(parquet) + ")";
    }

    /** The most digits DECIMAL holds: wider integers are kept as text, every digit of them. */
    private static final int DECIMAL_DIGITS = 38;
    private static final int TYPE_SAMPLE_ROWS = 10_000;

    /**
     * The types to override, by column, for columns the sniffer made DOUBLE only because their integers outgrow BIGINT
     * (20-digit ids, card or SIM numbers): as DOUBLE they would lose their last digits, as DECIMAL(38,0) they keep
     * every one (and past 38 digits, as text). A cast to DECIMAL(38,0) rounds a 1.5 silently, so a column qualifies
     * only when every row holds an integer — checked on a sample first (a column of fractions is out at once), then on
     * the whole file. A sum of such numbers can overflow DECIMAL(38,0): DuckDB then says so, it never rounds.
     */
    private static Map<String, String> wideIntegers(Connection db, String reader, FileFormat format,
            List<SummaryBuilder.Column> columns, Job job) throws SQLException {
        List<String> doubles = columns.stream().filter(c -> "DOUBLE".equals(c.type())).map(SummaryBuilder.Column::name)
                .toList();
        if (doubles.isEmpty()) {
            return Map.of();
        }
        // the sample: which columns hold only integers in their first rows (read as text: a JSON number as written)
        Object[] sampled = job.row(db, integralSql(withTypes(reader, format, columns, asText(doubles)), doubles, true),
                2 * doubles.size());
        List<String> candidates = new ArrayList<>();
        for (int i = 0; i < doubles.size(); i++) {
            if (Boolean.TRUE.equals(sampled[2 * i])) {
                candidates.add(doubles.get(i));
            }
        }
        if (candidates.isEmpty()) {
            return Map.of();
        }
        // the whole file, once: every value an integer, and how many digits the widest has
        Object[] whole = job.row(db, integralSql(withTypes(reader, format, columns, asText(candidates)), candidates, false),
                2 * candidates.size());
        Map<String, String> types = new java.util.LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            if (Boolean.TRUE.equals(whole[2 * i])) {
                types.put(candidates.get(i), ((Number) whole[2 * i + 1]).intValue() <= DECIMAL_DIGITS
                        ? "DECIMAL(" + DECIMAL_DIGITS + ",0)" : "VARCHAR");
            }
        }
        if (!types.isEmpty()) {
            Log.debugf("integer columns wider than BIGINT: %s", types);
        }
        return types;
    }

    private static Map<String, String> asText(List<String> names) {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        names.forEach(n -> types.put(n, "VARCHAR"));
        return types;
    }

    /**
     * Per column, read as text: whether it has values and every one is an integer, and the most digits one has. On a
     * sample of the first rows, or on the whole file.
     */
    private static String integralSql(String textReader, List<String> names, boolean sample) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < names.size(); i++) {
            String c = DuckDb.identifier(names.get(i));
            sql.append(i == 0 ? "" : ", ").append("count(").append(c).append(") > 0 AND bool_and(").append(c)
                    .append(" IS NULL OR regexp_full_match(").append(c).append(", '\\s*[+-]?[0-9]+\\s*')), ")
                    .append("coalesce(max(length(regexp_replace(").append(c).append(", '[^0-9]', '', 'g'))), 0)");
        }
        String from = sample ? "(SELECT * FROM " + textReader + " LIMIT " + TYPE_SAMPLE_ROWS + ")" : textReader;
        return sql.append(" FROM ").append(from).toString();
    }

    /**
     * The reader with some columns' types set by name (itself when there are none): read_csv takes just those
     * ({@code types}); read_json takes every column ({@code columns}: the others keep the types detected).
     */
    private static String withTypes(String reader, FileFormat format, List<SummaryBuilder.Column> columns,
            Map<String, String> types) {
        if (types.isEmpty()) {
            return reader;
        }
        boolean json = format == FileFormat.JSON || format == FileFormat.NDJSON;
        StringBuilder map = new StringBuilder("{");
        for (SummaryBuilder.Column c : columns) {
            String type = types.get(c.name());
            if (type != null || json) {
                map.append(map.length() == 1 ? "" : ", ").append(DuckDb.literal(c.name())).append(": ")
                        .append(DuckDb.literal(type != null ? type : c.type()));
            }
        }
        return reader.substring(0, reader.length() - 1) + (json ? ", columns = " : ", types = ") + map.append("})");
    }

    private static void copy(Connection db, String reader, Path parquet, Job job) throws SQLException {
        job.run(db, "COPY (SELECT * FROM " + reader + ") TO " + DuckDb.literal(parquet)
                + " (FORMAT parquet, COMPRESSION snappy)");
    }

    private static boolean isConversionError(SQLException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("could not convert") || message.contains("conversion error");
    }

    /**
     * The table function reading a file. A converted sheet always starts with the header row its converter wrote
     * (even when those names look like data: 2021, 2022, …); wholeFile detects types from every row rather than a
     * sample of the first ones.
     */
    private String reader(Path source, FileFormat format, String encoding, boolean sheet, boolean wholeFile) {
        String path = DuckDb.literal(source);
        long maxLine = config.engine().maxLineSize().asLongValue();
        String sample = wholeFile ? ", sample_size = -1" : "";
        String options = (encoding == null ? "" : ", encoding = " + DuckDb.literal(encoding))
                + (sheet ? ", header = true" : "") + sample;
        return switch (format) {
            case CSV -> "read_csv(" + path + ", auto_detect = true, max_line_size = " + maxLine + options + ")";
            case TSV -> "read_csv(" + path + ", auto_detect = true, delim = '\\t', max_line_size = " + maxLine + options + ")";
            case JSON -> "read_json(" + path + ", format = 'array', maximum_object_size = " + maxLine + sample + ")";
            case NDJSON -> "read_json(" + path + ", format = 'newline_delimited', maximum_object_size = " + maxLine + sample + ")";
            case PARQUET -> "read_parquet(" + path + ")";
            case XLSX -> throw new IllegalStateException("workbooks are converted to CSV first");
        };
    }

    static List<SummaryBuilder.Column> describe(Connection db, String from) throws SQLException {
        List<SummaryBuilder.Column> columns = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("DESCRIBE SELECT * FROM " + from); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                columns.add(new SummaryBuilder.Column(rs.getString("column_name"), rs.getString("column_type")));
            }
        }
        return columns;
    }

    /** A literal NUL escape (a NUL byte in a cell) is the one JSON text PostgreSQL's jsonb refuses: shown as U+FFFD. */
    private static final java.util.regex.Pattern NUL_ESCAPE = java.util.regex.Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    static String storable(String summaryJson) {
        return NUL_ESCAPE.matcher(summaryJson).replaceAll("$1\\\\uFFFD");
    }
}
