package dev.insight.memory.conversation;

import static org.hamcrest.Matchers.equalTo;

import dev.insight.identity.testing.TestKeys;
import dev.insight.memory.testing.Api;
import dev.insight.memory.testing.HeldTransaction;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A request that read a conversation just before its deletion committed (another tab, "forget me") answers 404, as
 * it would a moment later — never a 500 from the write that then finds the row gone.
 */
@QuarkusTest
@WithTestResource(TestKeys.class)
class DeletionRaceTest {

    private static final String DELETE = "delete from memory.conversation where id = ?";

    @Inject
    AgroalDataSource db;

    @Test
    void aRenameRacingTheDeletionIsA404() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("going away");
        HeldTransaction.race(db, () -> alice.request().body(Map.of("title", "renamed")).patch("/api/conversations/" + id),
                DELETE, UUID.fromString(id))
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No conversation " + id));
        alice.request().get("/api/conversations/" + id).then().statusCode(404);
    }

    @Test
    void aContextWindowWhoseDigestIsStoredAfterTheDeletionIsA404() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("going away");
        for (int i = 0; i < 4; i++) {
            alice.append(id, i % 2 == 0 ? "user" : "assistant", "Message number " + i
                    + " talks about revenue by region in March, and about the returns of the north region in detail.");
        }
        // the window is read before the deletion commits; storing its digest then finds the conversation gone
        HeldTransaction.race(db, () -> alice.request().queryParam("maxTokens", 60).get("/api/conversations/" + id + "/context"),
                DELETE, UUID.fromString(id))
                .then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("No conversation " + id));
        alice.request().queryParam("maxTokens", 60).get("/api/conversations/" + id + "/context").then().statusCode(404);
    }
}
