package dev.insight.files.processing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.files.testing.Api;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import dev.insight.files.testing.Xlsx;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Malformed and hostile files end FAILED with a reason a person can act on, and the service stays healthy. */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class HostileFilesTest {

    @Test
    void raggedCsv() {
        assertFailed("ragged.csv", "a,b,c\n1,2,3\n4,5,6,7,8\n9,10,11\n", "same number of columns");
    }

    @Test
    void binaryGarbageNamedCsv() {
        byte[] garbage = new byte[20_000];
        new Random(1).nextBytes(garbage);
        garbage[0] = 'x';
        assertFailed("garbage.csv", garbage, "");
    }

    @Test
    void zipBombWorkbook() {
        byte[] bomb = Xlsx.zipBomb(64);
        assertThat(bomb.length).isLessThan(1_000_000);
        assertFailed("bomb.xlsx", bomb, "zip bomb");
    }

    @Test
    void workbookLyingAboutAPartsSize() {
        assertFailed("liar.xlsx", Xlsx.lyingAboutItsSize(), "zip bomb");
    }

    @Test
    void tenThousandColumns() {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            csv.append(i == 0 ? "" : ",").append("c").append(i);
        }
        csv.append('\n');
        for (int i = 0; i < 10_000; i++) {
            csv.append(i == 0 ? "" : ",").append(i);
        }
        csv.append('\n');
        assertFailed("wide.csv", csv.toString(), "10000 columns; at most 1024");
    }

    @Test
    void emptyFile() {
        assertFailed("empty.csv", "", "The file is empty");
    }

    @Test
    void brokenJsonAndFakeFormats() {
        assertFailed("broken.json", "[{\"a\": 1}, {\"a\": ", "");
        // cut right after a record: DuckDB alone would read the two records before the cut as the whole dataset
        assertFailed("cut.json", "[{\"a\": 1}, {\"a\": 2},\n", "does not end with the ']'");
        assertFailed("trailing.json", "[{\"a\": 1}] garbage", "or something follows the array");
        Api alice = Api.newUser();
        String whole = alice.ready("whole.json", "[{\"a\": 1}, {\"a\": 2}]\r\n\n".getBytes(StandardCharsets.UTF_8));
        alice.query(whole, "SELECT sum(a) FROM data").then().statusCode(200).body("rows[0][0]", equalTo(3));
        assertFailed("fake.parquet", "this is not parquet at all", "");
        assertFailed("fake.xlsx", "PK\u0003\u0004 but not a zip", "not a readable XLSX");
    }

    @Test
    void wideXlsxAndRowsBeyondTheHeader() {
        java.util.List<String> header = new java.util.ArrayList<>();
        java.util.List<Object> values = new java.util.ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            header.add("c" + i);
            values.add(i);
        }
        assertFailed("wide.xlsx", Xlsx.workbook(header, java.util.List.of(values), java.util.List.of("Wide")),
                "1500 columns; at most 1024");
        assertFailed("ragged.xlsx", Xlsx.workbook(java.util.List.of("a", "b"),
                java.util.List.of(java.util.List.of(1, 2), java.util.List.of(3, 4, 5)), java.util.List.of("S")),
                "beyond the 2 columns of its header");
    }

    /** Odd but valid data is processed: a NUL byte in a cell, numbers at the edge of a double. */
    @Test
    void oddButValidValuesAreProcessed() {
        Api alice = Api.newUser();
        String nul = alice.ready("nul.csv", "id,val\n1,a\u0000b\n2,c\n".getBytes(StandardCharsets.UTF_8));
        alice.request().get("/api/files/" + nul + "/summary").then().statusCode(200).body("rowCount", equalTo(2));
        alice.query(nul, "SELECT count(*) FROM data").then().statusCode(200).body("rows[0][0]", equalTo(2));

        String huge = alice.ready("huge.csv", "id,amount\n1,1e308\n2,-1e308\n3,5\n".getBytes(StandardCharsets.UTF_8));
        // the spread of such values is not a number; the rest of the summary is
        alice.request().get("/api/files/" + huge + "/summary").then().statusCode(200).body("rowCount", equalTo(3))
                .body("columns.find { it.name == 'amount' }.stddev", org.hamcrest.Matchers.nullValue())
                .body("columns.find { it.name == 'amount' }.nullCount", equalTo(0));
        assertThat(DatasetProcessor.storable("{\"v\":\"a\\u0000b\",\"w\":\"\\\\u0000\"}"))
                .isEqualTo("{\"v\":\"a\\uFFFDb\",\"w\":\"\\\\u0000\"}");
    }

    /** As wide as allowed, with long names (as exports make them): processed, queried, summarised. */
    @Test
    void aWideFileWithLongColumnNamesIsProcessed() {
        Api alice = Api.newUser();
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            header.append(i == 0 ? "" : ",").append("a_rather_long_column_name_as_exports_make_them_").append(i);
            row.append(i == 0 ? "" : ",").append(i);
        }
        String wide = alice.ready("wide.csv", (header + "\n" + row + "\n" + row + "\n").getBytes(StandardCharsets.UTF_8));
        alice.request().get("/api/files/" + wide + "/summary").then().statusCode(200).body("rowCount", equalTo(2))
                .body("columns.size()", equalTo(1000));
        alice.query(wide, "SELECT * FROM data").then().statusCode(200).body("columns.size()", equalTo(1000))
                .body("rows[1][999]", equalTo(999));
    }

    /** DuckDB reads 24:00:00 as a TIME that java.time cannot hold: summarised and queried as text, never a failure. */
    @Test
    void midnightAtTheEndOfTheDayIsATime() {
        Api alice = Api.newUser();
        String shifts = alice.ready("shifts.csv", "shift,ends\nlate,24:00:00\nearly,10:30:00\n".getBytes(StandardCharsets.UTF_8));
        alice.request().get("/api/files/" + shifts + "/summary").then().statusCode(200).body("rowCount", equalTo(2))
                .body("columns.find { it.name == 'ends' }.type", equalTo("TIME"))
                .body("columns.find { it.name == 'ends' }.min", equalTo("10:30:00"))
                .body("columns.find { it.name == 'ends' }.max", equalTo("24:00:00"))
                .body("sampleRows.collect { it[1] }", org.hamcrest.Matchers.contains("24:00:00", "10:30:00"));
        alice.query(shifts, "SELECT ends, [ends] AS listed, {'t': ends} AS nested FROM data ORDER BY shift").then()
                .statusCode(200).body("rows[1][0]", equalTo("24:00:00")).body("rows[0][0]", equalTo("10:30:00"))
                .body("rows[1][1]", org.hamcrest.Matchers.contains("24:00:00")).body("rows[1][2].t", equalTo("24:00:00"))
                .body("columns.type", org.hamcrest.Matchers.contains("TIME", "TIME[]", "STRUCT(t TIME)"));
        // a field named "time" is no TIME: the record stays a JSON object
        alice.query(shifts, "SELECT {'time': 1, 'Start Time': 2} AS s").then().statusCode(200)
                .body("rows[0][0].time", equalTo(1)).body("rows[0][0].'Start Time'", equalTo(2));
    }

    /** The styles part of a workbook is optional: one written without it is read, its numbers as numbers. */
    @Test
    void workbookWithoutStyles() {
        Api alice = Api.newUser();
        String id = alice.ready("plain.xlsx", Xlsx.unstyled(java.util.List.of("name", "amount"),
                java.util.List.of(java.util.List.of("a", 1.5), java.util.List.of("b", 2))));
        alice.query(id, "SELECT sum(amount), string_agg(name, ',' ORDER BY name) FROM data").then().statusCode(200)
                .body("rows[0][0]", equalTo(3.5f)).body("rows[0][1]", equalTo("a,b"));
    }

    /** Integers wider than BIGINT (20-digit SIM card numbers) keep every digit; a column that also holds fractions does not pretend to. */
    @Test
    void integersWiderThanBigintKeepEveryDigit() {
        Api alice = Api.newUser();
        String sims = alice.ready("sims.csv", "id,iccid,price\n1,89014103211118510720,1.5\n2, 89014103211118510721,2\n3,,3\n"
                .getBytes(StandardCharsets.UTF_8));
        alice.query(sims, "SELECT typeof(iccid), CAST(iccid AS VARCHAR), typeof(price) FROM data ORDER BY id").then()
                .statusCode(200)
                .body("rows[0]", org.hamcrest.Matchers.contains("DECIMAL(38,0)", "89014103211118510720", "DOUBLE"))
                .body("rows[1][1]", equalTo("89014103211118510721"))
                .body("rows[2][1]", org.hamcrest.Matchers.nullValue());
        alice.request().get("/api/files/" + sims + "/summary").then().statusCode(200)
                .body("columns.find { it.name == 'iccid' }.nullCount", equalTo(1));

        // JSON numbers that wide too, in arrays and in NDJSON (the other columns keep their detected types)
        String json = alice.ready("sims.json", ("[{\"id\": 1, \"sim\": 89014103211118510720, \"price\": 1.5, \"tags\": [\"a\"]},"
                + " {\"id\": 2, \"sim\": 89014103211118510721, \"price\": 2, \"tags\": []}]").getBytes(StandardCharsets.UTF_8));
        alice.query(json, "SELECT typeof(sim), CAST(sim AS VARCHAR), typeof(price), typeof(tags) FROM data ORDER BY id").then()
                .statusCode(200)
                .body("rows[0]", org.hamcrest.Matchers.contains("DECIMAL(38,0)", "89014103211118510720", "DOUBLE", "VARCHAR[]"))
                .body("rows[1][1]", equalTo("89014103211118510721"));
        String ndjson = alice.ready("sims.ndjson", "{\"id\": 1, \"sim\": 89014103211118510720}\n{\"id\": 2, \"sim\": 7}\n"
                .getBytes(StandardCharsets.UTF_8));
        alice.query(ndjson, "SELECT CAST(sim AS VARCHAR) FROM data ORDER BY id").then().statusCode(200)
                .body("rows[0][0]", equalTo("89014103211118510720"));

        // 38 digits still fit DECIMAL(38,0); past that, every digit is kept as text. The summary's mean of them is a
        // DOUBLE (their DECIMAL sum would overflow)
        String widest = alice.ready("widest.csv", ("id,d38,d40\n1," + "9".repeat(38) + "," + "1".repeat(40) + "\n2,-"
                + "9".repeat(38) + ",5\n").getBytes(StandardCharsets.UTF_8));
        alice.query(widest, "SELECT typeof(d38), CAST(d38 AS VARCHAR), typeof(d40), d40 FROM data ORDER BY id").then()
                .statusCode(200)
                .body("rows[0]", org.hamcrest.Matchers.contains("DECIMAL(38,0)", "9".repeat(38), "VARCHAR", "1".repeat(40)))
                .body("rows[1][1]", equalTo("-" + "9".repeat(38)));
        alice.request().get("/api/files/" + widest + "/summary").then().statusCode(200)
                .body("columns.find { it.name == 'd38' }.mean", equalTo(0f));

        // a fraction after the rows the sniffer samples: the whole column is checked, so it stays a DOUBLE column
        StringBuilder mixed = new StringBuilder("id,big\n");
        for (int i = 0; i < 12_000; i++) {
            mixed.append(i).append(',').append("1234567890123456789").append(i % 10).append('\n');
        }
        mixed.append("12000,1.5\n");
        String late = alice.ready("late.csv", mixed.toString().getBytes(StandardCharsets.UTF_8));
        alice.query(late, "SELECT typeof(big), big FROM data WHERE id = 12000").then().statusCode(200)
                .body("rows[0][0]", equalTo("DOUBLE")).body("rows[0][1]", equalTo(1.5f));
    }

    private static void assertFailed(String name, String content, String reason) {
        assertFailed(name, content.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static void assertFailed(String name, byte[] content, String reason) {
        Api alice = Api.newUser();
        String id = alice.uploaded(name, content);
        Map<String, Object> file = alice.awaitProcessed(id);
        assertThat(file.get("status")).as(name).isEqualTo("FAILED");
        assertThat((String) file.get("error")).as(name).isNotBlank().contains(reason).doesNotContain("/tmp/")
                .doesNotContain("target/work");
        alice.request().get("/api/files/" + id + "/summary").then().statusCode(409).body("fileStatus", equalTo("FAILED"));
        alice.query(id, "SELECT 1").then().statusCode(409);
        // the original is still there to download, and the service is healthy
        alice.request().get("/api/files/" + id + "/content").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }
}
