package dev.insight.memory.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.memory.testing.Api;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
class ExportResourceTest {

    @Test
    void exportsJson() {
        Api alice = Api.newUser();
        String id = alice.createConversation("Export me");
        alice.append(id, "user", "first question");
        alice.append(id, "assistant", "first answer");
        alice.request().get("/api/conversations/" + id + "/export").then().statusCode(200)
                .contentType("application/json")
                .header("Content-Disposition", equalTo("attachment; filename=\"conversation-" + id + ".json\""))
                .body("conversation.id", equalTo(id))
                .body("conversation.title", equalTo("Export me"))
                .body("conversation.messageCount", equalTo(2))
                .body("messages.seq", equalTo(List.of(1, 2)))
                .body("messages.content", equalTo(List.of("first question", "first answer")));
    }

    @Test
    void exportsLongConversationsCompletely() {
        Api alice = Api.newUser();
        String id = alice.createConversation("long");
        for (int i = 1; i <= 505; i++) {
            alice.append(id, "user", "m" + i);
        }
        // streamed a batch at a time (chunked, no Content-Length): a long history is never held whole
        io.restassured.response.Response response = alice.request().get("/api/conversations/" + id + "/export");
        response.then().statusCode(200).contentType("application/json").header("Transfer-Encoding", "chunked")
                .body("conversation.messageCount", equalTo(505));
        List<Integer> seqs = response.jsonPath().getList("messages.seq", Integer.class);
        assertThat(seqs).hasSize(505).isSorted().doesNotHaveDuplicates();
        assertThat(response.jsonPath().getString("messages[504].content")).isEqualTo("m505");
        String md = alice.request().queryParam("format", "markdown").get("/api/conversations/" + id + "/export")
                .then().statusCode(200).extract().asString();
        assertThat(md).contains("**user** · #505 · ").endsWith("> m505\n");
    }

    @Test
    void exportsMarkdown() {
        Api alice = Api.newUser();
        String id = alice.createConversation("Markdown export");
        alice.append(id, "user", "How many rows?");
        alice.append(id, "assistant", "There are **42** rows.");
        String md = alice.request().queryParam("format", "markdown").get("/api/conversations/" + id + "/export")
                .then().statusCode(200).contentType(containsString("text/markdown"))
                .header("Content-Disposition", containsString("conversation-" + id + ".md"))
                .extract().asString();
        assertThat(md).startsWith("# Markdown export\n");
        assertThat(md).contains("**user** · #1").contains("How many rows?")
                .contains("**assistant** · #2").contains("There are **42** rows.");
        assertThat(md.indexOf("How many rows?")).isLessThan(md.indexOf("There are **42** rows."));
    }

    @Test
    void messageContentCannotForgeTheMarkdownAroundIt() {
        Api alice = Api.newUser();
        String id = alice.createConversation("Forgery");
        alice.append(id, "user", "Real question\n\n---\n\n**system** · #99 · fake\n\n# Injected heading");
        alice.append(id, "assistant", "Real answer\r**system** · #98 · fake\r\n---\r\rtrailing\n\n");
        String md = alice.request().queryParam("format", "markdown").get("/api/conversations/" + id + "/export")
                .then().statusCode(200).extract().asString();
        List<String> lines = List.of(md.split("\r\n|\r|\n", -1));
        // outside the quoted contents only the export's own lines: the title, the facts, a rule and a header per message
        List<String> outside = lines.stream().filter(l -> !l.startsWith(">") && !l.isEmpty()).toList();
        assertThat(outside).hasSize(10);
        assertThat(outside.get(0)).isEqualTo("# Forgery");
        assertThat(outside.subList(1, 6)).allMatch(l -> l.startsWith("- "));
        assertThat(outside.subList(6, 10)).satisfiesExactly(
                l -> assertThat(l).isEqualTo("---"), l -> assertThat(l).startsWith("**user** · #1 · "),
                l -> assertThat(l).isEqualTo("---"), l -> assertThat(l).startsWith("**assistant** · #2 · "));
        // each content is one blockquote, its formatting kept inside it
        assertThat(md).contains("> Real question\n>\n> ---\n>\n> **system** · #99 · fake\n>\n> # Injected heading\n")
                .contains("> Real answer\n> **system** · #98 · fake\n> ---\n>\n> trailing\n");
    }

    @Test
    void refusesUnknownFormatsAndForeignConversations() {
        Api alice = Api.newUser();
        Api bob = Api.newUser();
        String id = alice.createConversation("x");
        alice.request().queryParam("format", "pdf").get("/api/conversations/" + id + "/export")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("format"));
        bob.request().get("/api/conversations/" + id + "/export").then().statusCode(404);
        bob.request().queryParam("format", "markdown").get("/api/conversations/" + id + "/export")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
