package dev.insight.memory.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.insight.identity.testing.TestKeys;
import dev.insight.memory.testing.Api;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The request hash an Idempotency-Key is checked against is stored with the message, so its form must not change
 * between versions (a retry that reaches a newer replica must still be recognised): sha256 of the JSON of {content,
 * metadata, role} with every object's keys sorted, and for a batch the JSON array of those.
 */
@QuarkusTest
@WithTestResource(TestKeys.class)
class RequestHashTest {

    @Inject
    AgroalDataSource db;

    @Test
    void theStoredHashIsOfTheCanonicalRequest() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("hashes");
        String single = alice.request().header("Idempotency-Key", "h-1")
                .body("{\"role\":\"user\",\"content\":\"hi \\\"there\\\"\",\"metadata\":{\"b\":1,\"a\":{\"d\":[2,\"é\"],\"c\":null}}}")
                .post("/api/conversations/" + id + "/messages").then().statusCode(201).extract().path("id");
        assertThat(storedHash(single)).isEqualTo(
                sha256("{\"content\":\"hi \\\"there\\\"\",\"metadata\":{\"a\":{\"c\":null,\"d\":[2,\"é\"]},\"b\":1},\"role\":\"user\"}"));

        List<String> batch = alice.request().header("Idempotency-Key", "h-2")
                .body(Map.of("messages", List.of(Map.of("role", "user", "content", "q"),
                        Map.of("role", "assistant", "content", "a", "metadata", Map.of("sql", "select 1")))))
                .post("/api/conversations/" + id + "/messages/batch").then().statusCode(201)
                .extract().jsonPath().getList("items.id", String.class);
        String expected = sha256("[{\"content\":\"q\",\"metadata\":null,\"role\":\"user\"},"
                + "{\"content\":\"a\",\"metadata\":{\"sql\":\"select 1\"},\"role\":\"assistant\"}]");
        assertThat(storedHash(batch.get(0))).isEqualTo(expected);
        assertThat(storedHash(batch.get(1))).isEqualTo(expected);
    }

    private String storedHash(String messageId) throws Exception {
        try (Connection c = db.getConnection();
                PreparedStatement q = c.prepareStatement("select request_hash from memory.message where id = ?")) {
            q.setObject(1, UUID.fromString(messageId));
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
