package dev.insight.files.query;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.insight.files.config.FilesConfig;
import dev.insight.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
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
 * access disabled except for the one Parquet file, configuration locked (see QueryService).
 */
@ApplicationScoped
public class SqlSandbox {

    static final String TABLE = "data";
    private static final Set<String> ALLOWED_TABLE_FUNCTIONS = Set.of("range", "generate_series", "unnest");
    /** Scalar functions that tell about the server rather than the data (its settings, paths, environment). */
    private static final Set<String> DENIED_FUNCTIONS = Set.of("current_setting", "getenv");

    private final ObjectMapper json;
    private final FilesConfig config;

    public SqlSandbox(FilesConfig config) {
        // DuckDB writes a number out of double range (1e400) as Infinity, which is valid SQL but not strict JSON
        this.json = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
        this.config = config;
    }

    /** Checks the SQL with the parser of the given (sandboxed) database; throws a 400 naming what is wrong. */
    public void check(Connection db, String sql) throws SQLException {
        if (sql == null || sql.isBlank()) {
            throw ProblemException.invalidField("sql", "is required");
        }
        if (sql.length() > config.limits().sqlChars()) {
            throw ProblemException.invalidField("sql", "must be at most " + config.limits().sqlChars()
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
        checkSources(statements, Set.of());
    }

    /**
     * Walks the statement with the CTE names in scope: a query's CTEs are visible inside that query (its own
     * definitions included, for recursive ones) and nowhere else, so that naming a CTE after a system table in one
     * subquery does not open that table to another.
     */
    private static void checkSources(JsonNode node, Set<String> inScope) {
        Set<String> ctes = inScope;
        if (node.isObject()) {
            JsonNode map = node.path("cte_map").path("map");
            if (map.size() > 0) {
                ctes = new HashSet<>(inScope);
                for (JsonNode entry : map) {
                    if (entry.hasNonNull("key")) {
                        ctes.add(entry.get("key").asText().toLowerCase(Locale.ROOT));
                    }
                }
            }
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
        if (node.isContainerNode()) {
            Set<String> visible = ctes;
            node.forEach(child -> checkSources(child, visible));
        }
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
