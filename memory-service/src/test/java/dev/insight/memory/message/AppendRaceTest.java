package dev.insight.memory.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.identity.testing.TestKeys;
import dev.insight.memory.testing.Api;
import dev.insight.memory.testing.HeldSeq;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An append that loses its seq to a concurrent writer waits for it, then numbers on from it. */
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
        HeldSeq.raceFor(2, db, id, alice.user(), () -> alice.request()
                        .body(Map.of("messages", List.of(Map.of("role", "user", "content", "q"),
                                Map.of("role", "assistant", "content", "a"))))
                        .post("/api/conversations/" + id + "/messages/batch"))
                .then().statusCode(201).body("items.seq", equalTo(List.of(3, 4)));
        List<Integer> seqs = alice.request().get("/api/conversations/" + id + "/messages").then().statusCode(200)
                .extract().jsonPath().getList("items.seq", Integer.class);
        assertThat(seqs).containsExactly(1, 2, 3, 4);
        alice.request().get("/api/conversations/" + id).then().body("messageCount", equalTo(4));
    }
}
