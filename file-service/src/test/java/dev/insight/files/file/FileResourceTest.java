package dev.insight.files.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.insight.files.cache.SummaryCache;
import dev.insight.files.storage.ObjectKeys;
import dev.insight.files.storage.ObjectStore;
import dev.insight.files.testing.Api;
import dev.insight.files.testing.Dataset;
import dev.insight.files.testing.Hashes;
import dev.insight.files.testing.Parquet;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class FileResourceTest {

    private static final Dataset SALES = Dataset.sales(200, 7);

    @Inject
    ObjectStore store;

    @Inject
    RedisDataSource redis;

    @Inject
    SummaryCache summaries;

    private record Upload(String name, byte[] content, String format, String contentType) {
    }

    @Test
    void everyFormatRoundTripsWithItsSha256() {
        Api alice = Api.newUser();
        List<Upload> uploads = List.of(
                new Upload("sales.csv", SALES.csv(','), "CSV", "text/csv"),
                new Upload("sales.tsv", SALES.csv('\t'), "TSV", "text/tab-separated-values"),
                new Upload("sales.json", SALES.jsonArray(), "JSON", "application/json"),
                new Upload("sales.ndjson", SALES.ndjson(), "NDJSON", "application/x-ndjson"),
                new Upload("sales.parquet", Parquet.fromCsv(SALES.csv(',')), "PARQUET", "application/vnd.apache.parquet"),
                new Upload("sales.xlsx", SALES.xlsx(), "XLSX",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
        for (Upload u : uploads) {
            Response created = alice.upload(u.name(), u.content());
            created.then().statusCode(201)
                    .header("Location", org.hamcrest.Matchers.equalTo("/api/files/" + created.path("id")))
                    .body("name", equalTo(u.name()))
                    .body("size", equalTo(u.content().length))
                    .body("sha256", equalTo(Hashes.sha256(u.content())))
                    .body("contentType", equalTo(u.contentType()))
                    .body("format", equalTo(u.format()))
                    .body("status", equalTo("UPLOADED"))
                    .body("error", nullValue())
                    .body("createdAt", notNullValue());
            String id = created.path("id");

            Map<String, Object> file = alice.awaitProcessed(id);
            assertThat(file.get("status")).as(u.name() + " " + file.get("error")).isEqualTo("READY");
            assertThat(file.get("processedAt")).isNotNull();
            alice.request().get("/api/files/" + id + "/summary").then().statusCode(200)
                    .body("rowCount", equalTo(200)).body("format", equalTo(u.format()));

            Response content = alice.request().get("/api/files/" + id + "/content");
            content.then().statusCode(200)
                    .header("Content-Type", startsWith(u.contentType()))
                    .header("Content-Length", String.valueOf(u.content().length))
                    .header("Accept-Ranges", "bytes")
                    .header("ETag", "\"" + Hashes.sha256(u.content()) + "\"")
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Disposition", "attachment; filename=\"" + u.name() + "\"; filename*=UTF-8''" + u.name());
            byte[] body = content.asByteArray();
            assertThat(Hashes.sha256(body)).as(u.name()).isEqualTo(Hashes.sha256(u.content()));
            // the key in S3 names the owner and the id, never the file name
            assertThat(store.head(ObjectKeys.original(alice.user(), UUID.fromString(id)))).isPresent();
            assertThat(store.head(ObjectKeys.parquet(alice.user(), UUID.fromString(id)))).isPresent();
        }
    }

    @Test
    void contentHonoursRanges() {
        Api alice = Api.newUser();
        byte[] csv = SALES.csv(',');
        String id = alice.uploaded("ranges.csv", csv);
        alice.request().header("Range", "bytes=10-19").get("/api/files/" + id + "/content").then().statusCode(206)
                .header("Content-Range", "bytes 10-19/" + csv.length)
                .header("Content-Length", "10")
                .body(equalTo(new String(Arrays.copyOfRange(csv, 10, 20), StandardCharsets.UTF_8)));
        alice.request().header("Range", "bytes=-5").get("/api/files/" + id + "/content").then().statusCode(206)
                .header("Content-Range", "bytes " + (csv.length - 5) + "-" + (csv.length - 1) + "/" + csv.length)
                .body(equalTo(new String(Arrays.copyOfRange(csv, csv.length - 5, csv.length), StandardCharsets.UTF_8)));
        alice.request().header("Range", "bytes=" + (csv.length - 3) + "-").get("/api/files/" + id + "/content").then()
                .statusCode(206).header("Content-Length", "3");
        alice.request().header("Range", "bytes=" + csv.length + "-").get("/api/files/" + id + "/content").then()
                .statusCode(416).contentType("application/problem+json")
                .header("Content-Range", "bytes */" + csv.length)
                .body("status", equalTo(416));
        // several ranges, or nonsense, are ignored: the whole file
        alice.request().header("Range", "bytes=0-1,5-6").get("/api/files/" + id + "/content").then().statusCode(200)
                .header("Content-Length", String.valueOf(csv.length));
        alice.request().header("Range", "lines=1-2").get("/api/files/" + id + "/content").then().statusCode(200);

        // If-Range: the range only of this very version, else the whole file
        String etag = "\"" + Hashes.sha256(csv) + "\"";
        alice.request().header("Range", "bytes=10-19").header("If-Range", etag).get("/api/files/" + id + "/content")
                .then().statusCode(206).header("Content-Length", "10");
        alice.request().header("Range", "bytes=10-19").header("If-Range", "\"another-version\"")
                .get("/api/files/" + id + "/content").then().statusCode(200)
                .header("Content-Length", String.valueOf(csv.length));
        alice.request().header("Range", "bytes=" + csv.length + "-").header("If-Range", "Wed, 21 Oct 2015 07:28:00 GMT")
                .get("/api/files/" + id + "/content").then().statusCode(200);
        // If-None-Match: a client that holds this version gets a 304 without the bytes
        alice.request().header("If-None-Match", "\"stale\", W/" + etag).get("/api/files/" + id + "/content").then()
                .statusCode(304).header("ETag", etag);
        alice.request().header("If-None-Match", "\"stale\"").get("/api/files/" + id + "/content").then().statusCode(200)
                .header("Content-Length", String.valueOf(csv.length));
    }

    @Test
    void downloadsCarryTheirLengthAndAreNeverChunked() throws Exception {
        Api alice = Api.newUser();
        // several 64 KiB chunks
        byte[] csv = Dataset.sales(6000, 11).csv(',');
        assertThat(csv.length).isGreaterThan(200_000);
        String id = alice.uploaded("raw.csv", csv);

        RawResponse whole = RawResponse.of(alice, "GET", id, null);
        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.headers()).containsEntry("content-length", String.valueOf(csv.length))
                .doesNotContainKey("transfer-encoding");
        assertThat(Hashes.sha256(whole.body())).isEqualTo(Hashes.sha256(csv));

        RawResponse part = RawResponse.of(alice, "GET", id, "bytes=100-70099");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.headers()).containsEntry("content-length", "70000")
                .containsEntry("content-range", "bytes 100-70099/" + csv.length)
                .doesNotContainKey("transfer-encoding");
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(csv, 100, 70_100));

        RawResponse head = RawResponse.of(alice, "HEAD", id, null);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers()).containsEntry("content-length", String.valueOf(csv.length))
                .containsEntry("accept-ranges", "bytes").doesNotContainKey("transfer-encoding");
        assertThat(head.body()).isEmpty();

        RawResponse headPart = RawResponse.of(alice, "HEAD", id, "bytes=-10");
        assertThat(headPart.status()).isEqualTo(206);
        assertThat(headPart.headers()).containsEntry("content-length", "10")
                .containsEntry("content-range", "bytes " + (csv.length - 10) + "-" + (csv.length - 1) + "/" + csv.length)
                .doesNotContainKey("transfer-encoding");

        String empty = alice.uploaded("empty.csv", new byte[0]);
        RawResponse nothing = RawResponse.of(alice, "GET", empty, null);
        assertThat(nothing.status()).isEqualTo(200);
        assertThat(nothing.headers()).containsEntry("content-length", "0").doesNotContainKey("transfer-encoding");
        assertThat(nothing.body()).isEmpty();
    }

    /** A response read off the socket as sent, headers keyed in lower case (REST Assured would hide framing). */
    private record RawResponse(int status, Map<String, String> headers, byte[] body) {

        static RawResponse of(Api caller, String method, String id, String range) throws java.io.IOException {
            try (java.net.Socket socket = new java.net.Socket("localhost", io.restassured.RestAssured.port)) {
                socket.setSoTimeout(10_000);
                String request = method + " /api/files/" + id + "/content HTTP/1.1\r\nHost: localhost\r\n"
                        + "Authorization: Bearer " + dev.insight.identity.testing.Tokens.forUser(caller.user()) + "\r\n"
                        + (range == null ? "" : "Range: " + range + "\r\n") + "Connection: close\r\n\r\n";
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                byte[] all = socket.getInputStream().readAllBytes();
                int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(end).as("end of the headers").isPositive();
                String[] lines = new String(all, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
                Map<String, String> headers = new java.util.HashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    String name = lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                    assertThat(headers).as("header " + name + " sent once").doesNotContainKey(name);
                    headers.put(name, lines[i].substring(colon + 1).trim());
                }
                return new RawResponse(Integer.parseInt(lines[0].split(" ")[1]), headers,
                        Arrays.copyOfRange(all, end + 4, all.length));
            }
        }

        private static int indexOf(byte[] data, byte[] pattern) {
            outer:
            for (int i = 0; i + pattern.length <= data.length; i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (data[i + j] != pattern[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    @Test
    void namesAreSanitisedAndDownloadsStaySafe() {
        Api alice = Api.newUser();
        byte[] csv = "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8);
        alice.uploadRaw("../../etc/pass\u202Ewd\\\"; x.csv", csv).then().statusCode(201)
                .body("name", equalTo("passwd\"; x.csv"));
        String id = alice.uploadRaw("C:\\Users\\bob\\Q1 résumé\u0007.csv", csv).then().statusCode(201)
                .body("name", equalTo("Q1 résumé.csv")).extract().path("id");
        alice.request().get("/api/files/" + id + "/content").then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"Q1 r_sum_.csv\"; filename*=UTF-8''Q1%20r%C3%A9sum%C3%A9.csv");
        String longName = "x".repeat(400) + ".csv";
        alice.upload(longName, csv).then().statusCode(201).body("name", equalTo("x".repeat(251) + ".csv"));
        // no extension: sniffed, and named after what it is
        alice.upload("export", "[{\"a\":1}]".getBytes(StandardCharsets.UTF_8)).then().statusCode(201)
                .body("format", equalTo("JSON")).body("name", equalTo("export.json"));
        alice.upload("", csv).then().statusCode(201).body("name", equalTo("upload.csv"));
    }

    @Test
    void unsupportedTypesAre415() {
        Api alice = Api.newUser();
        alice.upload("report.pdf", "%PDF-1.7 binary".getBytes(StandardCharsets.US_ASCII)).then().statusCode(415)
                .contentType("application/problem+json")
                .body("detail", containsString("PDF"));
        alice.upload("sales.csv", "%PDF-1.7 binary".getBytes(StandardCharsets.US_ASCII)).then().statusCode(415)
                .body("detail", containsString("a PDF document"));
        alice.upload("tool.exe", "MZ\u0090\u0000".getBytes(StandardCharsets.ISO_8859_1)).then().statusCode(415);
        alice.upload("notes.docx", "hello".getBytes(StandardCharsets.UTF_8)).then().statusCode(415)
                .body("detail", containsString("'.docx'"));
        alice.upload("blob", new byte[] { 0, 1, 2, 3, (byte) 0xff }).then().statusCode(415)
                .body("detail", containsString("binary content"));
        // not multipart at all
        alice.request().contentType("text/csv").body("a,b\n").post("/api/files").then().statusCode(415)
                .contentType("application/problem+json");
        // multipart without the file field
        alice.request().multiPart("other", "x").post("/api/files").then().statusCode(400)
                .body("detail", containsString("file"));
        alice.request().get("/api/files").then().body("items", hasSize(0));
    }

    @Test
    void uploadsOverTheLimitAre413AndLeaveNothing() {
        Api alice = Api.newUser();
        byte[] big = new byte[4 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) 'a');
        big[1] = ',';
        big[3] = '\n';
        alice.upload("big.csv", big).then().statusCode(413).contentType("application/problem+json")
                .body("status", equalTo(413))
                .body("detail", containsString("upload limit"));
        alice.request().get("/api/files").then().body("items", hasSize(0));
        assertThat(store.list(ObjectKeys.ROOT + alice.user() + "/", null, 10).contents()).isEmpty();
    }

    @Test
    void aBodyCutShortBeforeItsClosingBoundaryIs400AndLeavesNothing() {
        Api alice = Api.newUser();
        String boundary = "----cut" + java.util.UUID.randomUUID();
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.csv\"\r\n\r\n"
                + "a,b\n1,2\n").getBytes(StandardCharsets.UTF_8); // no closing boundary: the client stopped
        alice.request().contentType("multipart/form-data; boundary=" + boundary).body(body).post("/api/files").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("closing boundary"));
        alice.request().get("/api/files").then().body("items", hasSize(0));
        assertThat(store.list(ObjectKeys.ROOT + alice.user() + "/", null, 10).contents()).isEmpty();
        // the same body, complete, is stored
        byte[] whole = (new String(body, StandardCharsets.UTF_8) + "\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        alice.request().contentType("multipart/form-data; boundary=" + boundary).body(whole).post("/api/files").then()
                .statusCode(201);
    }

    @Test
    void aMalformedPartAfterTheFileFailsTheUploadAndKeepsNothing() {
        Api alice = Api.newUser();
        String boundary = "----late" + java.util.UUID.randomUUID();
        StringBuilder headers = new StringBuilder("Content-Disposition: form-data; name=\"note\"\r\n");
        for (int i = 0; i < 40; i++) {
            headers.append("X-Extra-").append(i).append(": x\r\n");
        }
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t.csv\"\r\n\r\n"
                + "a,b\n1,2\n\r\n--" + boundary + "\r\n" + headers + "\r\nhello\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
        alice.request().contentType("multipart/form-data; boundary=" + boundary).body(body).post("/api/files").then()
                .statusCode(400).contentType("application/problem+json").body("detail", containsString("malformed"));
        // the 400 is the whole answer: no file listed, processed or stored, so a retry does not make two
        alice.request().get("/api/files").then().body("items", hasSize(0));
        assertThat(store.list(ObjectKeys.ROOT + alice.user() + "/", null, 10).contents()).isEmpty();
    }

    @Test
    void listsNewestFirstInPages() {
        Api alice = Api.newUser();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(alice.uploaded("f" + i + ".csv", ("n\n" + i + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        Response first = alice.request().queryParam("limit", 2).get("/api/files");
        first.then().statusCode(200).body("items", hasSize(2))
                .body("items[0].id", equalTo(ids.get(4))).body("items[1].id", equalTo(ids.get(3)))
                .body("nextCursor", notNullValue());
        Response second = alice.request().queryParam("limit", 2).queryParam("cursor", first.path("nextCursor").toString())
                .get("/api/files");
        second.then().body("items[0].id", equalTo(ids.get(2))).body("items[1].id", equalTo(ids.get(1)));
        alice.request().queryParam("limit", 2).queryParam("cursor", second.path("nextCursor").toString()).get("/api/files")
                .then().body("items", hasSize(1)).body("items[0].id", equalTo(ids.get(0))).body("nextCursor", nullValue());
        alice.request().queryParam("limit", 0).get("/api/files").then().statusCode(400);
        alice.request().queryParam("limit", "ten").get("/api/files").then().statusCode(400);
        alice.request().queryParam("cursor", "bm9wZQ").get("/api/files").then().statusCode(400)
                .body("detail", containsString("cursor"));
        alice.request().queryParam("cursor", dev.insight.support.paging.Cursor.encode("file", "-5000-01-01T00:00:00Z",
                "00000000-0000-0000-0000-000000000000")).get("/api/files").then().statusCode(400)
                .body("detail", containsString("cursor"));
    }

    /** A row whose object is gone (deleted a moment ago, or lost) is a 404 like a file deleted before, not a 500. */
    @Test
    void aDownloadWhoseObjectIsGoneIs404() {
        Api alice = Api.newUser();
        String id = alice.ready("vanishing.csv", SALES.csv(','));
        store.delete(ObjectKeys.original(alice.user(), UUID.fromString(id)));
        alice.request().get("/api/files/" + id + "/content").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("No file " + id));
    }

    /** Uploads held open by slow clients take at most files.limits.concurrent-uploads (8) slots: the next is a 503. */
    @Test
    void uploadsBeyondTheConcurrencyLimitAre503WithRetryAfter() throws Exception {
        Api alice = Api.newUser();
        List<java.net.Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port);
                String boundary = "slow" + i;
                String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\na,b\n1,2\n";
                socket.getOutputStream().write(("POST /api/files HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + dev.insight.identity.testing.Tokens.forUser(alice.user()) + "\r\nContent-Type: multipart/form-data; "
                        + "boundary=" + boundary + "\r\nContent-Length: 1000000\r\n\r\n" + head)
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
            }
            // once all eight are being received (each started as its head arrived), a ninth is refused at once
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                    alice.upload("ninth.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)).statusCode() == 503);
            alice.upload("ninth.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", "2")
                    .body("detail", containsString("Too many uploads"));
        } finally {
            for (java.net.Socket socket : slow) {
                socket.close();
            }
        }
        // the slow clients gone, their slots are free again
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                alice.upload("after.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8)).statusCode() == 201);
    }

    /** A summary cached just after its file was deleted is taken back at once (no sample rows kept for a day). */
    @Test
    void aSummaryIsNotCachedForAFileThatIsGone() {
        UUID gone = UUID.randomUUID();
        String sha = "0".repeat(64);
        summaries.put(gone, sha, "{\"rowCount\":1}").await().atMost(java.time.Duration.ofSeconds(5));
        assertThat(redis.key().exists("file:summary:" + gone + ":" + sha)).isFalse();
    }

    @Test
    void deleteRemovesRowObjectsAndCache() {
        Api alice = Api.newUser();
        String id = alice.ready("gone.csv", SALES.csv(','));
        String sha = Hashes.sha256(SALES.csv(','));
        alice.request().get("/api/files/" + id + "/summary").then().statusCode(200);
        assertThat(redis.key().exists("file:summary:" + id + ":" + sha)).isTrue();

        alice.request().delete("/api/files/" + id).then().statusCode(204);

        alice.request().get("/api/files/" + id).then().statusCode(404).contentType("application/problem+json");
        alice.request().get("/api/files/" + id + "/content").then().statusCode(404);
        alice.request().delete("/api/files/" + id).then().statusCode(404);
        assertThat(store.head(ObjectKeys.original(alice.user(), UUID.fromString(id)))).isEmpty();
        assertThat(store.head(ObjectKeys.parquet(alice.user(), UUID.fromString(id)))).isEmpty();
        assertThat(redis.key().exists("file:summary:" + id + ":" + sha)).isFalse();
        alice.request().get("/api/files/not-a-uuid").then().statusCode(400).body("detail", containsString("id"));
    }

    @Test
    void forgettingAUserRemovesAllTheirFilesOnly() {
        Api alice = Api.newUser();
        Api bob = Api.newUser();
        String a1 = alice.ready("a1.csv", SALES.csv(','));
        alice.uploaded("a2.csv", "x\n1\n".getBytes(StandardCharsets.UTF_8));
        String b1 = bob.uploaded("b1.csv", "x\n1\n".getBytes(StandardCharsets.UTF_8));

        alice.request().delete("/api/me/data").then().statusCode(204);

        alice.request().get("/api/files").then().body("items", hasSize(0));
        alice.request().get("/api/files/" + a1 + "/summary").then().statusCode(404);
        assertThat(store.list(ObjectKeys.ROOT + alice.user() + "/", null, 10).contents()).isEmpty();
        bob.request().get("/api/files/" + b1).then().statusCode(200);
        alice.request().delete("/api/me/data").then().statusCode(204);
        // an upload still streaming when the data was erased finishes after it: it is not kept either
        alice.upload("late.csv", "x\n1\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(410)
                .contentType("application/problem+json").body("detail", containsString("erased"));
        alice.request().get("/api/files").then().body("items", hasSize(0));
        assertThat(store.list(ObjectKeys.ROOT + alice.user() + "/", null, 10).contents()).isEmpty();
        bob.uploaded("b2.csv", "x\n1\n".getBytes(StandardCharsets.UTF_8));
    }
}
