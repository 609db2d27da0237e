package dev.insight.files.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.insight.files.testing.Api;
import dev.insight.files.testing.Dataset;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class QueryResourceTest {

    private static final Dataset SALES = Dataset.sales(1000, 3);
    private static Api alice;
    private static String id;

    @BeforeEach
    void upload() {
        // once for the class, but after Quarkus has started (REST Assured knows its port only then)
        if (id == null) {
            alice = Api.newUser();
            id = alice.ready("sales.csv", SALES.csv(','));
        }
    }

    @Test
    void aggregatesMatchAnIndependentComputation() {
        Map<String, Object> result = result(alice.query(id,
                "SELECT region, sum(units) AS units, count(*) AS n FROM data GROUP BY region ORDER BY region"));
        assertThat(result.get("columns")).isEqualTo(List.of(
                Map.of("name", "region", "type", "VARCHAR"),
                Map.of("name", "units", "type", "HUGEINT"),
                Map.of("name", "n", "type", "BIGINT")));
        Map<Object, Double> expected = SALES.sumBy("region", "units");
        @SuppressWarnings("unchecked")
        List<List<Object>> rows = (List<List<Object>>) result.get("rows");
        assertThat(rows).hasSize(expected.size());
        int i = 0;
        for (Map.Entry<Object, Double> e : expected.entrySet()) {
            assertThat(rows.get(i).get(0)).isEqualTo(e.getKey());
            assertThat(((Number) rows.get(i).get(1)).doubleValue()).isEqualTo(e.getValue());
            long count = SALES.values("region").stream().filter(e.getKey()::equals).count();
            assertThat(((Number) rows.get(i).get(2)).longValue()).isEqualTo(count);
            i++;
        }
        assertThat(result.get("rowCount")).isEqualTo(expected.size());
        assertThat(result.get("truncated")).isEqualTo(false);

        Map<String, Object> avg = result(alice.query(id, "WITH p AS (SELECT price FROM data) SELECT avg(price) AS mean FROM p"));
        @SuppressWarnings("unchecked")
        List<List<Object>> avgRows = (List<List<Object>>) avg.get("rows");
        assertThat(((Number) avgRows.get(0).get(0)).doubleValue()).isCloseTo(SALES.mean("price"), within(1e-9));
    }

    @Test
    void valuesAreTypedJson() {
        Map<String, Object> result = result(alice.query(id, "SELECT id, price, day, note, units IS NULL AS missing, "
                + "TIMESTAMP '2024-03-01 10:30:00' AS ts, [1, 2] AS list, {'a': 1} AS obj FROM data WHERE id = 1000"));
        @SuppressWarnings("unchecked")
        List<Object> row = ((List<List<Object>>) result.get("rows")).get(0);
        List<Object> expected = SALES.rows.get(0);
        assertThat(row.get(0)).isEqualTo(1000);
        assertThat(((Number) row.get(1)).doubleValue()).isEqualTo((Double) expected.get(3));
        assertThat(row.get(2)).isEqualTo(expected.get(4).toString());
        assertThat(row.get(3)).isEqualTo(expected.get(5));
        assertThat(row.get(4)).isEqualTo(expected.get(2) == null);
        assertThat(row.get(5)).isEqualTo("2024-03-01T10:30");
        assertThat(row.get(6)).isEqualTo(List.of(1, 2));
        assertThat(row.get(7)).isEqualTo(Map.of("a", 1));
        long nulls = SALES.values("note").stream().filter(Objects::isNull).count();
        Map<String, Object> count = result(alice.query(id, "SELECT count(*) FROM data WHERE note IS NULL"));
        assertThat(count.get("rows")).isEqualTo(List.of(List.of((int) nulls)));
    }

    @Test
    void resultsAreBoundedAndMarkedTruncated() {
        alice.query(id, "SELECT range AS n FROM range(25000)").then().statusCode(200)
                .body("rowCount", equalTo(10000)).body("rows", hasSize(10000)).body("truncated", equalTo(true))
                .body("rows[9999][0]", equalTo(9999));
        alice.query(id, "SELECT * FROM data").then().statusCode(200)
                .body("rowCount", equalTo(1000)).body("truncated", equalTo(false));
    }

    @Test
    void slowQueriesAreStopped() {
        long started = System.nanoTime();
        alice.query(id, "SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3").then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("longer than 2 s"));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(10_000);
        // and the service still answers
        alice.query(id, "SELECT 1 AS one").then().statusCode(200).body("rows[0][0]", equalTo(1));
    }

    @Test
    void queriesBeyondTheQueueAre503WithRetryAfter() throws Exception {
        // two slots, a line of at most 3 s (test profile), queries of 2 s: of eight at once, some wait too long
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<io.restassured.response.Response>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> alice.query(id, "SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3")));
            }
            int refused = 0;
            for (var call : calls) {
                io.restassured.response.Response r = call.get();
                assertThat(r.statusCode()).isIn(422, 503);
                if (r.statusCode() == 503) {
                    refused++;
                    // an overload, not a failure: callers (the gateway's circuit breaker) are told when to come back
                    assertThat(r.getHeader("Retry-After")).isEqualTo("1");
                    assertThat(r.getContentType()).startsWith("application/problem+json");
                }
            }
            assertThat(refused).isPositive();
        } finally {
            pool.shutdownNow();
        }
        alice.query(id, "SELECT 1 AS one").then().statusCode(200);
    }

    @Test
    void resultsAreBoundedByBytesAndAnsweredWithinTheTimeLimit() {
        // twenty values of 1 MB: cut at the result size limit (4 MiB), in their order, and marked truncated
        io.restassured.response.Response many = alice.query(id, "SELECT range AS n, repeat('x', 1000000) AS big FROM range(20)");
        many.then().statusCode(200).body("truncated", equalTo(true)).body("rowCount", equalTo(4))
                .body("rows.collect { it[0] }", equalTo(List.of(0, 1, 2, 3)))
                .body("rows[3][1].length()", equalTo(1_000_000));
        assertThat(many.asByteArray().length).isLessThan(4_500_000);
        // counted as JSON writes them: a NUL is six bytes there ("\u0000"), one in the database
        io.restassured.response.Response escaped = alice.query(id, "SELECT repeat(chr(0), 1000) AS nuls FROM range(10000)");
        escaped.then().statusCode(200).body("truncated", equalTo(true));
        assertThat(escaped.asByteArray().length).isLessThan(4_500_000);
        // one value larger than the limit by itself: a problem, never a 500 (nor an OutOfMemoryError)
        // (measuring it as JSON may take more memory than a query may use: refused either way)
        alice.query(id, "SELECT repeat('x', 50000000) AS huge").then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", anyOf(containsString("larger than"), containsString("more memory")));
        // however large, answered within the time limit (2 s here) even though DuckDB, building the value while it
        // prepares the statement, does not hear the cancel: too large, too slow, or past a worker's memory
        long started = System.nanoTime();
        alice.query(id, "SELECT 1 AS n, repeat('x', 500000000) AS huge").then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", anyOf(containsString("larger than"), containsString("longer than 2 s"),
                        containsString("more memory")));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(4_000);
        // the wrapper that counts bytes keeps the rows' order, and copes with a trailing semicolon or comment
        List<Integer> ids = SALES.values("id").stream().map(v -> ((Number) v).intValue()).toList();
        assertThat(result(alice.query(id, "SELECT id FROM data")).get("rows"))
                .isEqualTo(ids.stream().map(List::of).toList());
        List<Integer> top = ids.stream().sorted(java.util.Comparator.reverseOrder()).limit(3).toList();
        assertThat(result(alice.query(id, "SELECT id FROM data ORDER BY id DESC LIMIT 3;\n")).get("rows"))
                .isEqualTo(top.stream().map(List::of).toList());
        alice.query(id, "SELECT 1 AS one, 1 AS one -- the same name twice").then().statusCode(200)
                .body("columns.name", equalTo(List.of("one", "one"))).body("rows[0]", equalTo(List.of(1, 1)));
    }

    /**
     * What DuckDB's memory limit does not count (a list built in memory) and what does not hear its cancel (an edit
     * distance of long texts) end the query's worker process, not the service: the query is answered 422, and the
     * next one runs in another worker.
     */
    @Test
    void queriesDuckDbCannotBoundEndTheirWorkerNotTheService() {
        alice.query(id, "SELECT list(range(60000000)) AS l").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("more memory"));
        alice.query(id, "SELECT 1 AS one").then().statusCode(200).body("rows[0][0]", equalTo(1));
        long started = System.nanoTime();
        alice.query(id, "SELECT levenshtein(repeat('a', 300000), repeat('b', 300000)) AS d").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("longer than 2 s"));
        // the time limit (2 s here) and the worker's grace to say so itself (2 s) before it is ended
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(8_000);
        alice.query(id, "SELECT count(*) AS n FROM data").then().statusCode(200).body("rows[0][0]", equalTo(1000));
    }

    /**
     * A worker killed from outside while it works (the kernel's OOM killer, which the workers invite before the
     * service: oom_score_adj 1000) answers its query as one that needed too much memory; the next query runs.
     */
    @Test
    void aWorkerKilledWhileWorkingAnswers422() throws Exception {
        var slow = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> alice.query(id, "SELECT count(*) FROM range(100000000000) a WHERE a.range % 7 = 3"));
        Thread.sleep(700);
        List<ProcessHandle> workers = ProcessHandle.current().descendants().filter(QueryResourceTest::isWorker).toList();
        for (ProcessHandle worker : workers) {
            assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(worker.pid()),
                    "oom_score_adj")).strip()).isEqualTo("1000");
        }
        workers.forEach(ProcessHandle::destroyForcibly);
        slow.get(10, java.util.concurrent.TimeUnit.SECONDS).then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("more memory"));
        alice.query(id, "SELECT 3 AS three").then().statusCode(200).body("rows[0][0]", equalTo(3));
    }

    /** Workers are kept between queries: no process start per query. */
    @Test
    void workersAreKeptBetweenQueries() {
        alice.query(id, "SELECT * FROM data").then().statusCode(200);
        // one worker is kept ready beside the one working: wait until it has started
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> workerPids().size() >= 2);
        java.util.Set<Long> before = workerPids();
        for (int i = 0; i < 5; i++) {
            alice.query(id, "SELECT count(*) AS n, sum(id) AS total FROM data").then().statusCode(200);
            alice.query(id, "SELECT * FROM data ORDER BY id DESC").then().statusCode(200).body("rowCount", equalTo(1000));
        }
        assertThat(workerPids()).isEqualTo(before);
    }

    private static java.util.Set<Long> workerPids() {
        return ProcessHandle.current().descendants().filter(QueryResourceTest::isWorker).map(ProcessHandle::pid)
                .collect(java.util.stream.Collectors.toSet());
    }

    /** A worker that died between two queries (killed, crashed) is replaced without the next query noticing. */
    @Test
    void aDeadWorkerIsReplaced() {
        alice.query(id, "SELECT 1 AS one").then().statusCode(200);
        List<ProcessHandle> workers = ProcessHandle.current().descendants().filter(QueryResourceTest::isWorker).toList();
        assertThat(workers).isNotEmpty();
        // where users' SQL runs, none of the service's environment (its secrets come from there in a pod)
        for (ProcessHandle worker : workers) {
            assertThat(environment(worker)).allSatisfy(name -> assertThat(name).isIn("PATH", "LANG", "LC_ALL", "TZ"));
        }
        workers.forEach(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
        alice.query(id, "SELECT 2 AS two").then().statusCode(200).body("rows[0][0]", equalTo(2));
    }

    @Test
    void everySandboxEscapeIs400() {
        Map<String, String> escapes = new java.util.LinkedHashMap<>();
        escapes.put("SELECT * FROM read_csv('/etc/passwd')", "read_csv");
        escapes.put("SELECT * FROM read_csv_auto('/etc/passwd')", "read_csv_auto");
        escapes.put("SELECT * FROM '/etc/passwd'", "/etc/passwd");
        escapes.put("SELECT * FROM read_text('/etc/hostname')", "read_text");
        escapes.put("SELECT * FROM glob('/*')", "glob");
        escapes.put("SELECT * FROM query('SELECT 1')", "query");
        escapes.put("SELECT * FROM read_parquet('/tmp/other.parquet')", "read_parquet");
        escapes.put("COPY data TO '/tmp/stolen.csv'", "read-only");
        escapes.put("COPY (SELECT * FROM data) TO '/tmp/stolen.parquet' (FORMAT parquet)", "read-only");
        escapes.put("ATTACH '/tmp/evil.db' AS evil", "read-only");
        escapes.put("INSTALL httpfs", "read-only");
        escapes.put("LOAD httpfs", "read-only");
        escapes.put("PRAGMA enable_external_access", "read-only");
        escapes.put("SET enable_external_access = true", "read-only");
        escapes.put("SET memory_limit = '100GB'", "read-only");
        escapes.put("SELECT 1; SELECT 2", "one statement");
        escapes.put("SELECT 1; DROP VIEW data", "read-only");
        escapes.put("CREATE TABLE t AS SELECT * FROM data", "read-only");
        escapes.put("INSERT INTO data VALUES (1)", "read-only");
        escapes.put("DROP VIEW data", "read-only");
        escapes.put("DELETE FROM data", "read-only");
        escapes.put("SELECT * FROM other_table", "other_table");
        escapes.put("SELECT * FROM system.main.duckdb_settings()", "duckdb_settings");
        escapes.put("SELECT * FROM duckdb_settings()", "duckdb_settings");
        escapes.put("SELEC nonsense", "parsed");
        // a CTE named like a system table is that CTE inside its own query only, never the table elsewhere
        escapes.put("SELECT sql FROM (WITH sqlite_master AS (SELECT 1) SELECT 1), sqlite_master", "sqlite_master");
        escapes.put("SELECT * FROM (WITH pg_settings AS (SELECT 1) SELECT 1) a, pg_settings", "pg_settings");
        // nor in its own definition, nor in the CTEs defined before it, where DuckDB reads the system table by that name
        escapes.put("WITH pg_settings AS (FROM pg_settings) SELECT name, setting FROM pg_settings", "pg_settings");
        escapes.put("WITH s AS (FROM pg_settings), pg_settings AS (FROM data) FROM s", "pg_settings");
        escapes.put("WITH RECURSIVE duckdb_views(sql) AS (SELECT sql FROM duckdb_views UNION ALL SELECT sql FROM "
                + "duckdb_views WHERE false) SELECT sql FROM duckdb_views", "duckdb_views");
        escapes.put("WITH s AS (FROM later), later AS (FROM data) FROM s", "later");
        escapes.put("SELECT current_setting('allowed_paths')", "current_setting");
        escapes.put("SELECT * FROM " + "(SELECT * FROM ".repeat(400) + "data" + ") t".repeat(400), "nested too deeply");
        for (Map.Entry<String, String> e : escapes.entrySet()) {
            alice.query(id, e.getKey()).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("detail", containsString(e.getValue()));
        }
        // nothing changed: the data is all there
        alice.query(id, "SELECT count(*) FROM data").then().statusCode(200).body("rows[0][0]", equalTo(1000));
        // CTEs still work where they are defined, recursive ones and ones shadowing "data" included
        alice.query(id, "WITH t AS (SELECT count(*) AS n FROM data) SELECT n FROM t").then().statusCode(200)
                .body("rows[0][0]", equalTo(1000));
        alice.query(id, "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 3) SELECT max(i) FROM r")
                .then().statusCode(200).body("rows[0][0]", equalTo(3));
        // numbers beyond a double are valid SQL, not a server error
        alice.query(id, "SELECT count(*) FROM data WHERE id < 1e400").then().statusCode(200).body("rows[0][0]", equalTo(1000));
    }

    /**
     * DuckDB binds an expression recursively on the thread that asks: wide results and long chains (within DuckDB's
     * own depth limit) are answered, never a crash of the process; wider than a dataset may be is a 400.
     */
    @Test
    void wideResultsAndDeepExpressionsAreAnswered() {
        int wide = 1000;
        StringBuilder columns = new StringBuilder("SELECT 0 AS c0");
        for (int i = 1; i < wide; i++) {
            columns.append(", ").append(i).append(" AS c").append(i);
        }
        alice.query(id, columns.toString()).then().statusCode(200).body("columns", hasSize(wide))
                .body("rows[0][999]", equalTo(999));
        alice.query(id, "SELECT * FROM data, data AS again LIMIT 5").then().statusCode(200).body("columns", hasSize(14));
        alice.query(id, "SELECT " + "1 + ".repeat(150) + "1 AS n").then().statusCode(200).body("rows[0][0]", equalTo(151));
        alice.query(id, "SELECT " + "abs(".repeat(150) + "-1" + ")".repeat(150) + " AS n").then().statusCode(200)
                .body("rows[0][0]", equalTo(1));
        alice.query(id, "SELECT " + "1 + ".repeat(3000) + "1 AS n").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("depth"));
        alice.query(id, columns + ", 1 AS a1, 2 AS a2, 3 AS a3, 4 AS a4, 5 AS a5, 6 AS a6, 7 AS a7, 8 AS a8, 9 AS a9, "
                + "10 AS a10, 11 AS a11, 12 AS a12, 13 AS a13, 14 AS a14, 15 AS a15, 16 AS a16, 17 AS a17, 18 AS a18, "
                + "19 AS a19, 20 AS a20, 21 AS a21, 22 AS a22, 23 AS a23, 24 AS a24, 25 AS a25").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("at most 1024"));
        alice.query(id, "SELECT 1 AS one").then().statusCode(200);
    }

    @Test
    void badRequestsAreNamed() {
        alice.request().contentType("application/json").body(Map.of()).post("/api/files/" + id + "/query").then()
                .statusCode(400).body("detail", containsString("sql"));
        alice.request().contentType("application/json").body("{\"sql\": 42}").post("/api/files/" + id + "/query").then()
                .statusCode(400).body("detail", containsString("sql"));
        alice.request().contentType("application/json").body("{not json").post("/api/files/" + id + "/query").then()
                .statusCode(400).body("detail", containsString("not valid JSON"));
        alice.request().contentType("application/json").body("").post("/api/files/" + id + "/query").then()
                .statusCode(400);
        alice.request().contentType("application/json").body("{\"sql\": \"SELECT 1\", \"sql\": \"SELECT 2\"}")
                .post("/api/files/" + id + "/query").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("Duplicate field 'sql'"));
        alice.request().contentType("text/plain").body("SELECT 1").post("/api/files/" + id + "/query").then()
                .statusCode(415);
        alice.query(id, "SELECT '" + "x".repeat(30_000) + "'").then().statusCode(400).body("detail", containsString("at most"))
                .body("errors[0].field", equalTo("sql"));
        alice.query(id, "  ").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("sql")).body("errors[0].message", equalTo("is required"));
        alice.request().contentType("application/json")
                .body(("{\"sql\": \"SELECT 1\", \"pad\": \"" + "y".repeat(1_100_000) + "\"}").getBytes(StandardCharsets.UTF_8))
                .post("/api/files/" + id + "/query").then().statusCode(413);
        alice.query(id, "SELECT missing_column FROM data").then().statusCode(400)
                .body("detail", containsString("missing_column"));
        alice.query(java.util.UUID.randomUUID().toString(), "SELECT 1").then().statusCode(404);
        alice.query("nope", "SELECT 1").then().statusCode(400);
    }

    private static List<String> environment(ProcessHandle process) {
        try {
            String environ = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(process.pid()),
                    "environ"), StandardCharsets.UTF_8);
            return java.util.Arrays.stream(environ.split("\0")).filter(e -> !e.isEmpty())
                    .map(e -> e.substring(0, e.indexOf('='))).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A query worker, by its command line (read whole: ProcessHandle.Info gives none for one this long). */
    private static boolean isWorker(ProcessHandle process) {
        try {
            String commandLine = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(process.pid()),
                    "cmdline"), StandardCharsets.UTF_8);
            return commandLine.contains(QueryWorkerMain.class.getName()) || commandLine.contains(QueryWorkerMain.ARGUMENT);
        } catch (java.io.IOException e) {
            return false; // already gone
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(io.restassured.response.Response response) {
        return response.then().statusCode(200).contentType("application/json").extract().as(Map.class);
    }
}
