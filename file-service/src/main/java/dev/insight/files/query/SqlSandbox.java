package dev.insight.files.query;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.insight.support.problem.ProblemException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The first wall around user SQL, before anything runs: DuckDB's own parser (json_serialize_sql, which only
 * accepts SELECT statements) must find exactly one SELECT, and that statement may read only the table "data",
 * its own CTEs, and a few generator functions. The second wall is the database the query runs in: external
 * access disabled except for the one Parquet file, configuration locked (see QueryEngine). Lives in a query
 * worker process, one per process.
 */
final class SqlSandbox {

    static final String TABLE = "data";
    private static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of("range", "generate_series", "unnest");
    /** Scalar functions that tell about the server rather than the data (its settings, paths, environment). */
    private static final Set<String> DENIED_FUNCTIONS = Set.of("current_setting", "getenv");

    private final ObjectMapper json;
    private final int maxChars;
    private volatile Set<String> catalogNames;

    SqlSandbox(int maxChars) {
        // DuckDB writes a number out of double range (1e400) as Infinity, which is valid SQL but not strict JSON
        this.json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        this.maxChars = maxChars;
    }

    /** Checks the SQL with the parser of the given (sandboxed) database; throws a 400 naming what is wrong. */
    public void check(Connection db, String sql) throws SQLException {
        if (sql == null || sql.isBlank()) {
            throw ProblemException.invalidField("sql", "is required");
        }
        if (sql.length() > maxChars) {
            throw ProblemException.invalidField("sql", "must be at most " + maxChars
                    + " characters (got " + sql.length() + ")");
        }
        String serialized;
        try (PreparedStatement s = db.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
            s.setString(1, sql);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                serialized = rs.getString(1);
            }
        }
        JsonNode tree;
        try {
            tree = json.readTree(serialized);
        } catch (StreamConstraintsException e) {
            throw ProblemException.badRequest("The query is nested too deeply to check; flatten its subqueries.");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("DuckDB returned unreadable JSON", e);
        }
        if (tree.path("error").asBoolean(false)) {
            String type = tree.path("error_type").asText("");
            String message = tree.path("error_message").asText("");
            if (message.contains("Only SELECT statements")) {
                throw ProblemException.badRequest("Only a read-only query is allowed: one SELECT (or WITH … SELECT) "
                        + "statement over the table 'data'. Statements that write, copy, attach, load, install, "
                        + "set or pragma are refused.");
            }
            throw ProblemException.badRequest("The SQL could not be parsed (" + type + "): " + firstLine(message));
        }
        JsonNode statements = tree.path("statements");
        if (statements.size() != 1) {
            throw ProblemException.badRequest(statements.isEmpty() ? "The SQL holds no statement."
                    : "Only one statement is allowed (got " + statements.size() + ").");
        }
        checkSources(statements, Set.of(), catalogNames(db));
    }

    /**
     * The catalog's own tables and views that a bare name reaches (pg_settings, duckdb_views, sqlite_master, …; the
     * same in every sandbox of this DuckDB version, so read once). DuckDB binds a name to a CTE only where that CTE
     * is in scope, and to the catalog elsewhere — in the CTE's own definition, or the first branch of a recursive
     * one — so a CTE may not take one of these names: it would pass for the CTE here and read the catalog there.
     */
    private Set<String> catalogNames(Connection db) throws SQLException {
        Set<String> names = catalogNames;
        if (names == null) {
            Set<String> read = new HashSet<>();
            try (PreparedStatement s = db.prepareStatement("SELECT view_name FROM duckdb_views() WHERE schema_name IN "
                    + "('main', 'pg_catalog') UNION ALL SELECT table_name FROM duckdb_tables()");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    read.add(rs.getString(1).toLowerCase(Locale.ROOT));
                }
            }
            read.remove(TABLE);
            names = Set.copyOf(read);
            catalogNames = names;
        }
        return names;
    }

    /**
     * Walks the statement with the CTE names in scope, as DuckDB binds them: a query's CTEs are visible in its body
     * and nowhere else, each definition sees only the CTEs before it (and itself when it is recursive), so that
     * naming a CTE after a system table does not open that table anywhere.
     */
    private static void checkSources(JsonNode node, Set<String> inScope, Set<String> catalog) {
        if (node.isObject()) {
            JsonNode map = node.path("cte_map").path("map");
            if (map.size() > 0) {
                Set<String> before = new HashSet<>(inScope);
                for (JsonNode entry : map) {
                    String name = entry.path("key").asText("").toLowerCase(Locale.ROOT);
                    if (catalog.contains(name)) {
                        throw ProblemException.badRequest("A CTE may not be named '" + entry.path("key").asText()
                                + "': that is the name of a system table; choose another name.");
                    }
                    JsonNode query = entry.path("value").path("query");
                    Set<String> visible = new HashSet<>(before);
                    if (query.path("node").path("type").asText("").equals("RECURSIVE_CTE_NODE")) {
                        visible.add(name);
                    }
                    checkSources(query, visible, catalog);
                    before.add(name);
                }
                // the rest of this node (its body) with every one of its CTEs in scope; the definitions are done
                Set<String> body = before;
                checkNode(node, body);
                node.fields().forEachRemaining(field -> {
                    if (!field.getKey().equals("cte_map")) {
                        checkSources(field.getValue(), body, catalog);
                    }
                });
                return;
            }
            checkNode(node, inScope);
        }
        if (node.isContainerNode()) {
            node.forEach(child -> checkSources(child, inScope, catalog));
        }
    }

    private static void checkNode(JsonNode node, Set<String> ctes) {
        String type = node.path("type").asText("");
        String called = node.path("function_name").asText("");
        if (!called.isEmpty() && DENIED_FUNCTIONS.contains(called.toLowerCase(Locale.ROOT))) {
            throw ProblemException.badRequest("The function '" + called + "' is not available in queries.");
        }
        if (type.equals("BASE_TABLE")) {
            String table = node.path("table_name").asText("");
            String schema = node.path("schema_name").asText("");
            String catalog = node.path("catalog_name").asText("");
            boolean known = table.equalsIgnoreCase(TABLE) || ctes.contains(table.toLowerCase(Locale.ROOT));
            if (!known || !schema.isEmpty() || !catalog.isEmpty()) {
                String name = (catalog.isEmpty() ? "" : catalog + ".") + (schema.isEmpty() ? "" : schema + ".") + table;
                throw ProblemException.badRequest("The query may only read the table 'data' (it reads '" + name + "').");
            }
        } else if (type.equals("TABLE_FUNCTION")) {
            String function = node.path("function").path("function_name").asText("");
            if (!ALLOWED_TABLE_FUNCTIONS.contains(function.toLowerCase(Locale.ROOT))) {
                throw ProblemException.badRequest("The query may only read the table 'data'; the table function '"
                        + function + "' is not available.");
            }
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
