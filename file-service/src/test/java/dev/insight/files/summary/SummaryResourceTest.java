package dev.insight.files.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.files.testing.Api;
import dev.insight.files.testing.Dataset;
import dev.insight.files.testing.Hashes;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Summaries checked value by value against statistics computed in the test from the generated rows. */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class SummaryResourceTest {

    private static final Dataset SALES = Dataset.sales(500, 42);

    @Inject
    RedisDataSource redis;

    @Inject
    AgroalDataSource database;

    @Test
    void csvSummaryMatchesAnIndependentComputation() {
        Api alice = Api.newUser();
        byte[] csv = SALES.csv(',');
        String id = alice.ready("sales.csv", csv);
        Map<String, Object> summary = summary(alice, id);

        assertThat(summary.get("rowCount")).isEqualTo(500);
        assertThat(summary.get("approximate")).isEqualTo(false);
        assertThat(summary.get("format")).isEqualTo("CSV");
        Map<String, Map<String, Object>> columns = byName(summary);
        assertThat(columns.keySet()).containsExactly("id", "region", "units", "price", "day", "note", "currency");
        assertThat(types(columns)).containsExactly("BIGINT", "VARCHAR", "BIGINT", "DOUBLE", "DATE", "VARCHAR", "VARCHAR");

        for (String name : List.of("id", "units", "price")) {
            Map<String, Object> c = columns.get(name);
            assertThat(num(c.get("mean"))).as(name + " mean").isCloseTo(SALES.mean(name), within(1e-9));
            assertThat(num(c.get("stddev"))).as(name + " stddev").isCloseTo(SALES.stddev(name), within(1e-9));
            assertThat(num(c.get("p25"))).as(name + " p25").isCloseTo(SALES.quantile(name, 0.25), within(1e-9));
            assertThat(num(c.get("p50"))).as(name + " p50").isCloseTo(SALES.quantile(name, 0.5), within(1e-9));
            assertThat(num(c.get("p75"))).as(name + " p75").isCloseTo(SALES.quantile(name, 0.75), within(1e-9));
            assertThat(num(c.get("min"))).as(name + " min").isEqualTo(((Number) SALES.min(name)).doubleValue());
            assertThat(num(c.get("max"))).as(name + " max").isEqualTo(((Number) SALES.max(name)).doubleValue());
        }
        for (String name : SALES.names) {
            Map<String, Object> c = columns.get(name);
            assertThat(((Number) c.get("nullCount")).longValue()).as(name + " nullCount").isEqualTo(SALES.nullCount(name));
            assertThat(((Number) c.get("distinctCount")).longValue()).as(name + " distinctCount").isEqualTo(SALES.distinctCount(name));
            List<String> expectedTop = SALES.top(name, 5).stream().map(e -> text(e.getKey()) + "=" + e.getValue()).toList();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> top = (List<Map<String, Object>>) c.get("topValues");
            assertThat(top.stream().map(t -> text(t.get("value")) + "=" + t.get("count")).toList()).as(name + " top").isEqualTo(expectedTop);
        }
        for (String name : List.of("region", "day", "note")) {
            assertThat(columns.get(name).get("min")).as(name + " min").isEqualTo(SALES.min(name).toString());
            assertThat(columns.get(name).get("max")).as(name + " max").isEqualTo(SALES.max(name).toString());
            assertThat(columns.get(name).get("mean")).isNull();
            assertThat(columns.get(name).get("p50")).isNull();
        }

        @SuppressWarnings("unchecked")
        List<List<Object>> sample = (List<List<Object>>) summary.get("sampleRows");
        assertThat(sample).hasSize(10);
        assertThat(sample.get(0)).hasSize(7);
        assertThat(((Number) sample.get(0).get(0)).longValue()).isEqualTo(1000L);
        assertThat(sample.get(0).get(4)).isEqualTo(SALES.rows.get(0).get(4).toString());

        assertThat(alerts(summary)).contains("id:POSSIBLE_ID", "currency:CONSTANT", "note:MOSTLY_NULL")
                .doesNotContain("units:MOSTLY_NULL", "region:HIGH_CARDINALITY", "price:POSSIBLE_ID");

        // cached in Redis by file id and content hash; without the entry, PostgreSQL serves the same summary and refills it
        String key = "file:summary:" + id + ":" + Hashes.sha256(csv);
        assertThat(redis.value(String.class).get(key)).contains("\"rowCount\":500");
        redis.key().del(key);
        assertThat(summary(alice, id)).isEqualTo(summary);
        assertThat(redis.value(String.class).get(key)).contains("\"rowCount\":500");
    }

    @Test
    void alertsNameTheColumnsWorthAWarning() {
        StringBuilder csv = new StringBuilder("comment,mixed,empty,score\n");
        for (int i = 0; i < 100; i++) {
            String comment = i == 0 ? "" : "comment number " + (i % 95);
            String mixed = i % 3 == 0 ? "n/a" : String.valueOf(i);
            csv.append(comment).append(',').append(mixed).append(",,").append(i % 7).append('\n');
        }
        Api alice = Api.newUser();
        String id = alice.ready("alerts.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> summary = summary(alice, id);
        assertThat(alerts(summary)).containsExactlyInAnyOrder("comment:HIGH_CARDINALITY", "mixed:MIXED_TYPES",
                "empty:ALL_NULL");
        @SuppressWarnings("unchecked")
        Map<String, Object> mixed = ((List<Map<String, Object>>) summary.get("alerts")).stream()
                .filter(a -> a.get("kind").equals("MIXED_TYPES")).findFirst().orElseThrow();
        assertThat(mixed.get("detail")).isEqualTo("66 of 100 values are numbers, the others text");
    }

    @Test
    void xlsxSummaryNamesTheSheetsAndReadsDates() {
        Api alice = Api.newUser();
        String id = alice.ready("sales.xlsx", SALES.xlsx());
        Map<String, Object> summary = summary(alice, id);
        assertThat(summary.get("sheet")).isEqualTo("Sales");
        assertThat(summary.get("sheets")).isEqualTo(List.of("Sales", "Notes"));
        assertThat(summary.get("format")).isEqualTo("XLSX");
        assertThat(summary.get("rowCount")).isEqualTo(500);
        Map<String, Map<String, Object>> columns = byName(summary);
        assertThat(columns.get("day").get("type")).isEqualTo("DATE");
        assertThat(columns.get("day").get("min")).isEqualTo(SALES.min("day").toString());
        assertThat(columns.get("price").get("type")).isEqualTo("DOUBLE");
        assertThat(num(columns.get("price").get("mean"))).isCloseTo(SALES.mean("price"), within(1e-9));
        assertThat(((Number) columns.get("units").get("nullCount")).longValue()).isEqualTo(SALES.nullCount("units"));
    }

    @Test
    void anOddValueLateInANumericColumnMakesItTextWithAnAlert() {
        StringBuilder csv = new StringBuilder("id,amount\n");
        for (int i = 0; i < 30_000; i++) {
            // far past the rows DuckDB samples to detect types
            csv.append(i).append(',').append(i == 29_000 ? "n/a" : String.valueOf(i * 3)).append('\n');
        }
        Api alice = Api.newUser();
        Map<String, Object> file = alice.awaitProcessed(alice.uploaded("late.csv", csv.toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(file.get("status")).as(String.valueOf(file.get("error"))).isEqualTo("READY");
        Map<String, Object> summary = summary(alice, (String) file.get("id"));
        assertThat(summary.get("rowCount")).isEqualTo(30_000);
        Map<String, Map<String, Object>> columns = byName(summary);
        assertThat(columns.get("id").get("type")).isEqualTo("BIGINT");
        assertThat(columns.get("amount").get("type")).isEqualTo("VARCHAR");
        assertThat(alerts(summary)).contains("amount:MIXED_TYPES");
        alice.query((String) file.get("id"), "SELECT amount FROM data WHERE id = 29000").then().statusCode(200)
                .body("rows[0][0]", equalTo("n/a"));
    }

    @Test
    void aSheetWhoseHeaderLooksLikeNumbersKeepsItAsHeader() {
        Api alice = Api.newUser();
        byte[] xlsx = dev.insight.files.testing.Xlsx.workbook(List.of("2021", "2022", "2023"),
                List.of(List.<Object>of(1, 2, 3), List.<Object>of(4, 5, 6)), List.of("Years"));
        Map<String, Object> summary = summary(alice, alice.ready("years.xlsx", xlsx));
        assertThat(summary.get("rowCount")).isEqualTo(2);
        assertThat(byName(summary).keySet()).containsExactly("2021", "2022", "2023");
        assertThat(num(byName(summary).get("2022").get("max"))).isEqualTo(5.0);
    }

    /** Records and lists in JSON stay records and lists: in the types, the top values, the samples and queries. */
    @Test
    void nestedJsonValuesStayObjectsAndArrays() {
        Api alice = Api.newUser();
        String json = """
                [{"city": "Oslo", "meta": {"score": 5, "ok": true}, "tags": ["a", "b"]},
                 {"city": "Rome", "meta": {"score": 7, "ok": false}, "tags": []},
                 {"city": "Oslo", "meta": {"score": 5, "ok": true}, "tags": ["a", "b"]},
                 {"city": "Oslo", "meta": null, "tags": null}]
                """;
        String id = alice.ready("nested.json", json.getBytes(StandardCharsets.UTF_8));
        Map<String, Object> summary = summary(alice, id);
        Map<String, Map<String, Object>> columns = byName(summary);
        assertThat(columns.get("meta").get("type")).isEqualTo("STRUCT(score BIGINT, ok BOOLEAN)");
        assertThat(columns.get("tags").get("type")).isEqualTo("VARCHAR[]");
        assertThat(columns.get("meta").get("nullCount")).isEqualTo(1);
        assertThat(columns.get("meta").get("topValues")).isEqualTo(List.of(
                Map.of("value", Map.of("score", 5, "ok", true), "count", 2),
                Map.of("value", Map.of("score", 7, "ok", false), "count", 1)));
        assertThat(columns.get("tags").get("topValues")).isEqualTo(List.of(
                Map.of("value", List.of("a", "b"), "count", 2), Map.of("value", List.of(), "count", 1)));
        assertThat((List<?>) summary.get("sampleRows")).first()
                .isEqualTo(List.of("Oslo", Map.of("score", 5, "ok", true), List.of("a", "b")));
        alice.query(id, "SELECT meta.score AS score, tags[1] AS first_tag FROM data WHERE meta.ok").then()
                .statusCode(200).body("rows", equalTo(List.of(List.of(5, "a"), List.of(5, "a"))));
    }

    @Test
    void ndjsonAndCsvOfTheSameDataAgree() {
        Api alice = Api.newUser();
        Map<String, Object> fromJson = summary(alice, alice.ready("sales.ndjson", SALES.ndjson()));
        Map<String, Object> fromCsv = summary(alice, alice.ready("sales2.csv", SALES.csv(',')));
        assertThat(byName(fromJson).get("price")).isEqualTo(byName(fromCsv).get("price"));
        assertThat(byName(fromJson).get("units")).isEqualTo(byName(fromCsv).get("units"));
    }

    @Test
    void aFileNotReadyIsAConflictThatSaysItsStatus() throws Exception {
        Api alice = Api.newUser();
        UUID processing = insert(alice.user(), "PROCESSING", null);
        alice.request().get("/api/files/" + processing + "/summary").then().statusCode(409)
                .contentType("application/problem+json")
                .header("Retry-After", "2")
                .body("status", equalTo(409))
                .body("fileStatus", equalTo("PROCESSING"))
                .body("detail", containsString("still being processed"));
        UUID failed = insert(alice.user(), "FAILED", "The file is empty: there is no header and no data.");
        alice.request().get("/api/files/" + failed + "/summary").then().statusCode(409)
                .body("fileStatus", equalTo("FAILED"))
                .body("error", equalTo("The file is empty: there is no header and no data."));
        alice.request().get("/api/files/" + UUID.randomUUID() + "/summary").then().statusCode(404);
    }

    /** A row in a given state, claimed by a (fictitious) live replica so that no processor touches it. */
    private UUID insert(UUID owner, String status, String error) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into files.file (id, owner_id, name, size, content_type, format, sha256, object_key, status, error, "
                        + "created_at, updated_at, claim_token, claimed_by, lease_until, attempts) values "
                        + "(?, ?, 'x.csv', 1, 'text/csv', 'CSV', ?, ?, ?, ?, now(), now(), ?, 'elsewhere', ?, 1)")) {
            s.setObject(1, id);
            s.setObject(2, owner);
            s.setString(3, "0".repeat(64));
            s.setString(4, "files/" + owner + "/" + id + "/original");
            s.setString(5, status);
            s.setString(6, error);
            s.setObject(7, UUID.randomUUID());
            s.setObject(8, OffsetDateTime.ofInstant(Instant.now().plusSeconds(3600), ZoneOffset.UTC));
            s.executeUpdate();
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> summary(Api api, String id) {
        return api.request().get("/api/files/" + id + "/summary").then().statusCode(200)
                .contentType("application/json").extract().as(Map.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> byName(Map<String, Object> summary) {
        Map<String, Map<String, Object>> out = new java.util.LinkedHashMap<>();
        ((List<Map<String, Object>>) summary.get("columns")).forEach(c -> out.put((String) c.get("name"), c));
        return out;
    }

    private static List<String> types(Map<String, Map<String, Object>> columns) {
        return columns.values().stream().map(c -> (String) c.get("type")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<String> alerts(Map<String, Object> summary) {
        return ((List<Map<String, Object>>) summary.get("alerts")).stream()
                .map(a -> a.get("column") + ":" + a.get("kind")).collect(Collectors.toCollection(ArrayList::new));
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    private static String text(Object v) {
        if (v instanceof Number n) {
            return n.doubleValue() == Math.rint(n.doubleValue()) && !(v instanceof Double) ? Long.toString(n.longValue())
                    : Double.toString(n.doubleValue());
        }
        return v instanceof LocalDate d ? d.toString() : String.valueOf(v);
    }
}
