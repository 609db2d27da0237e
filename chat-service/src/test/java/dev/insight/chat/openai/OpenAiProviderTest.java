package dev.insight.chat.openai;

import static io.restassured.RestAssured.given;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.insight.chat.testing.Api;
import dev.insight.chat.testing.Backends;
import dev.insight.chat.testing.FakeOpenAi;
import dev.insight.chat.testing.SalesData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The openai provider against a scripted OpenAI-compatible server that asks for describe_dataset, then run_sql,
 * then answers — streamed and not. The tool calls really run through file-service; the tests check every request
 * chat sent (model, messages, tool schemas, tool results) and what it made of the answers and the failures.
 */
@QuarkusTest
@WithTestResource(Backends.class)
@WithTestResource(FakeOpenAi.class)
class OpenAiProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SalesData DATA = new SalesData(99L, 80);
    private static final String SQL = "SELECT region, SUM(units) AS units FROM data GROUP BY region ORDER BY region";
    private static final String FINAL = "East sold the most units.";

    /** A user, their uploaded file, and a question unique to the test so that stubs and requests stay apart. */
    private record Session(Api api, String file, String question) {
    }

    private static Session session(String question) {
        Api api = Api.newUser();
        return new Session(api, api.upload("sales.csv", DATA.csv), question);
    }

    private static MappingBuilder completions(String question) {
        return post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(question));
    }

    private static String toolCall(String id, String name, String arguments, boolean stream) {
        if (!stream) {
            return "{\"id\":\"x\",\"object\":\"chat.completion\",\"model\":\"test-model\",\"choices\":[{\"index\":0,"
                    + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"" + id
                    + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":" + quote(arguments)
                    + "}}]},\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":10,"
                    + "\"total_tokens\":110}}";
        }
        int half = arguments.length() / 2;
        return sse("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"" + id
                + "\",\"type\":\"function\",\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                        + quote(arguments.substring(0, half)) + "}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                        + quote(arguments.substring(half)) + "}}]}}]}",
                "{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}",
                "{\"choices\":[],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":10,\"total_tokens\":110}}",
                "[DONE]");
    }

    private static String answer(String text, boolean stream, String finishReason) {
        if (!stream) {
            return "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                    + "\"content\":" + quote(text) + "},\"finish_reason\":\"" + finishReason + "\"}],"
                    + "\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":7,\"total_tokens\":307}}";
        }
        List<String> events = new ArrayList<>();
        for (String word : text.split("(?<= )")) {
            events.add("{\"choices\":[{\"index\":0,\"delta\":{\"content\":" + quote(word) + "}}]}");
        }
        events.add("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + finishReason + "\"}]}");
        events.add("{\"choices\":[],\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":7,\"total_tokens\":307}}");
        events.add("[DONE]");
        return sse(events.toArray(String[]::new));
    }

    private static String sse(String... data) {
        StringBuilder body = new StringBuilder();
        for (String d : data) {
            body.append("data: ").append(d).append("\n\n");
        }
        return body.toString();
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** describe_dataset, then run_sql, then the final answer. */
    private static void script(Session s, boolean stream) {
        String type = stream ? "text/event-stream" : "application/json";
        FakeOpenAi.server().stubFor(completions(s.question()).atPriority(1)
                .withRequestBody(containing("\"tool_call_id\":\"call_sql\""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", type)
                        .withBody(answer(FINAL, stream, "stop"))));
        FakeOpenAi.server().stubFor(completions(s.question()).atPriority(2)
                .withRequestBody(containing("\"tool_call_id\":\"call_describe\""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", type)
                        .withBody(toolCall("call_sql", "run_sql",
                                "{\"file_id\":\"" + s.file() + "\",\"sql\":" + quote(SQL) + "}", stream))));
        FakeOpenAi.server().stubFor(completions(s.question()).atPriority(3)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", type)
                        .withBody(toolCall("call_describe", "describe_dataset", "{\"file_id\":\"" + s.file() + "\"}", stream))));
    }

    /** The model runs one SQL statement (not streamed), then answers with the given text once it has the result. */
    private static void sqlThenAnswer(Session s, String callId, String sql, String text) {
        FakeOpenAi.server().stubFor(completions(s.question()).atPriority(1).withRequestBody(containing("\"tool_call_id\""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(answer(text, false, "stop"))));
        FakeOpenAi.server().stubFor(completions(s.question()).atPriority(2)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(toolCall(callId, "run_sql", "{\"file_id\":\"" + s.file() + "\",\"sql\":" + quote(sql) + "}",
                                false))));
    }

    private static List<JsonNode> requests(String question) {
        List<JsonNode> bodies = new ArrayList<>();
        for (LoggedRequest r : FakeOpenAi.server().findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/v1/chat/completions")))) {
            if (r.getBodyAsString().contains(question)) {
                try {
                    bodies.add(JSON.readTree(r.getBodyAsString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return bodies;
    }

    private static Map<String, Long> unitsByRegion() {
        Map<String, Long> expected = new TreeMap<>();
        DATA.rows.forEach(r -> expected.merge(r.region(), r.units(), Long::sum));
        return expected;
    }

    private void assertConversationSent(Session s, List<JsonNode> sent, boolean stream) {
        assertThat(sent).hasSize(3);
        for (JsonNode body : sent) {
            assertThat(body.path("model").asText()).isEqualTo(FakeOpenAi.MODEL);
            assertThat(body.path("stream").asBoolean()).isEqualTo(stream);
            assertThat(body.path("temperature").asDouble()).isEqualTo(0.0);
            assertThat(body.path("max_tokens").asInt()).isEqualTo(1024);
            assertThat(body.path("tool_choice").asText()).isEqualTo("auto");
            if (stream) {
                assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
            } else {
                assertThat(body.has("stream_options")).isFalse();
            }
            JsonNode tools = body.path("tools");
            assertThat(tools).hasSize(2);
            assertThat(tools.path(0).path("type").asText()).isEqualTo("function");
            assertThat(tools.path(0).path("function").path("name").asText()).isEqualTo("describe_dataset");
            assertThat(tools.path(0).path("function").path("parameters").toString()).isEqualTo(
                    "{\"type\":\"object\",\"properties\":{\"file_id\":{\"type\":\"string\",\"description\":"
                            + "\"The id of the file, as listed in the instructions.\"}},\"required\":[\"file_id\"],"
                            + "\"additionalProperties\":false}");
            assertThat(tools.path(1).path("function").path("name").asText()).isEqualTo("run_sql");
            assertThat(tools.path(1).path("function").path("parameters").path("required").toString())
                    .isEqualTo("[\"file_id\",\"sql\"]");
        }
        ArrayNode first = (ArrayNode) sent.get(0).path("messages");
        assertThat(first).hasSize(2);
        assertThat(first.path(0).path("role").asText()).isEqualTo("system");
        assertThat(first.path(0).path("content").asText()).startsWith("You are Insight, a careful data analyst.")
                .contains("- file_id " + s.file() + ": sales.csv");
        assertThat(first.path(1).toString()).isEqualTo("{\"role\":\"user\",\"content\":" + quote(s.question()) + "}");

        ArrayNode second = (ArrayNode) sent.get(1).path("messages");
        assertThat(second).hasSize(4);
        assertThat(second.path(2).path("role").asText()).isEqualTo("assistant");
        assertThat(second.path(2).path("tool_calls").path(0).toString()).isEqualTo(
                "{\"id\":\"call_describe\",\"type\":\"function\",\"function\":{\"name\":\"describe_dataset\","
                        + "\"arguments\":" + quote("{\"file_id\":\"" + s.file() + "\"}") + "}}");
        assertThat(second.path(3).path("role").asText()).isEqualTo("tool");
        assertThat(second.path(3).path("tool_call_id").asText()).isEqualTo("call_describe");
        JsonNode described = read(second.path(3).path("content").asText());
        assertThat(described.path("rowCount").asLong()).isEqualTo(DATA.rows.size());
        List<String> names = new ArrayList<>();
        described.path("columns").forEach(c -> names.add(c.path("name").asText()));
        assertThat(names).containsExactly("order_date", "region", "product", "units", "unit_price", "revenue", "customer");

        ArrayNode third = (ArrayNode) sent.get(2).path("messages");
        assertThat(third).hasSize(6);
        assertThat(third.path(4).path("tool_calls").path(0).path("function").path("name").asText()).isEqualTo("run_sql");
        assertThat(third.path(5).path("tool_call_id").asText()).isEqualTo("call_sql");
        JsonNode result = read(third.path(5).path("content").asText());
        assertThat(result.path("columns").toString()).isEqualTo("[\"region\",\"units\"]");
        Map<String, Long> expected = unitsByRegion();
        assertThat(result.path("rows")).hasSize(expected.size());
        for (JsonNode row : result.path("rows")) {
            assertThat(row.path(1).asLong()).isEqualTo(expected.get(row.path(0).asText()));
        }
        assertThat(result.path("truncated").asBoolean()).isFalse();
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertTable(JsonPath reply) {
        Map<String, Long> expected = unitsByRegion();
        List<List<Object>> rows = reply.getList("table.rows");
        assertThat(rows).hasSize(expected.size());
        for (List<Object> row : rows) {
            assertThat(new BigDecimal(row.get(1).toString()).longValue()).isEqualTo(expected.get((String) row.get(0)));
        }
        assertThat(reply.getList("table.columns.name")).containsExactly("region", "units");
    }

    @Test
    void answersThroughToolsAndSaysExactlyWhatItSent() {
        Session s = session("Which region sold the most units? (plain)");
        script(s, false);
        JsonPath reply = s.api().ask(s.question(), s.file()).then().statusCode(200).extract().jsonPath();
        assertThat(reply.getString("answer")).isEqualTo(FINAL);
        assertThat(reply.getString("provider")).isEqualTo("openai");
        assertThat(reply.getString("model")).isEqualTo(FakeOpenAi.MODEL);
        assertThat(reply.getString("sql")).isEqualTo(SQL);
        assertThat(reply.getBoolean("cached")).isFalse();
        assertTable(reply);
        assertConversationSent(s, requests(s.question()), false);
        assertThat(FakeOpenAi.server().findAll(com.github.tomakehurst.wiremock.client.WireMock
                .postRequestedFor(urlEqualTo("/v1/chat/completions"))).get(0).getHeader("Authorization"))
                .isEqualTo("Bearer " + FakeOpenAi.KEY);

        JsonPath stored = s.api().messages(reply.getString("conversationId"));
        assertThat(stored.getString("items[1].content")).isEqualTo(FINAL);
        assertThat(stored.getInt("items[1].metadata.usage.totalTokens")).isEqualTo(110 + 110 + 307);
        assertThat(stored.getInt("items[1].metadata.usage.promptTokens")).isEqualTo(500);
        assertThat(stored.getString("items[1].metadata.sql")).isEqualTo(SQL);
        assertThat(stored.getString("items[1].metadata.promptVersion")).isEqualTo("openai-tools-1");

        // the same question again: from the cache, and the provider is not called
        JsonPath again = s.api().ask(s.question(), s.file()).then().statusCode(200).extract().jsonPath();
        assertThat(again.getBoolean("cached")).isTrue();
        assertThat(again.getString("answer")).isEqualTo(FINAL);
        assertTable(again);
        assertThat(requests(s.question())).hasSize(3);
    }

    @Test
    void streamsTheModelsTokensAsDeltas() {
        Session s = session("Which region sold the most units? (streamed)");
        script(s, true);
        Response response = s.api().request().body(Map.of("message", s.question(), "fileIds", List.of(s.file())))
                .post("/api/chat/stream");
        response.then().statusCode(200).contentType(containsString("text/event-stream"));
        List<Api.Event> events = Api.events(response.asString());
        List<String> deltas = events.stream().filter(e -> e.name().equals("delta")).map(e -> e.json().getString("text")).toList();
        assertThat(deltas).containsExactly("East ", "sold ", "the ", "most ", "units.");
        Api.Event done = events.get(events.size() - 1);
        assertThat(done.name()).isEqualTo("done");
        assertThat(done.json().getString("sql")).isEqualTo(SQL);
        assertThat(done.json().getBoolean("cached")).isFalse();
        assertThat(done.json().getString("provider")).isEqualTo("openai");
        assertTable(done.json());
        assertConversationSent(s, requests(s.question()), true);
        assertThat(s.api().messages(done.json().getString("conversationId")).getString("items[1].content")).isEqualTo(FINAL);
    }

    @Test
    void charactersSplitAcrossNetworkChunksArriveWhole() {
        Session s = session("Which region sold the most units? (in small pieces)");
        String text = "Größter Umsatz: Süd, 1 234 € — 東京 😀 ñ.";
        // a few bytes per chunk: several of the multi-byte characters (ö, €, 東, 😀) are split between two chunks
        String body = answer(text, true, "stop");
        FakeOpenAi.server().stubFor(completions(s.question()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/event-stream; charset=utf-8").withBody(body)
                .withChunkedDribbleDelay(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length / 3, 300)));
        Response response = s.api().request().body(Map.of("message", s.question(), "fileIds", List.of(s.file())))
                .post("/api/chat/stream");
        response.then().statusCode(200);
        List<Api.Event> events = Api.events(response.asString());
        String streamed = String.join("", events.stream().filter(e -> e.name().equals("delta"))
                .map(e -> e.json().getString("text")).toList());
        assertThat(streamed).isEqualTo(text).doesNotContain("\uFFFD");
        Api.Event done = events.get(events.size() - 1);
        assertThat(done.name()).isEqualTo("done");
        // stored and cached whole as well
        assertThat(s.api().messages(done.json().getString("conversationId")).getString("items[1].content")).isEqualTo(text);
        s.api().ask(s.question(), s.file()).then().statusCode(200).body("cached", equalTo(true)).body("answer", equalTo(text));
    }

    @Test
    void aClientThatLeavesMidStreamLeavesNothingStoredOrCached() throws Exception {
        Session s = session("Leave halfway");
        FakeOpenAi.server().stubFor(completions(s.question()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(answer("one two three four five six seven eight nine ten", false, "stop"))));
        FakeOpenAi.server().stubFor(completions(s.question()).withRequestBody(containing("\"stream\":true"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                .withBody(answer("one two three four five six seven eight nine ten", true, "stop"))
                .withChunkedDribbleDelay(10, 800)));
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(
                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/chat/stream").toURL()
                .openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Authorization", "Bearer " + s.api().token());
        c.setRequestProperty("Content-Type", "application/json");
        c.getOutputStream().write(("{\"message\":\"" + s.question() + "\",\"fileIds\":[\"" + s.file() + "\"]}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(c.getResponseCode()).isEqualTo(200);
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null && !line.startsWith("event:delta") && !line.startsWith("event: delta")) {
            // read until the first delta
        }
        assertThat(line).isNotNull();
        c.disconnect();
        // the conversation the question started held nothing yet (neither the question nor a partial answer): it is
        // removed, not left empty in the list (a closed tab), and stays removed past the provider's last word
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        List<String> conversations;
        do {
            Thread.sleep(200);
            conversations = io.restassured.RestAssured.given().auth().oauth2(s.api().token())
                    .baseUri(Backends.memoryUrl()).get("/api/conversations").then().statusCode(200).extract().path("items.id");
        } while (!conversations.isEmpty() && System.nanoTime() < deadline);
        assertThat(conversations).isEmpty();
        Thread.sleep(1_000);
        io.restassured.RestAssured.given().auth().oauth2(s.api().token()).baseUri(Backends.memoryUrl())
                .get("/api/conversations").then().statusCode(200).body("items.size()", equalTo(0));
        // and nothing was cached: the same question reaches the provider again
        int before = requests(s.question()).size();
        s.api().ask(s.question(), s.file()).then().statusCode(200).body("cached", equalTo(false))
                .body("answer", equalTo("one two three four five six seven eight nine ten"));
        assertThat(requests(s.question())).hasSize(before + 1);
    }

    @Test
    void tenIdenticalConcurrentQuestionsMakeOneProviderConversation() throws Exception {
        Session s = session("Which region sold the most units? (ten at once)");
        script(s, false);
        FakeOpenAi.server().stubFor(completions(s.question()).atPriority(3)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withFixedDelay(300)
                        .withBody(toolCall("call_describe", "describe_dataset", "{\"file_id\":\"" + s.file() + "\"}", false))));
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Future<JsonPath>> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                replies.add(pool.submit(() -> s.api().ask(s.question(), s.file()).then().statusCode(200).extract().jsonPath()));
            }
            int cached = 0;
            for (Future<JsonPath> f : replies) {
                JsonPath reply = f.get();
                assertThat(reply.getString("answer")).isEqualTo(FINAL);
                cached += reply.getBoolean("cached") ? 1 : 0;
            }
            assertThat(cached).isEqualTo(9);
            assertThat(requests(s.question())).as("one run of the tool loop for ten questions").hasSize(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theToolLoopIsBounded() {
        Session s = session("Keep querying forever");
        FakeOpenAi.server().stubFor(completions(s.question()).atPriority(1).withRequestBody(notContaining("\"tools\""))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(answer("I stopped after three rounds.", false, "stop"))));
        FakeOpenAi.server().stubFor(completions(s.question()).atPriority(2)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(toolCall("call_sql", "run_sql",
                                "{\"file_id\":\"" + s.file() + "\",\"sql\":\"SELECT COUNT(*) AS n FROM data\"}", false))));
        JsonPath reply = s.api().ask(s.question(), s.file()).then().statusCode(200).extract().jsonPath();
        assertThat(reply.getString("answer")).isEqualTo("I stopped after three rounds.");
        assertThat(reply.getString("sql")).isEqualTo("SELECT COUNT(*) AS n FROM data");
        assertThat(new BigDecimal(reply.getList("table.rows[0]").get(0).toString()).longValue()).isEqualTo(DATA.rows.size());
        List<JsonNode> sent = requests(s.question());
        assertThat(sent).hasSize(4);
        assertThat(sent.get(3).has("tools")).as("the last round offers no tools").isFalse();
        assertThat(sent.get(3).path("messages")).hasSize(2 + 3 * 2);
    }

    @Test
    void refusedSqlGoesBackToTheModelAsAToolError() {
        Session s = session("Try a write");
        sqlThenAnswer(s, "call_bad", "DROP TABLE data", "I may only read the data.");
        JsonPath reply = s.api().ask(s.question(), s.file()).then().statusCode(200).extract().jsonPath();
        assertThat(reply.getString("answer")).isEqualTo("I may only read the data.");
        assertThat(reply.getString("sql")).isNull();
        JsonNode toolMessage = requests(s.question()).get(1).path("messages").path(3);
        assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_bad");
        assertThat(read(toolMessage.path("content").asText()).path("error").asText()).isNotBlank();
    }

    @Test
    void providerFailuresBecomeGatewayProblems() {
        Api api = Api.newUser();
        FakeOpenAi.server().stubFor(completions("Provider breaks").willReturn(aResponse().withStatus(500)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"message\":\"boom\"}}")));
        api.ask("Provider breaks").then().statusCode(502).contentType("application/problem+json")
                // the provider failed, not chat-service: said with Retry-After, which keeps the gateway's breaker shut
                .header("Retry-After", "5")
                .body("detail", containsString("failed (HTTP 500): boom"));
        assertThat(requests("Provider breaks")).as("a 500 is not retried").hasSize(1);

        FakeOpenAi.server().stubFor(completions("Bad key").willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":{\"message\":\"Incorrect API key provided\"}}")));
        // chat-service's own configuration at fault: no Retry-After, so the gateway's breaker counts it
        api.ask("Bad key").then().statusCode(502).header("Retry-After", org.hamcrest.Matchers.nullValue())
                .body("detail", containsString("refused the configured credentials (HTTP 401): Incorrect API key provided"));

        FakeOpenAi.server().stubFor(completions("Far too long").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"message\":\"This model's maximum context length is 8192 tokens\"}}")));
        api.ask("Far too long").then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("could not take this question (HTTP 400): This model's maximum context"));
        FakeOpenAi.server().stubFor(completions("Tools unknown").willReturn(aResponse().withStatus(400)
                .withBody("{\"error\":{\"message\":\"tools is not supported in this model\"}}")));
        api.ask("Tools unknown").then().statusCode(502).body("detail", containsString("Check AI_MODEL"));

        FakeOpenAi.server().stubFor(completions("Too many").willReturn(aResponse().withStatus(429)
                .withHeader("Retry-After", "0").withBody("{\"error\":{\"message\":\"slow down\"}}")));
        api.ask("Too many").then().statusCode(503).header("Retry-After", "5")
                .body("detail", containsString("rate limiting requests (HTTP 429): slow down"));
        assertThat(requests("Too many")).as("429 is retried twice").hasSize(3);

        FakeOpenAi.server().stubFor(completions("Slow provider").willReturn(aResponse().withStatus(200)
                .withFixedDelay(2500).withBody(answer("late", false, "stop"))));
        long started = System.nanoTime();
        api.ask("Slow provider").then().statusCode(504).header("Retry-After", "5")
                .body("detail", containsString("sent nothing for 1 s"));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_400);

        FakeOpenAi.server().stubFor(completions("Garbage").willReturn(aResponse().withStatus(200).withBody("not json")));
        api.ask("Garbage").then().statusCode(502).body("detail", containsString("not JSON"));
        // each of those questions started a conversation; none of them is left behind empty
        given().auth().oauth2(api.token()).baseUri(Backends.memoryUrl()).get("/api/conversations")
                .then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(0));
    }

    @Test
    void aProviderThatNeverFinishesIsStoppedAtTheAnswerDeadline() {
        Api api = Api.newUser();
        String words = "and so on ".repeat(200);
        // a piece every 200 ms for 16 s: never silent for the idle timeout (1 s), far past the answer's deadline (4 s)
        FakeOpenAi.server().stubFor(completions("Talk forever").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(answer(words, false, "stop"))
                .withChunkedDribbleDelay(80, 16_000)));
        FakeOpenAi.server().stubFor(completions("Talk forever").withRequestBody(containing("\"stream\":true"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(answer(words, true, "stop")).withChunkedDribbleDelay(80, 16_000)));
        long started = System.nanoTime();
        api.ask("Talk forever").then().statusCode(504).contentType("application/problem+json")
                .body("detail", containsString("took longer than 4 s"));
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(3_900L, 9_000L);

        started = System.nanoTime();
        Response streamed = api.request().body(Map.of("message", "Talk forever")).post("/api/chat/stream");
        streamed.then().statusCode(200);
        assertThat((System.nanoTime() - started) / 1_000_000).isBetween(3_900L, 9_000L);
        List<Api.Event> events = Api.events(streamed.asString());
        assertThat(events.get(0).name()).as("the words said before the deadline were streamed").isEqualTo("delta");
        Api.Event last = events.get(events.size() - 1);
        assertThat(last.name()).isEqualTo("error");
        assertThat(last.json().getInt("status")).isEqualTo(504);
        assertThat(last.json().getString("detail")).contains("took longer than 4 s");
        assertThat(last.json().getInt("retryAfter")).as("the hint a plain answer carries as Retry-After").isEqualTo(5);
        // both questions started a conversation: neither is left behind, and nothing was cached
        given().auth().oauth2(api.token()).baseUri(Backends.memoryUrl()).get("/api/conversations")
                .then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo(0));
        int before = requests("Talk forever").size();
        api.ask("Talk forever").then().statusCode(504);
        assertThat(requests("Talk forever")).hasSize(before + 1);
    }

    @Test
    void aResultTooWideForMessageMetadataIsStoredWithoutItsTable() {
        Api api = Api.newUser();
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < 900; i++) {
            header.append(i == 0 ? "" : ",").append("a_rather_long_column_name_as_exports_make_them_").append(i);
            row.append(i == 0 ? "" : ",").append(i);
        }
        Session s = new Session(api, api.upload("wide.csv", header + "\n" + row + "\n"), "Show me everything, wide");
        sqlThenAnswer(s, "call_sql", "SELECT * FROM data", "Here is the whole row.");
        JsonPath reply = api.ask(s.question(), s.file()).then().statusCode(200).extract().jsonPath();
        assertThat(reply.getList("table.columns")).hasSize(900);
        assertThat(reply.getString("sql")).isEqualTo("SELECT * FROM data");
        JsonPath stored = api.messages(reply.getString("conversationId"));
        assertThat(stored.getString("items[1].content")).isEqualTo("Here is the whole row.");
        assertThat(stored.getBoolean("items[1].metadata.tableOmitted")).isTrue();
        assertThat(stored.getString("items[1].metadata.table")).isNull();
        assertThat(stored.getString("items[1].metadata.sql")).isEqualTo("SELECT * FROM data");
    }

    @Test
    void aProviderThatFallsSilentAfterItsHeadIsTimedOut() {
        Api api = Api.newUser();
        // the head at once, then 2.5 s of silence between the two halves of the body: past the idle timeout (1 s)
        FakeOpenAi.server().stubFor(completions("Silent after the head").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(answer("late", false, "stop"))
                .withChunkedDribbleDelay(2, 5_000)));
        FakeOpenAi.server().stubFor(completions("Silent after the head").withRequestBody(containing("\"stream\":true"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
                        .withBody(answer("late", true, "stop")).withChunkedDribbleDelay(2, 5_000)));
        long started = System.nanoTime();
        api.ask("Silent after the head").then().statusCode(504).body("detail", containsString("sent nothing for 1 s"));
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(4_000);
        started = System.nanoTime();
        Response streamed = api.request().body(Map.of("message", "Silent after the head")).post("/api/chat/stream");
        List<Api.Event> events = Api.events(streamed.asString());
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(4_000);
        assertThat(events.get(events.size() - 1).name()).isEqualTo("error");
        assertThat(events.get(events.size() - 1).json().getString("detail")).contains("sent nothing for 1 s");
        assertThat(events.get(events.size() - 1).json().getInt("retryAfter")).isEqualTo(5);
    }

    /** Asks, and leaves (closes the connection) after the given time without reading the answer. */
    private static Future<?> askAndLeave(ExecutorService pool, Session s, int millis) {
        return pool.submit(() -> {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(
                    io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/chat").toURL()
                    .openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setReadTimeout(millis);
            c.setRequestProperty("Authorization", "Bearer " + s.api().token());
            c.setRequestProperty("Content-Type", "application/json");
            c.getOutputStream().write(("{\"message\":\"" + s.question() + "\",\"fileIds\":[\"" + s.file() + "\"]}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try {
                c.getResponseCode();
                throw new AssertionError("answered before the asker left");
            } catch (java.net.SocketTimeoutException expected) {
                c.disconnect();
            }
            return null;
        });
    }

    /** Asks in the background; the answer must be a 200. */
    private static Future<JsonPath> answered(ExecutorService pool, Session s) {
        return pool.submit(() -> s.api().ask(s.question(), s.file()).then().statusCode(200).extract().jsonPath());
    }

    /** A provider answer that takes about three seconds, never silent for the idle timeout. */
    private static void slowAnswer(Session s, String text) {
        FakeOpenAi.server().stubFor(completions(s.question()).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(answer(text, false, "stop"))
                .withChunkedDribbleDelay(10, 3_000)));
    }

    @Test
    void aFollowerThatLeavesLeavesTheOthersTheirAnswer() throws Exception {
        Session s = session("Which region sold the most units? (a follower leaves)");
        slowAnswer(s, "East, by far.");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<JsonPath> leader = answered(pool, s);
            Thread.sleep(400);
            Future<?> leaving = askAndLeave(pool, s, 600);
            Thread.sleep(200);
            Future<JsonPath> staying = answered(pool, s);
            leaving.get();
            // one asking after the follower left joins the same flight, which is still there
            JsonPath late = s.api().ask(s.question(), s.file()).then().statusCode(200).extract().jsonPath();
            assertThat(leader.get().getString("answer")).isEqualTo("East, by far.");
            assertThat(staying.get().getString("answer")).isEqualTo("East, by far.");
            assertThat(staying.get().getBoolean("cached")).isTrue();
            assertThat(late.getString("answer")).isEqualTo("East, by far.");
            assertThat(requests(s.question())).as("one provider call for all of them").hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aLeaderThatLeavesHandsTheQuestionToOneOfItsFollowers() throws Exception {
        Session s = session("Which region sold the most units? (the leader leaves)");
        slowAnswer(s, "East again.");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> leaving = askAndLeave(pool, s, 800);
            Thread.sleep(300);
            List<Future<JsonPath>> followers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                followers.add(answered(pool, s));
            }
            leaving.get();
            int cached = 0;
            for (Future<JsonPath> f : followers) {
                assertThat(f.get().getString("answer")).isEqualTo("East again.");
                cached += f.get().getBoolean("cached") ? 1 : 0;
            }
            assertThat(cached).as("one follower led anew, the others shared its answer").isEqualTo(2);
            assertThat(requests(s.question())).as("the abandoned call and one more").hasSize(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTransientFailureIsRetriedAndRefusalsAreNotCached() {
        Api api = Api.newUser();
        FakeOpenAi.server().stubFor(completions("Flaky").inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        FakeOpenAi.server().stubFor(completions("Flaky").inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(answer("Recovered.", false, "stop"))));
        api.ask("Flaky").then().statusCode(200).body("answer", equalTo("Recovered.")).body("cached", equalTo(false));
        assertThat(requests("Flaky")).hasSize(2);

        FakeOpenAi.server().stubFor(completions("Refuse me").willReturn(aResponse().withStatus(200)
                .withBody(answer("I can't help with that.", false, "content_filter"))));
        api.ask("Refuse me").then().statusCode(200).body("answer", equalTo("I can't help with that."));
        api.ask("Refuse me").then().statusCode(200).body("cached", equalTo(false));
        assertThat(requests("Refuse me")).as("a refusal is never cached").hasSize(2);
    }

    @Test
    void theConversationSoFarIsSentAsContext() {
        Api api = Api.newUser();
        FakeOpenAi.server().stubFor(completions("First question").willReturn(aResponse().withStatus(200)
                .withBody(answer("First answer.", false, "stop"))));
        String conversation = api.ask("First question").then().statusCode(200).extract().path("conversationId");
        FakeOpenAi.server().stubFor(completions("Second question").willReturn(aResponse().withStatus(200)
                .withBody(answer("Second answer.", false, "stop"))));
        api.askIn(conversation, "Second question").then().statusCode(200).body("answer", equalTo("Second answer."));
        JsonNode sent = requests("Second question").get(0);
        ArrayNode messages = (ArrayNode) sent.path("messages");
        assertThat(messages.path(0).path("content").asText()).contains("has not attached any data file");
        assertThat(messages.path(1).toString()).isEqualTo("{\"role\":\"user\",\"content\":\"First question\"}");
        assertThat(messages.path(2).toString()).isEqualTo("{\"role\":\"assistant\",\"content\":\"First answer.\"}");
        assertThat(messages.path(3).toString()).isEqualTo("{\"role\":\"user\",\"content\":\"Second question\"}");
        assertThat(sent.has("tools")).as("no files, no tools").isFalse();
    }
}
