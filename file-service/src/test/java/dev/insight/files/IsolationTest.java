package dev.insight.files;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.insight.files.testing.Api;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import dev.insight.identity.testing.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The 401/404 matrix: every endpoint refuses a caller without a good token, and hides other users' files. */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class IsolationTest {

    private record Call(String method, String path, boolean json) {
    }

    private static List<Call> everyEndpoint(String id) {
        return List.of(
                new Call("POST", "/api/files", false),
                new Call("GET", "/api/files", false),
                new Call("GET", "/api/files/" + id, false),
                new Call("GET", "/api/files/" + id + "/content", false),
                new Call("GET", "/api/files/" + id + "/summary", false),
                new Call("POST", "/api/files/" + id + "/query", true),
                new Call("DELETE", "/api/files/" + id, false),
                new Call("DELETE", "/api/me/data", false));
    }

    private static RequestSpecification withBody(RequestSpecification r, Call call) {
        if (call.json()) {
            return r.contentType("application/json").body(Map.of("sql", "SELECT * FROM data"));
        }
        if (call.method().equals("POST")) {
            return r.multiPart("file", "stolen.csv", "a\n1\n".getBytes(StandardCharsets.UTF_8));
        }
        return r;
    }

    @Test
    void everyEndpointRefusesMissingOrBadTokens() {
        Api alice = Api.newUser();
        String id = alice.ready("guarded.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
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
                withBody(caller.apply(given()), call).request(call.method(), call.path()).then()
                        .statusCode(401)
                        .contentType("application/problem+json")
                        .header("WWW-Authenticate", "Bearer")
                        .body("status", equalTo(401));
            }
        }
        alice.request().get("/api/files").then().statusCode(200).body("items", hasSize(1));
        alice.request().get("/api/files/" + id).then().statusCode(200).body("name", equalTo("guarded.csv"));
    }

    @Test
    void anotherUsersFileIsNotFoundEverywhere() {
        Api alice = Api.newUser();
        Api mallory = Api.newUser();
        String id = alice.ready("private.csv", "secret,value\nx,1\n".getBytes(StandardCharsets.UTF_8));
        for (Call call : everyEndpoint(id)) {
            if (!call.path().contains(id)) {
                continue;
            }
            withBody(mallory.request(), call).request(call.method(), call.path()).then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        mallory.request().get("/api/files").then().body("items", hasSize(0));
        mallory.request().delete("/api/me/data").then().statusCode(204);
        alice.request().get("/api/files/" + id).then().statusCode(200).body("status", equalTo("READY"));
        alice.query(id, "SELECT secret FROM data").then().statusCode(200).body("rows[0][0]", equalTo("x"));
    }
}
