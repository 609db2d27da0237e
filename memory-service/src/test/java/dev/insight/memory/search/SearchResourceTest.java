package dev.insight.memory.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.insight.memory.testing.Api;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
class SearchResourceTest {

    @Test
    void ranksTheBestMatchFirstWithHighlightedSnippets() {
        Api alice = Api.newUser();
        String sales = alice.createConversation("sales");
        String other = alice.createConversation("other");
        alice.append(sales, "user", "Show quarterly revenue for the northern warehouses please");
        alice.append(sales, "assistant", "Quarterly revenue: revenue rose, and revenue per warehouse doubled.");
        alice.append(other, "user", "What is the weather like?");

        JsonPath hits = alice.request().queryParam("q", "revenue").get("/api/search").then().statusCode(200)
                .body("items", hasSize(2)).extract().jsonPath();
        assertThat(hits.getString("items[0].conversationId")).isEqualTo(sales);
        assertThat(hits.getString("items[0].conversationTitle")).isEqualTo("sales");
        assertThat(hits.getInt("items[0].seq")).isEqualTo(2);
        assertThat(hits.getString("items[0].role")).isEqualTo("assistant");
        assertThat(hits.getFloat("items[0].rank")).isGreaterThan(hits.getFloat("items[1].rank"));
        assertThat(hits.getString("items[0].snippet")).contains("<mark>revenue</mark>");
        assertThat(hits.getString("items[1].messageId")).isNotBlank();

        // stemming and web-search syntax
        alice.request().queryParam("q", "warehouse -weather").get("/api/search").then()
                .body("items", hasSize(2));
        alice.request().queryParam("q", "\"northern warehouses\"").get("/api/search").then()
                .body("items", hasSize(1)).body("items[0].seq", equalTo(1));
        alice.request().queryParam("q", "weather or revenue").get("/api/search").then().body("items", hasSize(3));
        alice.request().queryParam("q", "the and of").get("/api/search").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void escapesHtmlInSnippets() {
        Api alice = Api.newUser();
        String id = alice.createConversation("xss");
        alice.append(id, "user", "<script>alert('pwned')</script> inventory report");
        String snippet = alice.request().queryParam("q", "inventory").get("/api/search").then()
                .extract().path("items[0].snippet");
        assertThat(snippet).contains("<mark>inventory</mark>").doesNotContain("<script").doesNotContain("</script");
        assertThat(snippet.replace("<mark>", "").replace("</mark>", "")).doesNotContain("<").doesNotContain(">");
    }

    @Test
    void neverShowsAnotherUsersMessages() {
        Api alice = Api.newUser();
        Api bob = Api.newUser();
        String secret = "zanzibar" + UUID.randomUUID().toString().substring(0, 8).replace("-", "");
        bob.append(bob.createConversation("bob's"), "user", "my secret word is " + secret);
        alice.request().queryParam("q", secret).get("/api/search").then().statusCode(200).body("items", hasSize(0));
        bob.request().queryParam("q", secret).get("/api/search").then().body("items", hasSize(1));
    }

    @Test
    void pagesThroughHitsByRank() {
        Api alice = Api.newUser();
        String id = alice.createConversation("many");
        for (int i = 1; i <= 9; i++) {
            alice.append(id, "user", ("forecast ").repeat(i) + "item " + i);
        }
        List<Integer> seqs = new ArrayList<>();
        String cursor = null;
        do {
            var request = alice.request().queryParam("q", "forecast").queryParam("limit", 4);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/search").then().statusCode(200).extract().jsonPath();
            seqs.addAll(page.getList("items.seq", Integer.class));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(seqs).hasSize(9).doesNotHaveDuplicates();
        // more occurrences rank higher
        assertThat(seqs.get(0)).isEqualTo(9);

        String first = alice.request().queryParam("q", "forecast").queryParam("limit", 2).get("/api/search")
                .then().extract().path("nextCursor");
        alice.request().queryParam("q", "item").queryParam("cursor", first).get("/api/search")
                .then().statusCode(400).body("detail", containsString("another search"));
    }

    @Test
    void refusesBadQueries() {
        Api alice = Api.newUser();
        alice.request().get("/api/search").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("q"));
        alice.request().queryParam("q", "   ").get("/api/search").then().statusCode(400);
        alice.request().queryParam("q", "x".repeat(501)).get("/api/search").then().statusCode(400);
        alice.request().queryParam("q", "revenue").queryParam("limit", 500).get("/api/search").then().statusCode(400);
        alice.request().queryParam("q", "revenue").queryParam("cursor", "%%%").get("/api/search").then().statusCode(400);
        alice.request().queryParam("q", "a & | ! ( ) : * ' \"").get("/api/search").then().statusCode(200);
    }
}
