package dev.insight.gateway.privacy;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.gateway.session.SessionStore;
import dev.insight.gateway.testing.FakeUpstream;
import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.IdentityTokensCheck;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import dev.insight.support.problem.ProblemException;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DELETE /api/auth/me: the account and every session end at once, and every service is made to forget the user. */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class AccountDeletionTest {

    @Inject
    AgroalDataSource database;

    @Inject
    SessionStore sessions;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    @AfterEach
    void reset() throws Exception {
        // an erasure another test left pending would be retried in the middle of the next one
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement("delete from auth.pending_erasure")) {
            s.executeUpdate();
        }
        FakeUpstreams.resetAll();
        breakers.resetAll();
    }

    @Test
    void deletesTheAccountEndsEverySessionAndEveryServiceForgets() throws Exception {
        Users.Login alice = Users.newUser();
        Users.Login aliceOnPhone = Users.login(alice.username(), Users.PASSWORD);

        Response deleted = alice.browser().delete("/api/auth/me");
        deleted.then().statusCode(204);
        assertThat(deleted.getHeaders().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("insight_session=;") && c.contains("Max-Age=0"));

        alice.bearer().get("/api/auth/me").then().statusCode(401);
        aliceOnPhone.bearer().get("/api/conversations").then().statusCode(401);
        Users.loginResponse(alice.username(), Users.PASSWORD).then().statusCode(401);
        for (FakeUpstream service : FakeUpstreams.all()) {
            List<FakeUpstream.Received> calls = forgetting(service, alice.id());
            assertThat(calls).as(service.name()).hasSize(1);
            JwtClaims claims = IdentityTokensCheck.verify(calls.get(0).headers().get("Authorization"));
            assertThat(claims.getSubject()).isEqualTo(alice.id().toString());
            assertThat(claims.getClaimValueAsString("upn")).isEqualTo(alice.username());
        }
        assertThat(pending(alice.id())).isZero();
        assertThat(accounts(alice.id())).isZero();
        // a login that checked the password just before the deletion finds no session to create afterwards
        assertThatThrownBy(() -> sessions.create(alice.id(), alice.username()).await().atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.status()).isEqualTo(401));
        // the name is free again, for a new person with a new id
        UUID again = Users.register(alice.username(), Users.PASSWORD);
        assertThat(again).isNotEqualTo(alice.id());
    }

    @Test
    void aServiceThatCannotForgetNowIsAskedAgainUntilItDoes() throws Exception {
        Users.Login bob = Users.newUser();
        FakeUpstreams.files().forgetStatus(503);
        bob.bearer().delete("/api/auth/me").then().statusCode(202).contentType("application/json")
                .body("status", equalTo("pending"))
                .body("pendingServices", contains("file-service"))
                .body("detail", containsString("keeps asking"));
        bob.bearer().get("/api/auth/me").then().statusCode(401);
        assertThat(accounts(bob.id())).isZero();
        assertThat(pending(bob.id())).isEqualTo(1);

        FakeUpstreams.files().forgetStatus(204);
        long deadline = System.currentTimeMillis() + 10_000;
        while (pending(bob.id()) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        assertThat(pending(bob.id())).as("retried until file-service confirmed").isZero();
        assertThat(forgetting(FakeUpstreams.files(), bob.id()).size()).isGreaterThanOrEqualTo(2);
        assertThat(forgetting(FakeUpstreams.memory(), bob.id())).hasSize(1);
    }

    /** A 404 (no such endpoint: a wrong upstream, an old version) is no confirmation that the data is gone. */
    @Test
    void aServiceThatDoesNotKnowTheEndpointIsNotTakenForDone() throws Exception {
        Users.Login carol = Users.newUser();
        FakeUpstreams.memory().forgetStatus(404);
        carol.bearer().delete("/api/auth/me").then().statusCode(202).body("pendingServices", contains("memory-service"));
        assertThat(pending(carol.id())).isEqualTo(1);
    }

    /**
     * Erasure calls go through the upstream's breaker and count like relayed answers: a 503 without Retry-After says
     * the service cannot serve (and opens the breaker after enough of them); one with Retry-After does not count.
     */
    @Test
    void aServiceThatAnswersItCannotServeCountsAgainstItsBreaker() throws Exception {
        FakeUpstreams.files().forceStatus(503, "5");
        for (int i = 0; i < 4; i++) {
            Users.newUser().bearer().delete("/api/auth/me").then().statusCode(202).body("pendingServices", contains("file-service"));
        }
        assertThat(breakers.currentState("upstream-files")).isEqualTo(CircuitBreakerState.CLOSED);

        FakeUpstreams.files().forceStatus(503);
        for (int i = 0; i < 4; i++) {
            Users.newUser().bearer().delete("/api/auth/me").then().statusCode(202).body("pendingServices", contains("file-service"));
        }
        assertThat(breakers.currentState("upstream-files")).isEqualTo(CircuitBreakerState.OPEN);
        assertThat(breakers.currentState("upstream-memory")).isEqualTo(CircuitBreakerState.CLOSED);
    }

    @Test
    void deletionNeedsASessionAndTheCsrfTokenForCookies() throws Exception {
        given().delete("/api/auth/me").then().statusCode(401);
        Users.Login carol = Users.newUser();
        carol.cookie().delete("/api/auth/me").then().statusCode(403);
        assertThat(accounts(carol.id())).isEqualTo(1);
        FakeUpstreams.all().forEach(u -> assertThat(u.received("DELETE", "/api/me/data")).isEmpty());
    }

    private long pending(UUID user) throws Exception {
        return count("select count(*) from auth.pending_erasure where user_id = ?", user);
    }

    /** The DELETE /api/me/data calls a service received for this user (its JWT's subject). */
    private static List<FakeUpstream.Received> forgetting(FakeUpstream service, UUID user) throws Exception {
        List<FakeUpstream.Received> mine = new java.util.ArrayList<>();
        for (FakeUpstream.Received call : service.received("DELETE", "/api/me/data")) {
            if (IdentityTokensCheck.verify(call.headers().get("Authorization")).getSubject().equals(user.toString())) {
                mine.add(call);
            }
        }
        return mine;
    }

    private long accounts(UUID user) throws Exception {
        return count("select count(*) from auth.account where id = ?", user);
    }

    private long count(String sql, UUID id) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
