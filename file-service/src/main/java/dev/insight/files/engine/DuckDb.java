package dev.insight.files.engine;

import dev.insight.files.config.FilesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens DuckDB databases: one in-memory database per processing job or query, so that memory, threads, spill
 * files and file access are bounded per use and nothing is shared between users. Blocking (JDBC): callers run
 * it on a worker thread.
 */
@ApplicationScoped
public class DuckDb {

    private final FilesConfig config;

    public DuckDb(FilesConfig config) {
        this.config = config;
        loadDriver();
    }

    public static void loadDriver() {
        try {
            Class.forName("org.duckdb.DuckDBDriver");
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("DuckDB JDBC driver missing", e);
        }
    }

    /**
     * A fresh in-memory database whose spill files go to tempDirectory. Extensions are never installed or loaded
     * from the network; results stream instead of being materialised in memory.
     */
    public Connection open(Path tempDirectory) throws SQLException {
        return open(tempDirectory, config.engine().memoryLimit(), config.engine().threads(),
                config.engine().maxTempSize());
    }

    /** The same, with the engine's limits given: what a query worker process does, outside CDI. */
    public static Connection open(Path tempDirectory, String memoryLimit, int threads, String maxTempSize)
            throws SQLException {
        Properties props = new Properties();
        props.setProperty("memory_limit", memoryLimit);
        props.setProperty("threads", Integer.toString(threads));
        props.setProperty("temp_directory", tempDirectory.toString());
        // DuckDB's own bound is 90 % of the free space it sees, which in a pod is the node's disk, not the emptyDir's
        // size limit: a spill past that would get the pod evicted instead of failing the one statement
        props.setProperty("max_temp_directory_size", maxTempSize);
        props.setProperty("autoinstall_known_extensions", "false");
        props.setProperty("autoload_known_extensions", "false");
        props.setProperty("allow_community_extensions", "false");
        props.setProperty("allow_unsigned_extensions", "false");
        // the order of rows only matters where a query asks for it; not keeping it lets COPY stream in bounded memory
        props.setProperty("preserve_insertion_order", "false");
        props.setProperty("jdbc_stream_results", "true");
        return DriverManager.getConnection("jdbc:duckdb:", props);
    }

    /** A SQL string literal for a path this service chose (never a user's text). */
    public static String literal(Path path) {
        return literal(path.toString());
    }

    public static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** A quoted identifier for a column name taken from a dataset. */
    public static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /**
     * An expression for a value of the given DuckDB type that the JDBC driver can read. DuckDB allows a TIME of
     * 24:00:00, java.time does not: the driver fails on such a value (in a list or a struct, already in
     * {@code next()}), so TIME values are read as their text (10:30:00, 24:00:00) — cast to the same type with
     * VARCHAR in place of TIME, so that lists, records and maps of them keep their shape. Only the type's own words
     * count, not its quoted field names or enum labels ({@code STRUCT("time" INTEGER)} holds no TIME).
     */
    public static String readable(String expression, String type) {
        if (!TIME.matcher(timeZones(QUOTED.matcher(type).replaceAll(""))).find()) {
            return expression;
        }
        StringBuilder asText = new StringBuilder();
        Matcher quoted = QUOTED.matcher(type);
        int at = 0;
        while (quoted.find()) {
            asText.append(timeAsText(type.substring(at, quoted.start()))).append(quoted.group());
            at = quoted.end();
        }
        asText.append(timeAsText(type.substring(at)));
        return "CAST(" + expression + " AS " + asText + ")";
    }

    private static String timeAsText(String words) {
        return TIME.matcher(timeZones(words)).replaceAll("VARCHAR");
    }

    /** TIMESTAMP WITH TIME ZONE holds no TIME: spelled TIMESTAMPTZ, it is left alone. */
    private static String timeZones(String words) {
        return TIMESTAMPTZ.matcher(words).replaceAll("TIMESTAMPTZ");
    }

    private static final Pattern TIMESTAMPTZ = Pattern.compile("(?i)\\bTIMESTAMP WITH TIME ZONE\\b");
    private static final Pattern TIME = Pattern.compile("(?i)\\bTIME WITH TIME ZONE\\b|\\bTIMETZ\\b|\\bTIME\\b");
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"]|\"\")*\"|'(?:[^']|'')*'");

    public static void execute(Connection c, String sql) throws SQLException {
        // prepared: DuckDB's JDBC driver reports the real error of a failed prepare, not a generic one
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.execute();
        }
    }
}
