package dev.insight.memory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.insight.memory.testing.Api;
import dev.insight.identity.testing.TestKeys;
import dev.insight.identity.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The 401/404 matrix: every endpoint refuses a caller without a good token, and hides other users' rows. */
@QuarkusTest
@WithTestResource(TestKeys.class)
class IsolationTest {

    private record Call(String method, String path, Object body) {
    }

    private static List<Call> everyEndpoint(String id) {
        Map<String, String> message = Map.of("role", "user", "content", "hi");
        return List.of(
                new Call("POST", "/api/conversations", Map.of("title", "t")),
                new Call("GET", "/api/conversations", null),
                new Call("GET", "/api/conversations/" + id, null),
                new Call("PATCH", "/api/conversations/" + id, Map.of("title", "stolen")),
                new Call("DELETE", "/api/conversations/" + id, null),
                new Call("POST", "/api/conversations/" + id + "/messages", message),
                new Call("POST", "/api/conversations/" + id + "/messages/batch", Map.of("messages", List.of(message))),
                new Call("GET", "/api/conversations/" + id + "/messages", null),
                new Call("GET", "/api/conversations/" + id + "/context", null),
                new Call("GET", "/api/conversations/" + id + "/export", null),
                new Call("GET", "/api/search?q=hi", null),
                new Call("DELETE", "/api/me/data", null));
    }

    @Test
    void everyEndpointRefusesMissingOrBadTokens() {
        Api alice = Api.newUser();
        String id = alice.createConversation("guarded");
        UUID user = alice.user();
        List<Function<RequestSpecification, RequestSpecification>> badCallers = List.of(
                r -> r,
                r -> r.auth().oauth2(Tokens.signedByStranger(user)),
                r -> r.auth().oauth2(Tokens.expired(user)),
                r -> r.auth().oauth2(Tokens.longLived(user)),
                r -> r.auth().oauth2(Tokens.wrongIssuer(user)),
                r -> r.auth().oauth2(Tokens.subjectNotAUuid()),
                r -> r.auth().oauth2("not.a.jwt"),
                r -> r.header("Authorization", "Basic YWxpY2U6c2VjcmV0"));
        for (Call call : everyEndpoint(id)) {
            for (var caller : badCallers) {
                RequestSpecification request = caller.apply(given().contentType(ContentType.JSON));
                if (call.body() != null) {
                    request.body(call.body());
                }
                request.request(call.method(), call.path()).then()
                        .statusCode(401)
                        .contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer")
                        .body("status", equalTo(401));
            }
        }
        // nothing was changed by any of them
        alice.request().get("/api/conversations/" + id).then().statusCode(200)
                .body("title", equalTo("guarded")).body("messageCount", equalTo(0));
    }

    @Test
    void anotherUsersConversationIsNotFoundEverywhere() {
        Api alice = Api.newUser();
        Api mallory = Api.newUser();
        String id = alice.createConversation("private");
        alice.append(id, "user", "private thoughts");
        for (Call call : everyEndpoint(id)) {
            if (!call.path().contains(id)) {
                continue;
            }
            RequestSpecification request = mallory.request();
            if (call.body() != null) {
                request.body(call.body());
            }
            request.request(call.method(), call.path()).then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        mallory.request().get("/api/conversations").then().body("items", hasSize(0));
        mallory.request().delete("/api/me/data").then().statusCode(204);
        alice.request().get("/api/conversations/" + id).then().statusCode(200)
                .body("title", equalTo("private")).body("messageCount", equalTo(1));
        alice.request().get("/api/conversations/" + id + "/messages").then().body("items", hasSize(1));
    }

    @Test
    void unknownConversationIsNotFound() {
        Api alice = Api.newUser();
        alice.request().get("/api/conversations/" + UUID.randomUUID()).then().statusCode(404)
                .body("title", equalTo("Not Found"));
    }
}
