package dev.insight.memory.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.identity.testing.TestKeys;
import dev.insight.memory.testing.Api;
import dev.insight.memory.testing.HeldTransaction;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** With its tries used up, an append that keeps losing its seq is a 503 to retry, and leaves nothing behind. */
@QuarkusTest
@TestProfile(AppendRaceLostTest.OneTry.class)
@WithTestResource(TestKeys.class)
class AppendRaceLostTest {

    public static class OneTry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("memory.limits.append-attempts", "1");
        }
    }

    @Inject
    AgroalDataSource db;

    @Test
    void anAppendOutOfTriesIsRetryableAndLeavesNoTrace() throws Exception {
        Api alice = Api.newUser();
        String id = alice.createConversation("busy");
        alice.append(id, "user", "first");
        HeldTransaction.race(db, () -> alice.request().header("Idempotency-Key", "busy-1")
                        .body(Map.of("role", "user", "content", "second")).post("/api/conversations/" + id + "/messages"),
                HeldTransaction.MESSAGE_AT_SEQ, UUID.fromString(id), alice.user(), 2L)
                .then().statusCode(503).header("Retry-After", "1")
                .contentType("application/problem+json").body("detail", containsString("try again"));
        List<String> contents = alice.request().get("/api/conversations/" + id + "/messages").then().statusCode(200)
                .extract().jsonPath().getList("items.content", String.class);
        assertThat(contents).containsExactly("first", "held by the test");
        // the retry the 503 asks for goes through, under the same key
        alice.request().header("Idempotency-Key", "busy-1").body(Map.of("role", "user", "content", "second"))
                .post("/api/conversations/" + id + "/messages").then().statusCode(201).body("seq", equalTo(3));
    }
}
