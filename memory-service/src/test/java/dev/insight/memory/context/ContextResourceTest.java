package dev.insight.memory.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.insight.memory.testing.Api;
import dev.insight.identity.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
class ContextResourceTest {

    @Inject
    AgroalDataSource database;

    @Inject
    RedisDataSource redis;

    @Inject
    TokenCounter tokens;

    @Test
    void wholeConversationWhenItFits() {
        Api alice = Api.newUser();
        String id = alice.createConversation("small");
        alice.append(id, "user", "What is the total revenue?");
        alice.append(id, "assistant", "The total revenue is 1,234.");
        int expected = tokens.count("What is the total revenue?") + tokens.count("The total revenue is 1,234.") + 2 * 4;
        alice.request().queryParam("maxTokens", 1000).get("/api/conversations/" + id + "/context")
                .then().statusCode(200)
                .body("summary", nullValue())
                .body("summarizedMessages", equalTo(0))
                .body("messages.seq", equalTo(List.of(1, 2)))
                .body("tokenCount", equalTo(expected))
                .body("maxTokens", equalTo(1000));
    }

    @Test
    void newestMessagesThatFitPlusAStoredSummaryOfTheRest() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("long history");
        String[] topics = { "revenue in the north region grew strongly in march",
                "the south region had flat revenue and lower units",
                "returns were concentrated in the electronics category",
                "revenue in the north region is driven by the electronics category" };
        for (int i = 0; i < 20; i++) {
            alice.append(id, i % 2 == 0 ? "user" : "assistant",
                    "Point " + i + ": " + topics[i % topics.length] + ". Extra detail number " + i + " follows here.");
        }
        int maxTokens = 200;
        JsonPath window = alice.request().queryParam("maxTokens", maxTokens)
                .get("/api/conversations/" + id + "/context").then().statusCode(200).extract().jsonPath();

        List<Integer> seqs = window.getList("messages.seq", Integer.class);
        assertThat(seqs).isNotEmpty().isSorted();
        assertThat(seqs.get(seqs.size() - 1)).isEqualTo(20);
        // contiguous newest run, and everything older is summarized
        assertThat(seqs).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(seqs.get(0), 20).boxed().toList());
        long leftOut = window.getLong("summarizedMessages");
        assertThat(leftOut).isEqualTo(seqs.get(0) - 1L).isPositive();

        String summary = window.getString("summary");
        assertThat(summary).startsWith("Summary of " + leftOut + " earlier messages:");
        assertThat(summary).contains("revenue");
        int summaryTokens = tokens.count(summary);
        assertThat(summaryTokens).isLessThanOrEqualTo(maxTokens / 4);

        // the budget holds, counted independently here
        int used = summaryTokens;
        for (String content : window.getList("messages.content", String.class)) {
            used += tokens.count(content) + 4;
        }
        assertThat(used).isEqualTo(window.getInt("tokenCount")).isLessThanOrEqualTo(maxTokens);
        // and one more older message would not have fitted
        String before = alice.request().queryParam("limit", 200).get("/api/conversations/" + id + "/messages")
                .then().extract().jsonPath().getList("items.content", String.class).get(seqs.get(0) - 2);
        assertThat(used - summaryTokens + tokens.count(before) + 4).isGreaterThan(maxTokens - maxTokens / 4);

        // the summary is stored in PostgreSQL, once
        assertThat(storedSummaries(id)).containsExactly(summary);
        // and served from the Redis cache, keyed by the newest seq
        assertThat(redis.key().keys("mem:ctx:" + alice.user() + ":" + id + ":20:" + maxTokens)).hasSize(1);
        alice.request().queryParam("maxTokens", maxTokens).get("/api/conversations/" + id + "/context")
                .then().body("summary", equalTo(summary)).body("messages.seq", equalTo(seqs));

        // an append changes the window at once
        alice.append(id, "user", "And what about the west region?");
        JsonPath after = alice.request().queryParam("maxTokens", maxTokens)
                .get("/api/conversations/" + id + "/context").then().statusCode(200).extract().jsonPath();
        List<Integer> newSeqs = after.getList("messages.seq", Integer.class);
        assertThat(newSeqs.get(newSeqs.size() - 1)).isEqualTo(21);
        assertThat(after.getString("messages[-1].content")).isEqualTo("And what about the west region?");
    }

    @Test
    void aSmallBudgetStillGetsASummaryWithContent() {
        Api alice = Api.newUser();
        String id = alice.createConversation("tight");
        for (int i = 0; i < 20; i++) {
            alice.append(id, "user", "Revenue in the north region grew in month " + i + ". Units were flat.");
        }
        JsonPath window = alice.request().queryParam("maxTokens", 30).get("/api/conversations/" + id + "/context")
                .then().statusCode(200).extract().jsonPath();
        String summary = window.getString("summary");
        // a quarter of 30 is 7 tokens, which the heading alone would take: the start of the best sentence instead
        assertThat(summary).startsWith("- user: ").endsWith("…").contains("Revenue");
        assertThat(tokens.count(summary)).isLessThanOrEqualTo(30 / 4);
        assertThat(window.getInt("summarizedMessages")).isPositive();
        assertThat(window.getInt("tokenCount")).isLessThanOrEqualTo(30);
    }

    @Test
    void theSummaryReadsABoundedAmountOfTheNewestLeftOutText() {
        Api alice = Api.newUser();
        String id = alice.createConversation("very long history");
        // the oldest message: forty sentences on one topic, which would top any ranking of the sentences read ...
        StringBuilder zebras = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            zebras.append("Zebra herds migrate across the plain in group ").append(i).append(". ");
        }
        alice.append(id, "user", zebras.toString());
        // ... but eleven messages of 10,000 characters follow it, more than the 100,000 the summary reads
        java.util.Random random = new java.util.Random(7);
        for (int m = 0; m < 11; m++) {
            StringBuilder filler = new StringBuilder();
            while (filler.length() < 9_950) {
                for (int w = 0; w < 6; w++) {
                    for (int c = 0; c < 7; c++) {
                        filler.append((char) ('a' + random.nextInt(26)));
                    }
                    filler.append(' ');
                }
                filler.setLength(filler.length() - 1);
                filler.append(". ");
            }
            alice.append(id, "assistant", filler.toString());
        }
        alice.append(id, "user", "And the newest question?");
        JsonPath window = alice.request().queryParam("maxTokens", 200).get("/api/conversations/" + id + "/context")
                .then().statusCode(200).extract().jsonPath();
        assertThat(window.getLong("summarizedMessages")).isEqualTo(12);
        assertThat(window.getString("summary")).startsWith("Summary of 12 earlier messages:").doesNotContainIgnoringCase("zebra");
    }

    @Test
    void deletingAConversationDropsItsCachedWindowsSoonAfterItsAnswer() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("to delete");
        alice.append(id, "user", "Revenue in the north region grew in March.");
        alice.request().queryParam("maxTokens", 100).get("/api/conversations/" + id + "/context").then().statusCode(200);
        String pattern = "mem:ctx:" + alice.user() + ":" + id + ":*";
        assertThat(redis.key().keys(pattern)).isNotEmpty();
        // the 204 does not wait for the scan of Redis; the entries go right after it
        alice.request().delete("/api/conversations/" + id).then().statusCode(204);
        long deadline = System.currentTimeMillis() + 5000;
        while (!redis.key().keys(pattern).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(redis.key().keys(pattern)).isEmpty();
    }

    @Test
    void summaryIsDeterministic() {
        Api alice = Api.newUser();
        String a = alice.createConversation("a");
        String b = alice.createConversation("b");
        for (int i = 0; i < 12; i++) {
            String content = "Sentence about units and revenue number " + i + ". Another remark on stock " + (i * 7) + ".";
            alice.append(a, "user", content);
            alice.append(b, "user", content);
        }
        String first = alice.request().queryParam("maxTokens", 120).get("/api/conversations/" + a + "/context")
                .then().statusCode(200).extract().path("summary");
        String second = alice.request().queryParam("maxTokens", 120).get("/api/conversations/" + b + "/context")
                .then().statusCode(200).extract().path("summary");
        assertThat(first).isNotNull().isEqualTo(second);
    }

    @Test
    void refusesBadBudgets() {
        Api alice = Api.newUser();
        String id = alice.createConversation("budget");
        String path = "/api/conversations/" + id + "/context";
        alice.request().queryParam("maxTokens", 0).get(path).then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("maxTokens"));
        alice.request().queryParam("maxTokens", 15).get(path).then().statusCode(400);
        alice.request().queryParam("maxTokens", 1_000_001).get(path).then().statusCode(400);
        alice.request().queryParam("maxTokens", "lots").get(path).then().statusCode(400);
        alice.request().queryParam("maxTokens", "99999999999999999999").get(path).then().statusCode(400);
        alice.request().get(path).then().statusCode(200).body("maxTokens", equalTo(4000));
    }

    private List<String> storedSummaries(String conversationId) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "select summary from memory.context_summary where conversation_id = ?")) {
            s.setObject(1, UUID.fromString(conversationId));
            try (ResultSet rs = s.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }
}
