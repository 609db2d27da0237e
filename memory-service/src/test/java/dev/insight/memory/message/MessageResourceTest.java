package dev.insight.memory.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.insight.memory.testing.Api;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
class MessageResourceTest {

    @Test
    void appendsAndListsInSeqOrder() {
        Api alice = Api.newUser();
        String id = alice.createConversation("sales");
        alice.request()
                .body(Map.of("role", "user", "content", "total revenue by region?",
                        "metadata", Map.of("fileIds", List.of("f1"), "nested", Map.of("n", 1))))
                .post("/api/conversations/" + id + "/messages")
                .then().statusCode(201)
                .header("Location", startsWith("/api/conversations/" + id + "/messages"))
                .body("id", notNullValue())
                .body("conversationId", equalTo(id))
                .body("seq", equalTo(1))
                .body("role", equalTo("user"))
                .body("content", equalTo("total revenue by region?"))
                .body("metadata.fileIds[0]", equalTo("f1"))
                .body("metadata.nested.n", equalTo(1))
                .body("createdAt", notNullValue());
        alice.request().body(Map.of("role", "Assistant", "content", "North: 10"))
                .post("/api/conversations/" + id + "/messages")
                .then().statusCode(201).body("seq", equalTo(2)).body("role", equalTo("assistant"))
                .body("metadata", nullValue());
        alice.append(id, "tool", "{\"rows\": 3}");
        alice.append(id, "system", "be brief");

        alice.request().get("/api/conversations/" + id + "/messages").then().statusCode(200)
                .body("items.seq", equalTo(List.of(1, 2, 3, 4)))
                .body("items.role", equalTo(List.of("user", "assistant", "tool", "system")))
                .body("items[0].metadata.fileIds[0]", equalTo("f1"))
                .body("nextCursor", nullValue());
        alice.request().queryParam("after", 2).get("/api/conversations/" + id + "/messages").then()
                .body("items.seq", equalTo(List.of(3, 4)));
        alice.request().get("/api/conversations/" + id).then().body("messageCount", equalTo(4));
    }

    @Test
    void pagesThroughMessagesWithCursors() {
        Api alice = Api.newUser();
        String id = alice.createConversation("long");
        for (int i = 1; i <= 11; i++) {
            alice.append(id, i % 2 == 1 ? "user" : "assistant", "message " + i);
        }
        List<Integer> seqs = new ArrayList<>();
        String cursor = null;
        do {
            var request = alice.request().queryParam("limit", 4);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/api/conversations/" + id + "/messages").then().statusCode(200)
                    .extract().jsonPath();
            seqs.addAll(page.getList("items.seq", Integer.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seqs).containsExactlyElementsOf(IntStream.rangeClosed(1, 11).boxed().toList());

        // a cursor of one conversation is no good for another
        String other = alice.createConversation("other");
        String foreignCursor = alice.request().queryParam("limit", 2).get("/api/conversations/" + id + "/messages")
                .then().extract().path("nextCursor");
        alice.request().queryParam("cursor", foreignCursor).get("/api/conversations/" + other + "/messages")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
        // nor is a conversation-list cursor
        alice.createConversation("a");
        alice.createConversation("b");
        String listCursor = alice.request().queryParam("limit", 1).get("/api/conversations")
                .then().extract().path("nextCursor");
        alice.request().queryParam("cursor", listCursor).get("/api/conversations/" + id + "/messages")
                .then().statusCode(400);
    }

    @Test
    void fiftyConcurrentAppendsGetSeqOneToFifty() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("race");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Integer>> appends = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                appends.add(() -> alice.append(id, "user", "concurrent " + n));
            }
            List<Integer> seqs = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(appends)) {
                seqs.add(f.get());
            }
            assertThat(seqs).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        alice.request().queryParam("limit", 200).get("/api/conversations/" + id + "/messages").then()
                .body("items", hasSize(50))
                .body("items.seq", equalTo(IntStream.rangeClosed(1, 50).boxed().toList()));
        alice.request().get("/api/conversations/" + id).then().body("messageCount", equalTo(50));
    }

    @Test
    void idempotencyKeyMakesRetriesSafe() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("retries");
        Map<String, Object> body = Map.of("role", "assistant", "content", "the answer is 42",
                "metadata", Map.of("b", 2, "a", 1));
        String first = alice.request().header("Idempotency-Key", "chat-1:answer").body(body)
                .post("/api/conversations/" + id + "/messages").then().statusCode(201)
                .body("seq", equalTo(1)).extract().path("id");
        // the same request again (metadata keys in another order: same JSON object)
        alice.request().header("Idempotency-Key", "chat-1:answer")
                .body("{\"role\":\"assistant\",\"content\":\"the answer is 42\",\"metadata\":{\"a\":1,\"b\":2}}")
                .post("/api/conversations/" + id + "/messages").then().statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("id", equalTo(first)).body("seq", equalTo(1));
        // the same key for something else
        alice.request().header("Idempotency-Key", "chat-1:answer")
                .body(Map.of("role", "assistant", "content", "the answer is 43"))
                .post("/api/conversations/" + id + "/messages").then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("Idempotency-Key"));
        // ten concurrent retries of a new key: one message
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<String>> retries = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                retries.add(() -> alice.request().header("Idempotency-Key", "chat-2:question")
                        .body(Map.of("role", "user", "content", "again?"))
                        .post("/api/conversations/" + id + "/messages").then().extract().path("id"));
            }
            List<String> ids = new ArrayList<>();
            for (Future<String> f : pool.invokeAll(retries)) {
                ids.add(f.get());
            }
            assertThat(ids).doesNotContainNull();
            assertThat(ids.stream().distinct()).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        alice.request().get("/api/conversations/" + id + "/messages").then()
                .body("items.seq", equalTo(List.of(1, 2)));
        // a refused retry leaves no trace on the conversation either (its counters move with the insert or not at all)
        alice.request().get("/api/conversations/" + id).then().body("messageCount", equalTo(2));
        // keys are per conversation
        String other = alice.createConversation("other");
        alice.request().header("Idempotency-Key", "chat-1:answer").body(body)
                .post("/api/conversations/" + other + "/messages").then().statusCode(201);
    }

    @Test
    void singleAndBatchAppendsShareOneKeySpace() {
        Api alice = Api.newUser();
        String id = alice.createConversation("key space");
        String single = "/api/conversations/" + id + "/messages";
        String batch = single + "/batch";
        Map<String, Object> question = Map.of("role", "user", "content", "total units?");
        Map<String, Object> answer = Map.of("role", "assistant", "content", "42 units");

        // a single append's key, reused by a batch (even of that same one message): a different request
        String first = alice.request().header("Idempotency-Key", "k1").body(question).post(single)
                .then().statusCode(201).extract().path("id");
        alice.request().header("Idempotency-Key", "k1").body(Map.of("messages", List.of(question))).post(batch)
                .then().statusCode(422).contentType("application/problem+json")
                .body("detail", containsString("Idempotency-Key 'k1'"));
        alice.request().header("Idempotency-Key", "k1").body(Map.of("messages", List.of(question, answer))).post(batch)
                .then().statusCode(422);
        alice.request().header("Idempotency-Key", "k1").body(question).post(single)
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("id", equalTo(first));

        // a batch's key, reused by a single append of its first message: a different request too
        List<String> pair = alice.request().header("Idempotency-Key", "k2")
                .body(Map.of("messages", List.of(question, answer))).post(batch)
                .then().statusCode(201).extract().path("items.id");
        alice.request().header("Idempotency-Key", "k2").body(question).post(single).then().statusCode(422)
                .contentType("application/problem+json").body("detail", containsString("Idempotency-Key 'k2'"));
        alice.request().header("Idempotency-Key", "k2").body(Map.of("messages", List.of(question, answer))).post(batch)
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("items.id", equalTo(pair));

        // the keys a batch's later messages are stored under cannot be sent: no client key can meet them
        alice.request().header("Idempotency-Key", "k2#2").body(answer).post(single).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("Idempotency-Key"))
                .body("detail", containsString("'#'"));
        alice.request().header("Idempotency-Key", "k3#1").body(Map.of("messages", List.of(question))).post(batch)
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        // chat-service's keys stay valid
        alice.request().header("Idempotency-Key", "chat-" + java.util.UUID.randomUUID())
                .body(Map.of("messages", List.of(question, answer))).post(batch).then().statusCode(201);

        alice.request().get(single).then().body("items.seq", equalTo(List.of(1, 2, 3, 4, 5)));
    }

    @Test
    void refusesTextItCouldOnlyStoreAltered() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("altered");
        String path = "/api/conversations/" + id + "/messages";
        // JSON escapes written out as such: a lone surrogate has no UTF-8 form, PostgreSQL would keep '?'
        alice.request().body("{\"role\":\"user\",\"content\":\"a\\ud800b\"}").post(path).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("content"))
                .body("detail", containsString("content")).body("detail", containsString("surrogate"));
        alice.request().body("{\"role\":\"user\",\"content\":\"a\\udc00\"}").post(path).then().statusCode(400)
                .body("errors[0].field", equalTo("content"));
        alice.request().body("{\"role\":\"user\",\"content\":\"hi\",\"metadata\":{\"n\":1e400}}").post(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("metadata.n")).body("detail", containsString("finite"));
        alice.request().body("{\"role\":\"user\",\"content\":\"hi\",\"metadata\":{\"a\":{\"b\":[1,-1e999]}}}").post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("metadata.a.b[1]"));
        alice.request().body("{\"role\":\"user\",\"content\":\"hi\",\"metadata\":{\"a\":[\"x\\ud800\"]}}").post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("metadata.a[0]"))
                .body("detail", containsString("surrogate"));
        alice.request().body("{\"role\":\"user\",\"content\":\"hi\",\"metadata\":{\"k\\ud800\":1}}").post(path)
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("surrogate"));
        alice.request().body("{\"messages\":[{\"role\":\"user\",\"content\":\"ok\"},"
                + "{\"role\":\"assistant\",\"content\":\"x\\ud800\"}]}").post(path + "/batch")
                .then().statusCode(400).body("errors[0].field", equalTo("messages[1].content"));
        alice.request().body("{\"role\":\"user\",\"content\":\"hi\",\"metdata\":{\"a\":1}}").post(path)
                .then().statusCode(400).body("detail", containsString("Unknown field 'metdata'"));
        // a real NUL (which jsonb cannot hold) is refused, in a value or a key; the six characters "\\u0000" are text
        alice.request().body("{\"role\":\"user\",\"content\":\"hi\",\"metadata\":{\"a\":\"x\\u0000y\"}}").post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("metadata.a")).body("detail", containsString("NUL"));
        alice.request().body("{\"role\":\"user\",\"content\":\"hi\",\"metadata\":{\"k\\u0000\":1}}").post(path)
                .then().statusCode(400).body("detail", containsString("NUL"));
        // nothing of that was stored; a surrogate pair (an emoji) and large finite numbers are stored as sent
        alice.request().get(path).then().body("items", hasSize(0));
        alice.request().body("{\"role\":\"user\",\"content\":\"smile \\ud83d\\ude00\",\"metadata\":{\"n\":1.5e300}}")
                .post(path).then().statusCode(201).body("content", equalTo("smile \ud83d\ude00"));
        String stored = alice.request().get(path).then().body("items[0].content", equalTo("smile \ud83d\ude00"))
                .extract().asString();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(stored).at("/items/0/metadata/n").doubleValue())
                .isEqualTo(1.5e300);
        alice.request().body("{\"role\":\"user\",\"content\":\"code\",\"metadata\":{\"code\":\"printf(\\\"\\\\u0000\\\")\"}}")
                .post(path).then().statusCode(201).body("metadata.code", equalTo("printf(\"\\u0000\")"));
    }

    @Test
    void refusesBadMessages() {
        Api alice = Api.newUser();
        String id = alice.createConversation("validation");
        String path = "/api/conversations/" + id + "/messages";
        alice.request().body(Map.of("role", "robot", "content", "hi")).post(path)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("role")).body("errors[0].field", equalTo("role"));
        alice.request().body(Map.of("content", "hi")).post(path).then().statusCode(400)
                .body("errors[0].field", equalTo("role"));
        alice.request().body(Map.of("role", "user")).post(path).then().statusCode(400)
                .body("errors[0].field", equalTo("content"));
        alice.request().body(Map.of("role", "user", "content", "  \n ")).post(path).then().statusCode(400)
                .body("detail", containsString("empty"));
        alice.request().body(Map.of("role", "user", "content", "x".repeat(100_001))).post(path)
                .then().statusCode(400).body("detail", containsString("100000"));
        // at the limit (a text this long is tokenized off the event loop)
        alice.request().body(Map.of("role", "user", "content", "x".repeat(100_000))).post(path)
                .then().statusCode(201).body("content.length()", equalTo(100_000));
        alice.request().body("{\"role\":\"user\",\"content\":123}").post(path).then().statusCode(400)
                .contentType("application/problem+json");
        alice.request().body("{\"role\":\"user\",\"content\":\"hi\",\"metadata\":[1,2]}").post(path)
                .then().statusCode(400).body("detail", containsString("metadata"));
        alice.request().body("{\"role\":\"user\",\"content\":\"hi\",\"metadata\":\"text\"}").post(path)
                .then().statusCode(400);
        alice.request().body("{\"role\":[\"user\"],\"content\":\"hi\"}").post(path).then().statusCode(400);
        alice.request().body("{role: user}").post(path).then().statusCode(400)
                .body("detail", containsString("not valid JSON"));
        alice.request().body("{\"role\":\"user\",\"role\":\"tool\",\"content\":\"hi\"}").post(path).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("Duplicate field 'role'"));
        alice.request().body("").post(path).then().statusCode(400);
        alice.request().header("Idempotency-Key", "bad key with spaces").body(Map.of("role", "user", "content", "x"))
                .post(path).then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        alice.request().queryParam("after", -1).get(path).then().statusCode(400);
        alice.request().queryParam("after", "x").get(path).then().statusCode(400);
        alice.request().get("/api/conversations/nope/messages").then().statusCode(400);
        // nothing invalid was stored
        alice.request().get(path).then().body("items", hasSize(1));
    }

    @Test
    void batchAppendKeepsAQuestionAndItsAnswerTogether() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("batches");
        String path = "/api/conversations/" + id + "/messages/batch";
        Map<String, Object> exchange = Map.of("messages", List.of(
                Map.of("role", "user", "content", "total units?", "metadata", Map.of("fileIds", List.of("f1"))),
                Map.of("role", "assistant", "content", "42 units", "metadata", Map.of("sql", "select 42"))));
        List<String> ids = alice.request().header("Idempotency-Key", "chat-7").body(exchange).post(path)
                .then().statusCode(201)
                .header("Location", containsString("/api/conversations/" + id + "/messages?after=0"))
                .body("items.seq", equalTo(List.of(1, 2)))
                .body("items.role", equalTo(List.of("user", "assistant")))
                .body("items[1].metadata.sql", equalTo("select 42"))
                .body("nextCursor", nullValue())
                .extract().path("items.id");
        alice.request().header("Idempotency-Key", "chat-7").body(exchange).post(path)
                .then().statusCode(200).header("Idempotent-Replayed", "true").body("items.id", equalTo(ids));
        alice.request().header("Idempotency-Key", "chat-7")
                .body(Map.of("messages", List.of(Map.of("role", "user", "content", "total units?"))))
                .post(path).then().statusCode(422).contentType("application/problem+json");

        // batches and single appends racing: every batch keeps consecutive seqs, and 1..n has no gap
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<List<Integer>>> work = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                work.add(() -> alice.request().body(Map.of("messages", List.of(
                        Map.of("role", "user", "content", "q" + n), Map.of("role", "assistant", "content", "a" + n))))
                        .post(path).then().statusCode(201).extract().jsonPath().getList("items.seq", Integer.class));
                work.add(() -> List.of(alice.append(id, "system", "single " + n)));
            }
            List<Integer> all = new ArrayList<>();
            for (Future<List<Integer>> f : pool.invokeAll(work)) {
                List<Integer> seqs = f.get();
                if (seqs.size() == 2) {
                    assertThat(seqs.get(1)).isEqualTo(seqs.get(0) + 1);
                }
                all.addAll(seqs);
            }
            assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(3, 32).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
        alice.request().get("/api/conversations/" + id).then().body("messageCount", equalTo(32));
    }

    @Test
    void refusesBadBatches() {
        Api alice = Api.newUser();
        String id = alice.createConversation("bad batches");
        String path = "/api/conversations/" + id + "/messages/batch";
        alice.request().body(Map.of("messages", List.of())).post(path).then().statusCode(400)
                .body("errors[0].field", equalTo("messages"));
        alice.request().body("{}").post(path).then().statusCode(400);
        alice.request().body(Map.of("messages", java.util.Collections.nCopies(21, Map.of("role", "user", "content", "x"))))
                .post(path).then().statusCode(400).body("detail", containsString("at most 20"));
        alice.request().body(Map.of("messages", List.of(Map.of("role", "user", "content", "ok"),
                Map.of("role", "robot", "content", "no")))).post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("messages[1].role"));
        alice.request().body("{\"messages\":[null]}").post(path).then().statusCode(400)
                .body("errors[0].field", equalTo("messages[0]"));
        alice.request().header("Idempotency-Key", "k".repeat(197))
                .body(Map.of("messages", List.of(Map.of("role", "user", "content", "x")))).post(path)
                .then().statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        // nothing was stored by any of them
        alice.request().get("/api/conversations/" + id + "/messages").then().body("items", hasSize(0));
    }
}
