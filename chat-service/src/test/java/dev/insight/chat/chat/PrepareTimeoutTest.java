package dev.insight.chat.chat;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.chat.testing.Api;
import dev.insight.chat.testing.Backends;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A streamed question whose preparation outlives its time is refused (503) before its stream starts; the
 * conversation the preparation went on to start anyway is removed again, not left empty in the caller's list.
 */
@QuarkusTest
@TestProfile(PrepareTimeoutTest.Impatient.class)
@WithTestResource(TestKeys.class)
@WithTestResource(Backends.class)
class PrepareTimeoutTest {

    public static class Impatient implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("chat.limits.prepare-timeout", "1ms");
        }
    }

    @Test
    void aRefusedStreamLeavesNoConversationBehind() {
        Api alice = Api.newUser();
        alice.request().body(Map.of("message", "How many rows are there?")).post("/api/chat/stream").then()
                .statusCode(503).contentType("application/problem+json").body("detail", containsString("did not answer within"));
        // the plain question has no such wait: it starts its conversation, which stays
        alice.ask("How many rows are there?").then().statusCode(200);
        // and stays alone: held for two seconds, long enough for the refused stream's preparation to have finished
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                given().auth().oauth2(alice.token()).baseUri(Backends.memoryUrl()).get("/api/conversations")
                        .then().statusCode(200).body("items.size()", equalTo(1)));
    }
}
