package dev.insight.gateway.routing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

import dev.insight.gateway.testing.FakeUpstream;
import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.IdentityTokensCheck;
import dev.insight.gateway.testing.RawHttp;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class RoutingTest {

    @BeforeEach
    void reset() {
        FakeUpstreams.resetAll();
    }

    /** A body sent only after "100 Continue" (curl's uploads) gets it at once, from the gateway, once it may pass. */
    @Test
    void expectContinueIsAnsweredByTheGatewayAndNotForwarded() throws Exception {
        Users.Login alice = Users.newUser();
        byte[] body = "{\"title\":\"after continue\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", io.restassured.RestAssured.port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("POST /api/conversations HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + alice.token() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nExpect: 100-continue\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long asked = System.nanoTime();
            java.io.InputStream in = socket.getInputStream();
            String interim = RawHttp.readHead(in);
            assertThat(interim).startsWith("HTTP/1.1 100 Continue");
            assertThat((System.nanoTime() - asked) / 1_000_000).isLessThan(500);
            socket.getOutputStream().write(body);
            assertThat(RawHttp.readHead(in)).startsWith("HTTP/1.1 200");
        }
        List<FakeUpstream.Received> calls = FakeUpstreams.memory().received("POST", "/api/conversations");
        assertThat(calls).hasSize(1);
        assertThat(calls.get(0).body()).contains("after continue");
        assertThat(calls.get(0).headers().get("Expect")).isNull();
    }

    @Test
    void eachRouteReachesItsUpstreamWithMethodPathAndQueryUnchanged() throws Exception {
        Users.Login alice = Users.newUser();
        record Case(String method, String uri, FakeUpstream upstream, String body) {
        }
        List<Case> cases = List.of(
                new Case("GET", "/api/conversations", FakeUpstreams.memory(), null),
                new Case("POST", "/api/conversations", FakeUpstreams.memory(), "{\"title\":\"Q3\"}"),
                new Case("PATCH", "/api/conversations/8f0c/title%20x", FakeUpstreams.memory(), "{\"title\":\"x\"}"),
                new Case("GET", "/api/conversations/8f0c/messages?after=3&limit=2", FakeUpstreams.memory(), null),
                new Case("GET", "/api/search?q=revenue%20by%20region&limit=5", FakeUpstreams.memory(), null),
                new Case("GET", "/api/files?cursor=abc", FakeUpstreams.files(), null),
                new Case("GET", "/api/files/42/summary", FakeUpstreams.files(), null),
                new Case("DELETE", "/api/files/42", FakeUpstreams.files(), null),
                new Case("POST", "/api/files/42/query", FakeUpstreams.files(), "{\"sql\":\"select 1\"}"),
                new Case("POST", "/api/chat", FakeUpstreams.chat(), "{\"message\":\"total revenue by region\"}"));
        for (Case c : cases) {
            FakeUpstreams.resetAll();
            var request = alice.bearer().urlEncodingEnabled(false).header("Cookie", "insight_session=" + alice.token() + "; other=1");
            if (c.body() != null) {
                request.contentType(ContentType.JSON).body(c.body());
            }
            request.request(c.method(), c.uri())
                    .then().statusCode(200)
                    .body("upstream", equalTo(c.upstream().name()))
                    .body("method", equalTo(c.method()))
                    .body("uri", equalTo(c.uri()));
            assertThat(c.upstream().received()).as(c.method() + " " + c.uri()).hasSize(1);
            FakeUpstream.Received received = c.upstream().received().get(0);
            assertThat(received.uri()).isEqualTo(c.uri());
            assertThat(received.body()).isEqualTo(c.body() == null ? "" : c.body());
            assertThat(received.headers().get("Cookie")).as("cookies never leave the gateway").isNull();
            IdentityTokensCheck.verify(received.headers().get("Authorization"));
            for (FakeUpstream other : FakeUpstreams.all()) {
                if (other != c.upstream()) {
                    assertThat(other.received()).as(other.name() + " must not see " + c.uri()).isEmpty();
                }
            }
        }
    }

    @Test
    void theForwardedIdentityIsAShortLivedJwtForTheCallerReusedWithinItsSession() throws Exception {
        Users.Login alice = Users.newUser();
        alice.bearer().get("/api/conversations").then().statusCode(200);
        alice.cookie().get("/api/conversations/1").then().statusCode(200);
        Users.Login aliceElsewhere = Users.login(alice.username(), Users.PASSWORD);
        aliceElsewhere.bearer().get("/api/conversations/2").then().statusCode(200);

        List<FakeUpstream.Received> seen = FakeUpstreams.memory().received();
        assertThat(seen).hasSize(3);
        JwtClaims claims = IdentityTokensCheck.verify(seen.get(0).headers().get("Authorization"));
        assertThat(claims.getSubject()).isEqualTo(alice.id().toString());
        assertThat(claims.getClaimValueAsString("upn")).isEqualTo(alice.username());
        assertThat(claims.getIssuer()).isEqualTo("insight-gateway");
        long lifetime = claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue();
        assertThat(lifetime).isPositive().isLessThanOrEqualTo(300);
        assertThat(claims.getJwtId()).isNotBlank();
        // the same session (bearer or cookie) reuses its token; another session has its own
        assertThat(seen.get(1).headers().get("Authorization")).isEqualTo(seen.get(0).headers().get("Authorization"));
        assertThat(seen.get(2).headers().get("Authorization")).isNotEqualTo(seen.get(0).headers().get("Authorization"));
        assertThat(IdentityTokensCheck.verify(seen.get(2).headers().get("Authorization")).getSubject())
                .isEqualTo(alice.id().toString());
    }

    @Test
    void clientCredentialsAndForwardingClaimsNeverReachAService() {
        Users.Login alice = Users.newUser();
        Users.viaProxy().header("Authorization", "Bearer " + alice.token())
                .header("Cookie", "insight_session=" + alice.token() + "; insight_csrf=" + alice.csrf())
                .header("X-Forwarded-For", "6.6.6.6")
                .header("Forwarded", "for=6.6.6.6;proto=https")
                .header("X-Real-IP", "6.6.6.6")
                .header("Proxy-Authorization", "Basic Zm9vOmJhcg==")
                .get("/api/files").then().statusCode(200);
        FakeUpstream.Received received = FakeUpstreams.files().received().get(0);
        assertThat(received.headers().get("Authorization")).doesNotContain(alice.token());
        assertThat(received.headers().get("Cookie")).isNull();
        assertThat(received.headers().get("Proxy-Authorization")).isNull();
        assertThat(received.headers().get("Forwarded")).isNull();
        assertThat(received.headers().get("X-Real-IP")).isNull();
        // sent through the tests' trusted proxy, so its X-Forwarded-For names the client; the service gets exactly
        // one address, written by the gateway
        assertThat(received.headers().getAll("X-Forwarded-For")).containsExactly("6.6.6.6");
        assertThat(received.headers().get("X-Forwarded-Proto")).isEqualTo("http");

        // from any other peer the claims are ignored: the service learns the real peer
        alice.bearer().header("X-Forwarded-For", "6.6.6.6").header("X-Forwarded-Proto", "https").get("/api/files")
                .then().statusCode(200);
        FakeUpstream.Received direct = FakeUpstreams.files().received().get(1);
        assertThat(direct.headers().getAll("X-Forwarded-For")).containsExactly("127.0.0.1");
        assertThat(direct.headers().get("X-Forwarded-Proto")).isEqualTo("http");
    }

    @Test
    void requestIdsArePropagatedAndEchoedAndTraceContextContinues() {
        Users.Login alice = Users.newUser();
        alice.bearer().header("X-Request-Id", "test-req-42").get("/api/conversations")
                .then().statusCode(200).header("X-Request-Id", "test-req-42");
        assertThat(FakeUpstreams.memory().received().get(0).headers().get("X-Request-Id")).isEqualTo("test-req-42");

        String generated = alice.bearer().get("/api/conversations").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("[0-9a-f-]{36}")).extract().header("X-Request-Id");
        assertThat(FakeUpstreams.memory().received().get(1).headers().get("X-Request-Id")).isEqualTo(generated);
        // an unsafe id is replaced, not echoed
        alice.bearer().header("X-Request-Id", "bad id with spaces").get("/api/conversations")
                .then().header("X-Request-Id", matchesPattern("[0-9a-f-]{36}"));

        String incoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        alice.bearer().header("traceparent", incoming).get("/api/conversations").then().statusCode(200);
        String forwarded = FakeUpstreams.memory().received().get(3).headers().get("traceparent");
        assertThat(forwarded).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01")
                .isNotEqualTo(incoming);

        alice.bearer().get("/api/conversations").then().statusCode(200);
        alice.bearer().header("traceparent", "garbage").get("/api/conversations").then().statusCode(200);
        for (int i : new int[] { 4, 5 }) {
            String started = FakeUpstreams.memory().received().get(i).headers().get("traceparent");
            assertThat(started).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01").doesNotContain("4bf92f3577b34da6a3ce929d0e0e4736");
        }
    }

    @Test
    void upstreamHopByHopHeadersAndCookiesAreDropped() {
        Users.Login alice = Users.newUser();
        Response response = alice.bearer().queryParam("plantCookie", "1").get("/api/conversations");
        response.then().statusCode(200)
                .header("X-Upstream-Header", "kept")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", notNullValue());
        assertThat(response.getHeaders().getValues("Set-Cookie")).isEmpty();
        assertThat(response.getHeader("Keep-Alive")).isNull();
        assertThat(response.getHeader("Proxy-Authenticate")).isNull();
        // the answer's Date is the gateway's (like nginx), not the service's
        assertThat(response.getHeaders().getValues("Date")).hasSize(1);
        Instant date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(response.getHeader("Date"), Instant::from);
        assertThat(date).isBetween(Instant.now().minusSeconds(60), Instant.now().plusSeconds(60));
    }

    @Test
    void unknownApiPathsAreProblemNotFound() {
        Users.Login alice = Users.newUser();
        for (String path : List.of("/api/nothing", "/api/conversationsX", "/api/filesystem/1", "/api")) {
            alice.bearer().get(path).then().statusCode(404).contentType("application/problem+json")
                    .body("status", equalTo(404)).body("detail", containsString("No such resource"));
        }
        FakeUpstreams.all().forEach(u -> assertThat(u.received()).isEmpty());
    }

    @Test
    void malformedRequestsAreRefusedBeforeAnyUpstream() throws Exception {
        Users.Login alice = Users.newUser();
        String auth = "Authorization: Bearer " + alice.token();
        String host = "Host: 127.0.0.1:" + RestAssured.port;
        String dots = RawHttp.exchange("GET /api/files/../conversations HTTP/1.1", host, auth);
        assertThat(RawHttp.status(dots)).isEqualTo(400);
        assertThat(dots).contains("application/problem+json").contains("segments");
        String encodedDots = RawHttp.exchange("GET /api/files/%2e%2e/conversations HTTP/1.1", host, auth);
        assertThat(RawHttp.status(encodedDots)).isEqualTo(400);
        String http10 = RawHttp.exchange("GET /api/files HTTP/1.0", host, auth);
        assertThat(RawHttp.status(http10)).isEqualTo(505);
        String both = RawHttp.exchange("POST /api/chat HTTP/1.1", host, auth, "Content-Length: 2", "Transfer-Encoding: chunked");
        assertThat(RawHttp.status(both)).isEqualTo(400);

        // declared too large: refused at once, whatever the size
        String huge = RawHttp.exchange("POST /api/files HTTP/1.1", host, auth, "Content-Type: application/octet-stream",
                "Content-Length: 419430400");
        assertThat(RawHttp.status(huge)).isEqualTo(413);
        assertThat(huge).contains("application/problem+json").contains("exceeds the 269484032 bytes");
        alice.bearer().contentType(ContentType.JSON).body("{\"message\":\"" + "x".repeat(1_100_000) + "\"}")
                .post("/api/chat").then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("1048576"));
        // not declared (chunked): counted as it streams, refused when it passes the limit
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + RestAssured.port + "/api/conversations"))
                .header("Authorization", "Bearer " + alice.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(3 * 1024 * 1024)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).contains("exceeds the 1048576 bytes");
        assertThat(FakeUpstreams.chat().received()).isEmpty();
        assertThat(FakeUpstreams.files().received()).isEmpty();
    }

    @Test
    void requestsWithoutASessionNeverReachAService() {
        given().get("/api/conversations").then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
        given().contentType(ContentType.JSON).body(Map.of("message", "hi")).post("/api/chat").then().statusCode(401);
        FakeUpstreams.all().forEach(u -> assertThat(u.received()).isEmpty());
    }
}
