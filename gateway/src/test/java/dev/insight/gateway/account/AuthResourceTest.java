package dev.insight.gateway.account;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class AuthResourceTest {

    @Inject
    AgroalDataSource database;

    @Test
    void registersLogsInAndTellsWhoIsThere() {
        String name = Users.uniqueName("Alice.");
        String id = given().contentType(ContentType.JSON).body(Map.of("username", name, "password", Users.PASSWORD))
                .post("/api/auth/register")
                .then().statusCode(201)
                .header("Location", containsString("/api/auth/me"))
                .header("Cache-Control", "no-store")
                .body("username", equalTo(name))
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .extract().path("id");

        Response login = Users.loginResponse(name, Users.PASSWORD);
        login.then().statusCode(200)
                .contentType(ContentType.JSON)
                .header("Cache-Control", "no-store")
                .header("RateLimit-Limit", "10")
                .header("RateLimit-Remaining", "9")
                .body("token", matchesPattern("[A-Za-z0-9_-]{43}"))
                .body("csrfToken", matchesPattern("[A-Za-z0-9_-]{22}"))
                .body("user.id", equalTo(id))
                .body("user.username", equalTo(name));
        Instant expiresAt = Instant.parse(login.path("expiresAt"));
        assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofMinutes(29), Duration.ofMinutes(31));

        String token = login.path("token");
        String sessionCookie = setCookie(login, "insight_session");
        assertThat(sessionCookie).startsWith("insight_session=" + token).contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure").doesNotContain("Max-Age");
        String csrfCookie = setCookie(login, "insight_csrf");
        assertThat(csrfCookie).startsWith("insight_csrf=" + login.path("csrfToken")).contains("SameSite=Strict")
                .doesNotContain("HttpOnly");

        given().header("Authorization", "Bearer " + token).get("/api/auth/me").then().statusCode(200)
                .body("id", equalTo(id)).body("username", equalTo(name));
        given().cookie("insight_session", token).get("/api/auth/me").then().statusCode(200)
                .body("id", equalTo(id));
        // a login is case-insensitive about the name, the account keeps its spelling
        Users.loginResponse(name.toUpperCase(), Users.PASSWORD).then().statusCode(200).body("user.username", equalTo(name));
    }

    @Test
    void aTakenNameIsAConflictWhateverItsCase() {
        String name = Users.uniqueName("bob");
        Users.register(name, Users.PASSWORD);
        given().contentType(ContentType.JSON).body(Map.of("username", name.toUpperCase(), "password", "another password"))
                .post("/api/auth/register")
                .then().statusCode(409).contentType("application/problem+json")
                .body("status", equalTo(409)).body("title", equalTo("Conflict"))
                .body("detail", containsString("is taken"));
    }

    @Test
    void everyBrokenRegistrationRuleIsA400NamingTheField() {
        record Case(Object body, String field, String message) {
        }
        String ok = Users.uniqueName("carol");
        List<Case> cases = List.of(
                new Case(Map.of(), "username", "is required"),
                new Case(Map.of("username", ok), "password", "is required"),
                new Case(Map.of("username", "ab", "password", Users.PASSWORD), "username", "3 to 32 characters"),
                new Case(Map.of("username", "x".repeat(33), "password", Users.PASSWORD), "username", "3 to 32 characters"),
                new Case(Map.of("username", "with space", "password", Users.PASSWORD), "username", "may contain only"),
                new Case(Map.of("username", "-leading", "password", Users.PASSWORD), "username", "must start with"),
                new Case(Map.of("username", ok, "password", "short"), "password", "at least 10 characters"),
                new Case(Map.of("username", ok, "password", "é".repeat(40)), "password", "at most 72 bytes"),
                new Case(Map.of("username", ok, "password", "tab\tinside password"), "password", "control characters"),
                new Case(Map.of("username", ok, "password", " ".repeat(12)), "password", "only spaces"),
                new Case(Map.of("username", ok, "password", "\u00a0\u2003".repeat(6)), "password", "only spaces"),
                new Case(Map.of("username", "samename123", "password", "SameName123"), "password", "must not be the username"));
        for (Case c : cases) {
            given().contentType(ContentType.JSON).body(c.body()).post("/api/auth/register")
                    .then().statusCode(400).contentType("application/problem+json")
                    .body("status", equalTo(400))
                    .body("detail", containsString(c.message()))
                    .body("errors.field", hasItem(c.field()));
        }
        given().contentType(ContentType.JSON).body("{\"username\": 42, \"password\": \"long enough pw\"}")
                .post("/api/auth/register").then().statusCode(400).body("detail", containsString("username"));
        given().contentType(ContentType.JSON).body("{\"username\": ").post("/api/auth/register")
                .then().statusCode(400).body("detail", containsString("not valid JSON"));
        given().contentType(ContentType.JSON).post("/api/auth/register")
                .then().statusCode(400).body("detail", containsString("JSON body"));
        given().contentType(ContentType.TEXT).body("username=x").post("/api/auth/register")
                .then().statusCode(415).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"username\":\"" + "x".repeat(20_000) + "\"}").post("/api/auth/register")
                .then().statusCode(413).contentType("application/problem+json").body("detail", containsString("at most 16384"));
    }

    @Test
    void loginNeedsBothFields() {
        given().contentType(ContentType.JSON).body(Map.of("username", "someone")).post("/api/auth/login")
                .then().statusCode(400).body("errors.field", hasItem("password"));
        given().contentType(ContentType.JSON).body(Map.of("password", "x")).post("/api/auth/login")
                .then().statusCode(400).body("errors.field", hasItem("username"));
        given().contentType(ContentType.JSON).post("/api/auth/login").then().statusCode(400)
                .body("detail", containsString("JSON body"));
        given().get("/api/auth/login").then().statusCode(405).contentType("application/problem+json");
        // a name no account can have (a NUL, which the database refuses as a parameter; a space; a control
        // character) is an unknown user, not a server error
        for (String odd : List.of("a\u0000", "some one", "caf\u00e9\u0085", "\uD83D\uDE00")) {
            Users.loginResponse(odd, "not the password").then().statusCode(401).contentType("application/problem+json")
                    .body("detail", equalTo("Wrong username or password."));
        }
    }

    @Test
    void anUnknownUserAndAWrongPasswordGetTheSameAnswerInTheSameTime() {
        String name = Users.uniqueName("dave");
        Users.register(name, Users.PASSWORD);
        Response wrong = Users.loginResponse(name, "not the password");
        Response unknown = Users.loginResponse(Users.uniqueName("nobody"), "not the password");
        for (Response r : List.of(wrong, unknown)) {
            r.then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"))
                    .body("detail", equalTo("Wrong username or password."));
            assertThat(r.getHeaders().getValues("Set-Cookie")).isEmpty();
        }
        // both pay for one bcrypt verification: medians within a factor of two of each other
        List<Long> wrongTimes = new ArrayList<>();
        List<Long> unknownTimes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            wrongTimes.add(Users.loginResponse(name, "not the password " + i).then().statusCode(401).extract().time());
            unknownTimes.add(Users.loginResponse(Users.uniqueName("ghost"), "not the password").then().statusCode(401)
                    .extract().time());
        }
        double ratio = (double) median(wrongTimes) / Math.max(1, median(unknownTimes));
        assertThat(ratio).as("wrong %s vs unknown %s", wrongTimes, unknownTimes).isBetween(0.5, 2.0);
    }

    @Test
    void passwordsAreStoredAsBcryptHashes() throws Exception {
        String name = Users.uniqueName("erin");
        UUID id = Users.register(name, Users.PASSWORD);
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("select password_hash from auth.account where id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).startsWith("$2a$08$").hasSize(60).doesNotContain(Users.PASSWORD);
            }
        }
    }

    @Test
    void logoutEndsTheSessionAtOnceAndClearsTheCookies() {
        Users.Login first = Users.newUser();
        Users.Login second = Users.login(first.username(), Users.PASSWORD);
        Response out = first.bearer().post("/api/auth/logout");
        out.then().statusCode(204);
        assertThat(setCookie(out, "insight_session")).startsWith("insight_session=;").contains("Max-Age=0");
        assertThat(setCookie(out, "insight_csrf")).contains("Max-Age=0");
        first.bearer().get("/api/auth/me").then().statusCode(401);
        second.bearer().get("/api/auth/me").then().statusCode(200);

        Users.Login third = Users.login(first.username(), Users.PASSWORD);
        third.bearer().queryParam("all", "maybe").post("/api/auth/logout").then().statusCode(400)
                .body("errors[0].field", equalTo("all"));
        third.bearer().queryParam("all", "true").post("/api/auth/logout").then().statusCode(204);
        second.bearer().get("/api/auth/me").then().statusCode(401);
        third.bearer().get("/api/auth/me").then().statusCode(401);
        // ending a session that has already ended is no error
        third.bearer().post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void logoutWithoutALiveSessionStillClearsTheCookies() {
        Users.Login alice = Users.newUser();
        alice.bearer().post("/api/auth/logout").then().statusCode(204);
        byte[] random = new byte[32];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(random);
        String unknown = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        List<io.restassured.specification.RequestSpecification> dead = List.of(
                alice.browser(),                                                       // ended session, its CSRF token
                given().cookie("insight_session", unknown).header("X-CSRF-Token", "x"), // never existed
                given().cookie("insight_session", "garbage"),                          // not even a token
                given());                                                              // no cookie at all
        for (var request : dead) {
            Response out = request.post("/api/auth/logout");
            out.then().statusCode(204);
            assertThat(setCookie(out, "insight_session")).startsWith("insight_session=;").contains("Max-Age=0")
                    .contains("HttpOnly").contains("SameSite=Strict");
            assertThat(setCookie(out, "insight_csrf")).startsWith("insight_csrf=;").contains("Max-Age=0");
        }
        // a live cookie session still needs its CSRF token, and a foreign page still gets nowhere
        Users.Login bob = Users.newUser();
        bob.cookie().post("/api/auth/logout").then().statusCode(403);
        bob.browser().header("Origin", "https://evil.example").post("/api/auth/logout").then().statusCode(403);
        bob.bearer().get("/api/auth/me").then().statusCode(200);
    }

    @Test
    void behindTlsCookiesAreSecureAndHstsIsSent() {
        String name = Users.uniqueName("frank");
        Users.register(name, Users.PASSWORD);
        Response tls = Users.viaProxy().header("X-Forwarded-Proto", "https").contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", Users.PASSWORD)).post("/api/auth/login");
        tls.then().statusCode(200).header("Strict-Transport-Security", containsString("max-age=31536000"));
        assertThat(setCookie(tls, "insight_session")).contains("Secure").contains("HttpOnly");
        assertThat(setCookie(tls, "insight_csrf")).contains("Secure");

        Response plain = Users.loginResponse(name, Users.PASSWORD);
        plain.then().statusCode(200);
        assertThat(plain.getHeader("Strict-Transport-Security")).isNull();

        // the same claim from a peer that is not a trusted proxy is ignored
        Response claimed = given().header("X-Forwarded-Proto", "https").contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", Users.PASSWORD)).post("/api/auth/login");
        claimed.then().statusCode(200);
        assertThat(claimed.getHeader("Strict-Transport-Security")).isNull();
        assertThat(setCookie(claimed, "insight_session")).doesNotContain("Secure");
    }

    @Test
    void securityHeadersAreOnEveryAnswer() {
        given().get("/api/auth/me").then().statusCode(401)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .header("X-Request-Id", notNullValue());
    }

    private static String setCookie(Response response, String name) {
        Map<String, String> byName = new HashMap<>();
        for (String header : response.getHeaders().getValues("Set-Cookie")) {
            byName.put(header.substring(0, header.indexOf('=')), header);
        }
        assertThat(byName).containsKey(name);
        return byName.get(name);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
