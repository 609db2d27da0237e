package dev.insight.gateway.session;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Who gets in: absent, forged and ended sessions are 401; cookie requests that change state need the CSRF token. */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class SessionSecurityTest {

    @BeforeEach
    void reset() {
        FakeUpstreams.resetAll();
    }

    @Test
    void absentMalformedAndForgedSessionsAre401() {
        byte[] random = new byte[32];
        ThreadLocalRandom.current().nextBytes(random);
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        List<Map<String, String>> attempts = List.of(
                Map.of(),
                Map.of("Authorization", "Bearer " + forged),
                Map.of("Authorization", "Bearer not-a-token"),
                Map.of("Authorization", "Basic dXNlcjpwYXNz"),
                Map.of("Authorization", "Bearer"),
                Map.of("Cookie", "insight_session=" + forged),
                Map.of("Cookie", "insight_session="));
        for (Map<String, String> headers : attempts) {
            for (String path : List.of("/api/auth/me", "/api/conversations", "/api/files/1", "/api/search?q=x")) {
                given().headers(headers).get(path).then().statusCode(401).contentType("application/problem+json")
                        .header("WWW-Authenticate", containsString("Bearer"))
                        .body("status", equalTo(401)).body("title", equalTo("Unauthorized"));
            }
        }
        FakeUpstreams.all().forEach(u -> assertThat(u.received()).isEmpty());
    }

    @Test
    void aBadBearerHeaderNeverFallsBackToTheCookie() {
        Users.Login alice = Users.newUser();
        given().header("Authorization", "Bearer " + "A".repeat(43)).cookie("insight_session", alice.token())
                .get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void cookieRequestsThatChangeStateNeedTheCsrfToken() {
        Users.Login alice = Users.newUser();
        alice.cookie().contentType(ContentType.JSON).body("{\"title\":\"x\"}").post("/api/conversations")
                .then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("X-CSRF-Token"));
        alice.cookie().header("X-CSRF-Token", "wrong").contentType(ContentType.JSON).body("{\"title\":\"x\"}")
                .post("/api/conversations").then().statusCode(403);
        alice.cookie().delete("/api/files/1").then().statusCode(403);
        alice.cookie().post("/api/auth/logout").then().statusCode(403);
        alice.cookie().delete("/api/auth/me").then().statusCode(403);
        assertThat(FakeUpstreams.memory().received()).isEmpty();
        assertThat(FakeUpstreams.files().received()).isEmpty();

        // reads need no token; the right token passes; bearer requests need none
        alice.cookie().get("/api/conversations").then().statusCode(200);
        alice.browser().contentType(ContentType.JSON).body("{\"title\":\"x\"}").post("/api/conversations").then().statusCode(200);
        alice.bearer().contentType(ContentType.JSON).body("{\"title\":\"y\"}").post("/api/conversations").then().statusCode(200);
        assertThat(FakeUpstreams.memory().received("POST", "/api/conversations")).hasSize(2);
        alice.bearer().get("/api/auth/me").then().statusCode(200);
        alice.browser().post("/api/auth/logout").then().statusCode(204);
        alice.bearer().get("/api/auth/me").then().statusCode(401);
    }

    @Test
    void requestsFromForeignOriginsAreRefused() {
        Users.Login alice = Users.newUser();
        String own = "http://localhost:" + RestAssured.port;
        // same origin and the allow-listed console origin are fine
        alice.browser().header("Origin", own).contentType(ContentType.JSON).body("{}").post("/api/conversations")
                .then().statusCode(200);
        alice.browser().header("Origin", "https://console.example.com").contentType(ContentType.JSON).body("{}")
                .post("/api/conversations").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://console.example.com");
        int before = FakeUpstreams.memory().received().size();
        // a foreign page cannot use the browser's session, nor log someone in
        Response foreign = alice.browser().header("Origin", "https://evil.example").contentType(ContentType.JSON).body("{}")
                .post("/api/conversations");
        foreign.then().statusCode(403).contentType("application/problem+json")
                .header("Vary", containsString("Origin"))
                .header("X-Request-Id", org.hamcrest.Matchers.notNullValue())
                .body("status", equalTo(403)).body("title", equalTo("Forbidden"))
                .body("detail", containsString("https://evil.example"));
        assertThat(foreign.getHeader("Access-Control-Allow-Origin")).isNull();
        // as for every path, the console's included
        given().header("Origin", "https://evil.example").get("/api/auth/me").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Origin", "https://evil.example").get("/").then().statusCode(403)
                .contentType("application/problem+json");
        given().header("Origin", "https://evil.example").contentType(ContentType.JSON)
                .body(Map.of("username", alice.username(), "password", Users.PASSWORD)).post("/api/auth/login")
                .then().statusCode(403);
        assertThat(FakeUpstreams.memory().received()).hasSize(before);
    }

    @Test
    void corsPreflightAnswersAllowedOriginsAndRefusesOthers() {
        given().header("Origin", "https://console.example.com")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-csrf-token")
                .options("/api/conversations")
                .then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://console.example.com")
                .header("Access-Control-Allow-Credentials", "true")
                .header("Access-Control-Allow-Methods", containsString("POST"))
                .header("Access-Control-Allow-Headers", containsString("X-CSRF-Token"))
                .header("X-Request-Id", org.hamcrest.Matchers.notNullValue());
        Response refused = given().header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .options("/api/conversations");
        refused.then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("https://evil.example"));
        assertThat(refused.getHeader("Access-Control-Allow-Origin")).isNull();
        // an allowed origin asking for a method outside the list: the same refusal, with what is allowed
        Response wrongMethod = given().header("Origin", "https://console.example.com")
                .header("Access-Control-Request-Method", "TRACE")
                .options("/api/conversations");
        wrongMethod.then().statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("TRACE")).body("detail", containsString("DELETE, GET, HEAD"));
        assertThat(wrongMethod.getHeader("Access-Control-Allow-Origin")).isNull();
        FakeUpstreams.all().forEach(u -> assertThat(u.received()).isEmpty());

        Users.Login alice = Users.newUser();
        alice.bearer().header("Origin", "https://console.example.com").get("/api/conversations").then().statusCode(200)
                .header("Access-Control-Allow-Origin", "https://console.example.com")
                .header("Access-Control-Expose-Headers", containsString("X-Request-Id"));
    }
}
