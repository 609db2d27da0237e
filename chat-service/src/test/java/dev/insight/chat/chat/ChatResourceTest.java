package dev.insight.chat.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import dev.insight.chat.testing.Api;
import dev.insight.chat.testing.Backends;
import dev.insight.chat.testing.SalesData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The chat flow against the real memory-service and file-service: storage, cache, history, streaming, input. */
@QuarkusTest
@WithTestResource(Backends.class)
class ChatResourceTest {

    private static final SalesData DATA = new SalesData(7L, 60);

    @Test
    void storesQuestionAndAnswerWithTheirMetadata() {
        Api alice = Api.newUser();
        String file = alice.upload("sales.csv", DATA.csv);
        JsonPath reply = alice.ask("How many rows are there?", file).then().statusCode(200)
                .header("X-Request-Id", org.hamcrest.Matchers.notNullValue())
                .extract().jsonPath();
        String conversation = reply.getString("conversationId");
        assertThat(reply.getString("answer")).isEqualTo("There are 60 rows.");

        JsonPath messages = alice.messages(conversation);
        assertThat(messages.getList("items.role")).containsExactly("user", "assistant");
        assertThat(messages.getString("items[0].content")).isEqualTo("How many rows are there?");
        assertThat(messages.getList("items[0].metadata.fileIds")).containsExactly(file);
        assertThat(messages.getString("items[1].id")).isEqualTo(reply.getString("messageId"));
        assertThat(messages.getString("items[1].content")).isEqualTo("There are 60 rows.");
        Map<String, Object> meta = messages.getMap("items[1].metadata");
        assertThat(meta).containsEntry("provider", "builtin").containsEntry("model", "insight-analyst")
                .containsEntry("cached", false).containsEntry("sql", "SELECT COUNT(*) AS \"row_count\" FROM data")
                .containsEntry("promptVersion", analystVersion()).containsKeys("latencyMs", "usage", "table");
        assertThat(messages.getList("items[1].metadata.table.rows")).hasSize(1);
        assertThat(messages.getInt("items[1].metadata.table.rowCount")).isEqualTo(1);
        assertThat(messages.getList("items[1].metadata.fileIds")).containsExactly(file);
        // the conversation was started with the question as its title
        given().auth().oauth2(alice.token()).baseUri(Backends.memoryUrl()).get("/api/conversations/" + conversation)
                .then().statusCode(200).body("title", equalTo("How many rows are there?")).body("messageCount", equalTo(2));
    }

    /** A long question's title is cut at a whole character: 79 emoji and an ellipsis, never half an emoji ('?'). */
    @Test
    void aLongQuestionTitlesItsConversationWithoutSplittingCharacters() {
        Api carol = Api.newUser();
        String smile = "\uD83D\uDE00";
        JsonPath reply = carol.ask(smile.repeat(150)).then().statusCode(200).extract().jsonPath();
        given().auth().oauth2(carol.token()).baseUri(Backends.memoryUrl())
                .get("/api/conversations/" + reply.getString("conversationId")).then().statusCode(200)
                .body("title", equalTo(smile.repeat(79) + "…"));
    }

    /** Text pasted from CP1252 carries C1 controls (U+0092 for ’): the question is asked, its title goes without them. */
    @Test
    void aQuestionWithC1ControlsStartsAConversation() {
        Api dave = Api.newUser();
        JsonPath reply = dave.ask("What\u0092s in\u0085 here?").then().statusCode(200).extract().jsonPath();
        given().auth().oauth2(dave.token()).baseUri(Backends.memoryUrl())
                .get("/api/conversations/" + reply.getString("conversationId")).then().statusCode(200)
                .body("title", equalTo("What s in here?"));
    }

    @Test
    void aRepeatedQuestionIsAnsweredFromTheCache() {
        Api bob = Api.newUser();
        String file = bob.upload("sales.csv", DATA.csv);
        JsonPath first = bob.ask("total revenue by region", file).then().statusCode(200).extract().jsonPath();
        JsonPath second = bob.ask("  total revenue by region\n", file).then().statusCode(200).extract().jsonPath();
        assertThat(first.getBoolean("cached")).isFalse();
        assertThat(second.getBoolean("cached")).isTrue();
        assertThat(second.getString("answer")).isEqualTo(first.getString("answer"));
        assertThat(second.getString("sql")).isEqualTo(first.getString("sql"));
        assertThat(second.getList("table.rows")).isEqualTo(first.getList("table.rows"));
        assertThat(second.getString("conversationId")).isNotEqualTo(first.getString("conversationId"));
        assertThat(bob.messages(second.getString("conversationId")).getBoolean("items[1].metadata.cached")).isTrue();

        // a question that differs only in case is asked again: case can change an answer (a quoted value, "US")
        assertThat(bob.ask("Total revenue by REGION", file).then().statusCode(200).extract().jsonPath()
                .getBoolean("cached")).isFalse();

        // another user with the same file content and question gets their own computation, never bob's entry
        Api carol = Api.newUser();
        String carolsFile = carol.upload("sales.csv", DATA.csv);
        assertThat(carol.ask("total revenue by region", carolsFile).then().statusCode(200).extract().jsonPath()
                .getBoolean("cached")).isFalse();
        // and a different file is a different answer
        String other = bob.upload("sales.csv", new SalesData(8L, 30).csv);
        JsonPath third = bob.ask("total revenue by region", other).then().statusCode(200).extract().jsonPath();
        assertThat(third.getBoolean("cached")).isFalse();
        assertThat(third.getList("table.rows")).isNotEqualTo(first.getList("table.rows"));
    }

    @Test
    void tenIdenticalConcurrentQuestionsComputeOnce() throws Exception {
        Api dan = Api.newUser();
        String file = dan.upload("sales.csv", DATA.csv);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<JsonPath>> replies = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                replies.add(pool.submit(() -> dan.ask("average units per product", file).then().statusCode(200)
                        .extract().jsonPath()));
            }
            int computed = 0;
            String answer = null;
            for (Future<JsonPath> f : replies) {
                JsonPath reply = f.get();
                computed += reply.getBoolean("cached") ? 0 : 1;
                answer = answer == null ? reply.getString("answer") : answer;
                assertThat(reply.getString("answer")).isEqualTo(answer);
            }
            assertThat(computed).as("exactly one of ten identical questions is computed").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFollowUpUsesTheFilesOfTheConversation() {
        Api erin = Api.newUser();
        String file = erin.upload("sales.csv", DATA.csv);
        String conversation = erin.ask("How many rows are there?", file).then().statusCode(200).extract().path("conversationId");
        JsonPath followUp = erin.askIn(conversation, "how many distinct regions").then().statusCode(200).extract().jsonPath();
        assertThat(followUp.getString("conversationId")).isEqualTo(conversation);
        assertThat(followUp.getString("sql")).isEqualTo("SELECT COUNT(DISTINCT \"region\") AS \"distinct_region\" FROM data");
        assertThat(erin.messages(conversation).getList("items[2].metadata.fileIds")).containsExactly(file);
        assertThat(erin.messages(conversation).getList("items.role")).containsExactly("user", "assistant", "user", "assistant");
    }

    @Test
    void streamsDeltasThenDone() {
        Api fay = Api.newUser();
        String file = fay.upload("sales.csv", DATA.csv);
        Response response = fay.request().accept("text/event-stream")
                .body(Map.of("message", "total units by region", "fileIds", List.of(file)))
                .post("/api/chat/stream");
        response.then().statusCode(200).contentType(containsString("text/event-stream"));
        // only SSE's own fields: event, data and the blank line between events
        assertThat(response.asString().lines()).allMatch(l -> l.isEmpty() || l.startsWith("event:") || l.startsWith("data:"));
        List<Api.Event> events = Api.events(response.asString());
        assertThat(events).hasSizeGreaterThan(2);
        Api.Event done = events.get(events.size() - 1);
        assertThat(done.name()).isEqualTo("done");
        StringBuilder text = new StringBuilder();
        for (Api.Event e : events.subList(0, events.size() - 1)) {
            assertThat(e.name()).isEqualTo("delta");
            assertThat(e.json().getMap("")).containsOnlyKeys("text");
            text.append(e.json().getString("text"));
        }
        JsonPath doneJson = done.json();
        assertThat(doneJson.getMap("")).containsOnlyKeys("conversationId", "messageId", "table", "sql", "cached",
                "provider", "model");
        assertThat(doneJson.getBoolean("cached")).isFalse();
        assertThat(doneJson.getString("provider")).isEqualTo("builtin");
        assertThat(text.toString()).startsWith("Total units by region — ");
        JsonPath stored = fay.messages(doneJson.getString("conversationId"));
        assertThat(stored.getString("items[1].content")).isEqualTo(text.toString());
        assertThat(stored.getString("items[1].id")).isEqualTo(doneJson.getString("messageId"));

        // the same question again: a cached answer replays as the same events
        Response again = fay.request().body(Map.of("message", "total units by region", "fileIds", List.of(file)))
                .post("/api/chat/stream");
        List<Api.Event> replay = Api.events(again.asString());
        StringBuilder replayed = new StringBuilder();
        replay.stream().filter(e -> e.name().equals("delta")).forEach(e -> replayed.append(e.json().getString("text")));
        assertThat(replayed.toString()).isEqualTo(text.toString());
        assertThat(replay.get(replay.size() - 1).json().getBoolean("cached")).isTrue();
        assertThat(replay.get(replay.size() - 1).json().getList("table.rows")).isEqualTo(doneJson.getList("table.rows"));
    }

    @Test
    void aFileStillBeingProcessedIsA409BeforeAnythingIsCreatedOrStreamed() {
        Api hal = Api.newUser();
        // large enough that file-service is still at it when the questions arrive (it polls, then converts ~8 MB)
        StringBuilder csv = new StringBuilder("order_date,region,units,revenue\n");
        for (int i = 0; i < 250_000; i++) {
            csv.append("2024-0").append(i % 9 + 1).append("-1").append(i % 9).append(",R").append(i % 7).append(',')
                    .append(i % 50).append(',').append(i % 1000).append(".25\n");
        }
        String file = hal.uploadOnly("big.csv", csv.toString());
        for (String path : List.of("/api/chat", "/api/chat/stream")) {
            hal.request().body(Map.of("message", "how many rows", "fileIds", List.of(file))).post(path).then()
                    .statusCode(409).contentType("application/problem+json").header("Retry-After", "2")
                    .body("detail", containsString("still being processed"));
        }
        given().auth().oauth2(hal.token()).baseUri(Backends.memoryUrl()).get("/api/conversations").then()
                .statusCode(200).body("items", hasSize(0));
    }

    @Test
    void badInputIsAClearProblem() throws Exception {
        Api gil = Api.newUser();
        String longMessage = "x".repeat(100_001);
        Object[][] cases = {
                { Map.of("message", ""), "message: must not be empty" },
                { Map.of("message", "   "), "message: must not be empty" },
                { Map.of(), "message: is required" },
                { Map.of("message", longMessage), "message: must be at most 100000 characters (got 100001)" },
                { Map.of("message", "hi", "conversationId", "nope"), "conversationId: must be a UUID" },
                { Map.of("message", "hi", "fileIds", List.of("nope")), "fileIds[0]: must be a UUID" },
                { Map.of("message", "hi", "fileIds", java.util.Collections.nCopies(11, UUID.randomUUID().toString())),
                        "fileIds: must name at most 10 files (got 11)" },
                { Map.of("message", 42), "Field 'message' has an invalid value '42'" },
                { Map.of("message", "hi", "fileIds", "abc"), "Field 'fileIds' must be an array" },
        };
        for (Object[] c : cases) {
            for (String path : List.of("/api/chat", "/api/chat/stream")) {
                gil.request().body(c[0]).post(path).then()
                        .statusCode(400).contentType("application/problem+json")
                        .body("status", equalTo(400)).body("detail", startsWith((String) c[1]));
            }
        }
        for (String path : List.of("/api/chat", "/api/chat/stream")) {
            gil.request().body("{\"message\": ").post(path).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", startsWith("The body is not valid JSON"));
            // text with no UTF-8 form would be stored as '?': refused, as memory-service refuses it
            gil.request().body("{\"message\": \"a\\ud800b\"}").post(path).then().statusCode(400)
                    .contentType("application/problem+json").body("detail", containsString("lone surrogate"));
            // one JSON document, nothing after it
            gil.request().body("{\"message\": \"hi\"} {\"message\": \"again\"}").post(path).then().statusCode(400)
                    .contentType("application/problem+json");
            gil.request().contentType(ContentType.TEXT).body("hello").post(path).then().statusCode(415)
                    .contentType("application/problem+json");
            // refused before any resource runs, declared or chunked
            gil.request().body("{\"message\":\"" + "y".repeat(1_100_000) + "\"}").post(path).then().statusCode(413)
                    .contentType("application/problem+json").body("detail", containsString("at most 1048576"));
            HttpResponse<String> chunked = postChunked(gil, path, "{\"message\":\"" + "y".repeat(2_000_000) + "\"}");
            assertThat(chunked.statusCode()).isEqualTo(413);
            assertThat(chunked.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(chunked.body()).contains("larger than 1048576 bytes");
            // a chunked body within the limit reaches the resource
            HttpResponse<String> truncated = postChunked(gil, path, "{\"message\": ");
            assertThat(truncated.statusCode()).isEqualTo(400);
            assertThat(truncated.body()).contains("The body is not valid JSON");
        }
        given().auth().oauth2(gil.token()).get("/api/chat").then().statusCode(405).contentType("application/problem+json");
    }

    private static HttpResponse<String> postChunked(Api caller, String path, String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        // a body of unknown length: sent chunked, without Content-Length
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + caller.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The version the build recorded for the built-in analyst (a digest of its sources). */
    private static String analystVersion() {
        try {
            return "analyst-" + java.nio.file.Files.readString(
                    java.nio.file.Path.of("target/classes/dev/insight/chat/analyst/analyst-version.txt")).strip().substring(0, 12);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
