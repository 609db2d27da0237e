package dev.insight.chat;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.chat.analyst.BuiltinAnalyst;
import dev.insight.chat.testing.Api;
import dev.insight.chat.testing.Backends;
import dev.insight.chat.testing.SalesData;
import dev.insight.identity.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** 401 without a good token everywhere; another user's conversation or file is 404, and nothing of theirs leaks. */
@QuarkusTest
@WithTestResource(Backends.class)
class IsolationTest {

    @Inject
    BuiltinAnalyst analyst;

    @Test
    void everyEndpointRefusesMissingOrBadTokens() {
        UUID user = UUID.randomUUID();
        List<Function<RequestSpecification, RequestSpecification>> badCallers = List.of(
                r -> r,
                r -> r.auth().oauth2(Tokens.signedByStranger(user)),
                r -> r.auth().oauth2(Tokens.expired(user)),
                r -> r.auth().oauth2(Tokens.longLived(user)),
                r -> r.auth().oauth2(Tokens.wrongIssuer(user)),
                r -> r.auth().oauth2(Tokens.subjectNotAUuid()),
                r -> r.auth().oauth2("not.a.jwt"),
                r -> r.header("Authorization", "Basic YWxpY2U6c2VjcmV0"));
        for (String[] call : new String[][] { { "POST", "/api/chat" }, { "POST", "/api/chat/stream" },
                { "DELETE", "/api/me/data" } }) {
            for (var caller : badCallers) {
                caller.apply(given().contentType(ContentType.JSON)).body(Map.of("message", "how many rows"))
                        .request(call[0], call[1]).then()
                        .statusCode(401).contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer").body("status", equalTo(401));
            }
        }
    }

    @Test
    void anotherUsersConversationAndFilesAreNotFound() {
        Api alice = Api.newUser();
        Api mallory = Api.newUser();
        String file = alice.upload("private.csv", new SalesData(3L, 20).csv);
        String conversation = alice.ask("How many rows are there?", file).then().statusCode(200).extract().path("conversationId");

        for (String path : List.of("/api/chat", "/api/chat/stream")) {
            mallory.request().body(Map.of("conversationId", conversation, "message", "How many rows are there?"))
                    .post(path).then().statusCode(404).contentType("application/problem+json")
                    .body("detail", equalTo("Conversation " + conversation + " does not exist."));
            mallory.request().body(Map.of("message", "How many rows are there?", "fileIds", List.of(file)))
                    .post(path).then().statusCode(404).contentType("application/problem+json")
                    .body("detail", equalTo("File " + file + " does not exist."));
            String unknown = UUID.randomUUID().toString();
            alice.request().body(Map.of("message", "How many rows are there?", "fileIds", List.of(file, unknown)))
                    .post(path).then().statusCode(404).body("detail", equalTo("File " + unknown + " does not exist."));
            alice.request().body(Map.of("conversationId", unknown, "message", "hi")).post(path).then().statusCode(404);
        }
        // a refused file id left no empty conversation behind, and mallory holds nothing
        given().auth().oauth2(mallory.token()).baseUri(Backends.memoryUrl()).get("/api/conversations")
                .then().statusCode(200).body("items.size()", equalTo(0));
        // alice's conversation is untouched
        assertThat(alice.messages(conversation).getList("items")).hasSize(2);
    }

    @Test
    void forgettingAUserDropsTheirCachedAnswers() {
        Api hal = Api.newUser();
        String file = hal.upload("sales.csv", new SalesData(5L, 25).csv);
        hal.ask("total units", file).then().statusCode(200).body("cached", equalTo(false));
        hal.ask("total units", file).then().statusCode(200).body("cached", equalTo(true));
        assertThat(analyst.knownFilesOf(hal.user())).isEqualTo(1);
        hal.request().delete("/api/me/data").then().statusCode(204);
        // nor does this replica keep the values it read from hal's file
        assertThat(analyst.knownFilesOf(hal.user())).isZero();
        hal.request().delete("/api/me/data").then().statusCode(204);
        hal.ask("total units", file).then().statusCode(200).body("cached", equalTo(false));
        // and an answer computed while hal was being forgotten (an answer under way may finish for a while yet) is
        // not kept either: asked again, it is computed again
        hal.ask("total units", file).then().statusCode(200).body("cached", equalTo(false));
    }
}
