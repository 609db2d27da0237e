package dev.insight.memory.conversation;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.insight.memory.testing.Api;
import dev.insight.identity.testing.TestKeys;
import dev.insight.identity.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
class ConversationResourceTest {

    @Test
    void createsReadsRenamesAndDeletes() {
        Api alice = Api.newUser();
        String id = alice.request().body(Map.of("title", "  Q3 revenue  "))
                .post("/api/conversations")
                .then().statusCode(201)
                .header("Location", startsWith("/api/conversations/"))
                .body("title", equalTo("Q3 revenue"))
                .body("messageCount", equalTo(0))
                .body("createdAt", notNullValue())
                .extract().path("id");
        String created = alice.request().get("/api/conversations/" + id).then().statusCode(200)
                .body("id", equalTo(id)).body("title", equalTo("Q3 revenue"))
                .extract().path("createdAt");
        assertThat(Instant.parse(created)).isBeforeOrEqualTo(Instant.now());

        alice.request().body(Map.of("title", "Q3 revenue by region"))
                .patch("/api/conversations/" + id)
                .then().statusCode(200).body("title", equalTo("Q3 revenue by region"));
        alice.request().get("/api/conversations/" + id).then().body("title", equalTo("Q3 revenue by region"));

        alice.append(id, "user", "hello");
        alice.request().get("/api/conversations/" + id).then().body("messageCount", equalTo(1));

        alice.request().delete("/api/conversations/" + id).then().statusCode(204);
        alice.request().get("/api/conversations/" + id).then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404));
        alice.request().get("/api/conversations/" + id + "/messages").then().statusCode(404);
        alice.request().delete("/api/conversations/" + id).then().statusCode(404);
    }

    @Test
    void titleIsOptional() {
        Api alice = Api.newUser();
        alice.request().post("/api/conversations").then().statusCode(201).body("title", equalTo("New conversation"));
        alice.request().body("{}").post("/api/conversations").then().statusCode(201)
                .body("title", equalTo("New conversation"));
    }

    @Test
    void listsNewestFirstAcrossPagesWithNothingMissedOrRepeated() {
        Api alice = Api.newUser();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(alice.createConversation("c" + i));
        }
        // touching the oldest one makes it the newest
        alice.append(created.get(0), "user", "bump");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = alice.request().queryParam("limit", 3);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/conversations").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        List<String> expected = new ArrayList<>(created.subList(1, 7));
        java.util.Collections.reverse(expected);
        expected.add(0, created.get(0));
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void updatedAtIsTheLastActivity() {
        Api alice = Api.newUser();
        String id = alice.createConversation("activity");
        var created = alice.request().get("/api/conversations/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(created.getString("updatedAt")).isEqualTo(created.getString("createdAt"));

        String messageAt = alice.request().body(Map.of("role", "user", "content", "hello"))
                .post("/api/conversations/" + id + "/messages").then().statusCode(201).extract().path("createdAt");
        alice.request().get("/api/conversations/" + id).then()
                .body("updatedAt", equalTo(messageAt)).body("messageCount", equalTo(1));
        alice.request().get("/api/conversations").then().body("items[0].updatedAt", equalTo(messageAt));

        String renamedAt = alice.request().body(Map.of("title", "renamed")).patch("/api/conversations/" + id)
                .then().statusCode(200).body("messageCount", equalTo(1)).extract().path("updatedAt");
        assertThat(Instant.parse(renamedAt)).isAfter(Instant.parse(messageAt));
        alice.request().get("/api/conversations/" + id).then().body("updatedAt", equalTo(renamedAt));
    }

    @Test
    void onlyListsTheCallersConversations() {
        Api alice = Api.newUser();
        Api bob = Api.newUser();
        String mine = alice.createConversation("mine");
        bob.createConversation("his");
        List<String> ids = alice.request().get("/api/conversations").then().statusCode(200)
                .body("nextCursor", nullValue()).extract().path("items.id");
        assertThat(ids).containsExactly(mine);
    }

    @Test
    void refusesBadTitles() {
        Api alice = Api.newUser();
        alice.request().body(Map.of("title", "   ")).post("/api/conversations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Bad Request")).body("status", equalTo(400))
                .body("detail", containsString("title")).body("errors[0].field", equalTo("title"));
        alice.request().body(Map.of("title", "x".repeat(201))).post("/api/conversations")
                .then().statusCode(400).body("detail", containsString("at most 200"));
        // a misspelt field is refused, not dropped (the conversation would silently get the default title)
        alice.request().body(Map.of("titel", "Q3 revenue")).post("/api/conversations").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("Unknown field 'titel' (known fields: title)"));
        alice.request().body(Map.of("title", "x".repeat(200))).post("/api/conversations").then().statusCode(201);
        // characters as a person counts them: 200 emoji are 200 characters (400 UTF-16 units in Java)
        alice.request().body(Map.of("title", "\uD83D\uDE00".repeat(200))).post("/api/conversations").then().statusCode(201)
                .body("title", equalTo("\uD83D\uDE00".repeat(200)));
        alice.request().body(Map.of("title", "\uD83D\uDE00".repeat(201))).post("/api/conversations").then().statusCode(400)
                .body("detail", containsString("got 201"));
        alice.request().body(Map.of("title", "tab\u0007bell")).post("/api/conversations")
                .then().statusCode(400).body("detail", containsString("control characters"));
        // a lone surrogate has no UTF-8 form: stored, it would come back as '?'
        alice.request().body("{\"title\": \"a\\ud800b\"}").post("/api/conversations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("title")).body("detail", containsString("surrogate"));
        alice.request().body("{\"title\": \"smile \\ud83d\\ude00\"}").post("/api/conversations")
                .then().statusCode(201).body("title", equalTo("smile \ud83d\ude00"));
        alice.request().body("{\"title\": 42}").post("/api/conversations")
                .then().statusCode(400).contentType("application/problem+json");
        alice.request().body("{\"title\": {\"nested\": true}}").post("/api/conversations")
                .then().statusCode(400).body("detail", containsString("title"));
        alice.request().body("{\"title\": \"unterminated").post("/api/conversations")
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", startsWith("The body is not valid JSON"));
        alice.request().body("[1,2]").post("/api/conversations").then().statusCode(400);

        String id = alice.createConversation("keep me");
        alice.request().body("{}").patch("/api/conversations/" + id)
                .then().statusCode(400).body("detail", containsString("title"));
        alice.request().body(Map.of("title", "")).patch("/api/conversations/" + id).then().statusCode(400);
        alice.request().body("{\"title\": \"\\udc00 tail\"}").patch("/api/conversations/" + id).then().statusCode(400)
                .body("errors[0].field", equalTo("title"));
        alice.request().get("/api/conversations/" + id).then().body("title", equalTo("keep me"));
    }

    @Test
    void refusesMalformedIdsCursorsAndLimits() {
        Api alice = Api.newUser();
        alice.request().get("/api/conversations/not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("UUID"));
        alice.request().delete("/api/conversations/123").then().statusCode(400);
        alice.request().queryParam("cursor", "garbage!!").get("/api/conversations")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        // well formed, but of a time PostgreSQL cannot hold (no list ever served it): 400, not the database's error
        for (String time : List.of("-5000-01-01T00:00:00Z", "+300000-01-01T00:00:00Z")) {
            alice.request().queryParam("cursor", dev.insight.support.paging.Cursor.encode("conv", time,
                    "00000000-0000-0000-0000-000000000000")).get("/api/conversations")
                    .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        }
        alice.request().queryParam("limit", 0).get("/api/conversations").then().statusCode(400)
                .body("detail", containsString("limit"));
        alice.request().queryParam("limit", 201).get("/api/conversations").then().statusCode(400);
        alice.request().queryParam("limit", "ten").get("/api/conversations").then().statusCode(400);
        alice.request().queryParam("limit", 200).get("/api/conversations").then().statusCode(200);
    }

    @Test
    void refusesWrongMediaTypesAndOversizedBodies() {
        Api alice = Api.newUser();
        alice.request().contentType(ContentType.TEXT).body("title=x").post("/api/conversations")
                .then().statusCode(415).contentType("application/problem+json");
        String big = "{\"title\":\"" + "x".repeat(1_100_000) + "\"}";
        alice.request().header("X-Request-Id", "too-big-1").body(big).post("/api/conversations").then().statusCode(413)
                .contentType("application/problem+json")
                .header("X-Request-Id", "too-big-1")
                .body("status", equalTo(413))
                .body("requestId", equalTo("too-big-1"))
                .body("detail", containsString("at most 1048576"));
        alice.request().put("/api/conversations").then().statusCode(405).contentType("application/problem+json");
        // headers the gateway lets through (up to 20K, plus what it adds) are not too large here
        alice.request().header("X-Padding", "p".repeat(21_000)).get("/api/conversations").then().statusCode(200);
        // one JSON document and nothing after it
        alice.request().body("{\"title\":\"a\"} garbage").post("/api/conversations").then().statusCode(400)
                .contentType("application/problem+json");
        alice.request().body("{\"title\":\"a\"}{\"title\":\"b\"}").post("/api/conversations").then().statusCode(400);
    }

    @Test
    void chunkedBodiesAreReadUpToTheLimit() throws Exception {
        Api alice = Api.newUser();
        // no Content-Length: the body arrives in chunks of unknown total
        HttpResponse<String> small = postChunked(alice, "/api/conversations", "{\"title\":\"sent in chunks\"}");
        assertThat(small.statusCode()).as(small.body()).isEqualTo(201);
        String id = given().auth().oauth2(Tokens.forUser(alice.user()))
                .get(small.headers().firstValue("Location").orElseThrow()).then().statusCode(200)
                .body("title", equalTo("sent in chunks")).extract().path("id");
        HttpResponse<String> message = postChunked(alice, "/api/conversations/" + id + "/messages",
                "{\"role\":\"user\",\"content\":\"" + "y".repeat(90_000) + "\"}");
        assertThat(message.statusCode()).as(message.body()).isEqualTo(201);
        assertThat(message.body()).contains("\"seq\":1");

        HttpResponse<String> big = postChunked(alice, "/api/conversations/" + id + "/messages",
                "{\"role\":\"user\",\"content\":\"" + "z".repeat(3_000_000) + "\"}");
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(big.body()).contains("\"status\":413").contains("larger than 1048576 bytes");
        // nothing of it was stored
        alice.request().get("/api/conversations/" + id + "/messages").then().statusCode(200).body("items.size()", equalTo(1));
    }

    private static HttpResponse<String> postChunked(Api caller, String path, String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + path))
                .header("Authorization", "Bearer " + Tokens.forUser(caller.user()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void echoesOrMintsARequestId() {
        Api alice = Api.newUser();
        alice.request().header("X-Request-Id", "req-123").get("/api/conversations")
                .then().header("X-Request-Id", equalTo("req-123"));
        String minted = alice.request().get("/api/conversations").then().extract().header("X-Request-Id");
        assertThat(minted).isNotBlank();
        java.util.Set<String> distinct = new HashSet<>(List.of(minted,
                alice.request().get("/api/conversations").then().extract().header("X-Request-Id")));
        assertThat(distinct).hasSize(2);
        given().get("/api/conversations").then().statusCode(401).header("X-Request-Id", notNullValue());
    }

}
