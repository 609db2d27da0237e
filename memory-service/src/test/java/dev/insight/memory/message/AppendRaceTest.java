package dev.insight.memory.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.identity.testing.TestKeys;
import dev.insight.memory.testing.Api;
import dev.insight.memory.testing.HeldTransaction;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Appends meeting other writers: one that took their seq, one that deleted their conversation, and an earlier
 * message stamped by a clock that has since stepped back.
 */
@QuarkusTest
@WithTestResource(TestKeys.class)
class AppendRaceTest {

    @Inject
    AgroalDataSource db;

    @Test
    void anAppendThatLosesItsSeqTakesTheNextOne() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("race");
        alice.append(id, "user", "first");
        HeldTransaction.race(db, () -> alice.request()
                        .body(Map.of("messages", List.of(Map.of("role", "user", "content", "q"),
                                Map.of("role", "assistant", "content", "a"))))
                        .post("/api/conversations/" + id + "/messages/batch"),
                HeldTransaction.MESSAGE_AT_SEQ, UUID.fromString(id), alice.user(), 2L)
                .then().statusCode(201).body("items.seq", equalTo(List.of(3, 4)));
        List<Integer> seqs = alice.request().get("/api/conversations/" + id + "/messages").then().statusCode(200)
                .extract().jsonPath().getList("items.seq", Integer.class);
        assertThat(seqs).containsExactly(1, 2, 3, 4);
        alice.request().get("/api/conversations/" + id).then().body("messageCount", equalTo(4));
    }

    @Test
    void anAppendRacingTheConversationsDeletionIsA404() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("going away");
        alice.append(id, "user", "first");
        // the append reads the conversation before the deletion commits; its foreign key check then finds it gone
        HeldTransaction.race(db, () -> alice.request().body(Map.of("role", "user", "content", "too late"))
                        .post("/api/conversations/" + id + "/messages"),
                "delete from memory.conversation where id = ?", UUID.fromString(id))
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No conversation " + id));
        alice.request().get("/api/conversations/" + id + "/messages").then().statusCode(404);
    }

    @Test
    void createdAtNeverGoesBackwardsWhenTheClockDoes() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("clock");
        alice.append(id, "user", "stamped by a clock an hour ahead");
        Instant ahead = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        try (Connection c = db.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "update memory.message set created_at = ? where conversation_id = ? and seq = 1")) {
            s.setObject(1, OffsetDateTime.ofInstant(ahead, ZoneOffset.UTC));
            s.setObject(2, UUID.fromString(id));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        List<String> stamps = alice.request()
                .body(Map.of("messages", List.of(Map.of("role", "user", "content", "q"),
                        Map.of("role", "assistant", "content", "a"))))
                .post("/api/conversations/" + id + "/messages/batch").then().statusCode(201)
                .extract().jsonPath().getList("items.createdAt", String.class);
        List<Instant> created = stamps.stream().map(Instant::parse).toList();
        assertThat(created).hasSize(2).allSatisfy(t -> assertThat(t).isAfterOrEqualTo(ahead));
        assertThat(created.get(1)).isAfterOrEqualTo(created.get(0));
        alice.request().get("/api/conversations/" + id).then().statusCode(200)
                .body("updatedAt", equalTo(stamps.get(1)));
    }
}
