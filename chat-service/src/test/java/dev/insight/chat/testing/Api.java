package dev.insight.chat.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.insight.identity.testing.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A caller of the API: a user with a token, their files in file-service, their questions to chat. */
public record Api(UUID user) {

    public static Api newUser() {
        return new Api(UUID.randomUUID());
    }

    public String token() {
        return Tokens.forUser(user);
    }

    public RequestSpecification request() {
        return given().auth().oauth2(token()).contentType(ContentType.JSON);
    }

    /** Uploads a CSV to the real file-service without waiting for it to be processed; returns its id. */
    public String uploadOnly(String name, String csv) {
        return given().auth().oauth2(token()).baseUri(Backends.filesUrl())
                .multiPart("file", name, csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/files").then().statusCode(201).extract().path("id");
    }

    /** Uploads a CSV to the real file-service and waits until it is READY; returns its id. */
    public String upload(String name, String csv) {
        String id = uploadOnly(name, csv);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String status = given().auth().oauth2(token()).baseUri(Backends.filesUrl()).get("/api/files/" + id)
                    .then().statusCode(200).extract().path("status");
            if ("FAILED".equals(status)) {
                throw new AssertionError("file-service could not process " + name);
            }
            return "READY".equals(status);
        });
        return id;
    }

    public Response ask(String message, String... fileIds) {
        return askIn(null, message, fileIds);
    }

    public Response askIn(String conversationId, String message, String... fileIds) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (conversationId != null) {
            body.put("conversationId", conversationId);
        }
        body.put("message", message);
        if (fileIds.length > 0) {
            body.put("fileIds", List.of(fileIds));
        }
        return request().body(body).post("/api/chat");
    }

    /** The messages memory-service holds for a conversation, read straight from it. */
    public JsonPath messages(String conversationId) {
        return given().auth().oauth2(token()).baseUri(Backends.memoryUrl())
                .get("/api/conversations/" + conversationId + "/messages").then().statusCode(200).extract().jsonPath();
    }

    /** One server-sent event. */
    public record Event(String name, String data) {
        public JsonPath json() {
            return JsonPath.from(data);
        }
    }

    /** Parses a text/event-stream body into its events (name + joined data lines). */
    public static List<Event> events(String body) {
        List<Event> events = new ArrayList<>();
        String name = null;
        StringBuilder data = new StringBuilder();
        for (String line : body.split("\r?\n", -1)) {
            if (line.isEmpty()) {
                if (name != null || !data.isEmpty()) {
                    events.add(new Event(name == null ? "message" : name, data.toString()));
                }
                name = null;
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
            }
        }
        if (name != null || !data.isEmpty()) {
            events.add(new Event(name == null ? "message" : name, data.toString()));
        }
        return events;
    }
}
