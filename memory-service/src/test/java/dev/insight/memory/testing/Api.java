package dev.insight.memory.testing;

import static io.restassured.RestAssured.given;

import dev.insight.identity.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** A caller of the API: a user with a token, and the few requests most tests start from. */
public record Api(UUID user) {

    public static Api newUser() {
        return new Api(UUID.randomUUID());
    }

    public RequestSpecification request() {
        return given().auth().oauth2(Tokens.forUser(user)).contentType(ContentType.JSON);
    }

    public String createConversation(String title) {
        return request().body(title == null ? Map.of() : Map.of("title", title))
                .post("/api/conversations").then().statusCode(201).extract().path("id");
    }

    public int append(String conversationId, String role, String content) {
        return request().body(Map.of("role", role, "content", content))
                .post("/api/conversations/" + conversationId + "/messages")
                .then().statusCode(201).extract().path("seq");
    }
}
