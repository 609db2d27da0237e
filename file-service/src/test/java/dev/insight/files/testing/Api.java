package dev.insight.files.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.insight.identity.testing.Tokens;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A caller of the API: a user with a token, and the few requests most tests start from. */
public record Api(UUID user) {

    public static Api newUser() {
        return new Api(UUID.randomUUID());
    }

    public RequestSpecification request() {
        return given().auth().oauth2(Tokens.forUser(user));
    }

    public Response upload(String name, byte[] content) {
        return request().multiPart("file", name, content, "application/octet-stream").post("/api/files");
    }

    /**
     * Uploads with the Content-Disposition file name exactly as given, in UTF-8 as browsers send it (REST Assured would
     * turn non-ASCII characters into '?').
     */
    public Response uploadRaw(String quotedFileName, byte[] content) {
        String boundary = "----insight" + UUID.randomUUID();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + quotedFileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return request().contentType("multipart/form-data; boundary=" + boundary).body(body.toByteArray()).post("/api/files");
    }

    /** Uploads and returns the new file's id (asserting 201). */
    public String uploaded(String name, byte[] content) {
        return upload(name, content).then().statusCode(201).extract().path("id");
    }

    /** Waits until processing has ended and returns the file as the API shows it. */
    public Map<String, Object> awaitProcessed(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String status = request().get("/api/files/" + id).then().statusCode(200).extract().path("status");
            return status.equals("READY") || status.equals("FAILED");
        });
        return request().get("/api/files/" + id).then().extract().as(Map.class);
    }

    /** Uploads, waits for READY, and returns the id. */
    public String ready(String name, byte[] content) {
        String id = uploaded(name, content);
        Map<String, Object> file = awaitProcessed(id);
        if (!"READY".equals(file.get("status"))) {
            throw new AssertionError(name + " ended " + file.get("status") + ": " + file.get("error"));
        }
        return id;
    }

    public Response query(String id, String sql) {
        return request().contentType("application/json").body(Map.of("sql", sql)).post("/api/files/" + id + "/query");
    }
}
