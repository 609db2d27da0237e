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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Appends racing other writers: one that took its seq, one that deleted its conversation. */
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
}
