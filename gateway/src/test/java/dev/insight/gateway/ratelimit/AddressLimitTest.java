package dev.insight.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.gateway.testing.Users;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One address cannot spend everyone's logins: logins and registrations together are limited per client address,
 * whatever the usernames (6 per minute here), before any password is hashed.
 */
@QuarkusTest
@TestProfile(AddressLimitTest.SmallAddressBudget.class)
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class AddressLimitTest {

    public static class SmallAddressBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // 40 logins at once on a cold JVM sharing two cores can keep Redis past the default one-second store
            // timeout (a 503, seen once in CI); this test is about the budget, the timeout has its own tests
            return Map.of("gateway.rate-limit.address-auth-requests", "6", "gateway.session.store-timeout", "10S");
        }
    }

    @Test
    void manyNamesFromOneAddressAreRefusedWith429BeforeTheHashingPoolFills() throws Exception {
        String address = randomAddress();
        int attempts = 40;
        List<Response> responses = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(attempts);
        try {
            List<Future<Response>> pending = new ArrayList<>();
            for (int i = 0; i < attempts; i++) {
                String name = Users.uniqueName("spray");
                pending.add(pool.submit(() -> login(name, address)));
            }
            for (Future<Response> f : pending) {
                responses.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<Integer, Long> byStatus = responses.stream().collect(Collectors.groupingBy(Response::statusCode, Collectors.counting()));
        assertThat(byStatus).as("statuses").containsOnlyKeys(401, 429).containsEntry(401, 6L).containsEntry(429, 34L);
        Response refused = responses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        refused.then().contentType("application/problem+json")
                .body("status", equalTo(429))
                .body("detail", containsString("logins and registrations from your address"))
                .header("RateLimit-Limit", "6")
                .header("RateLimit-Remaining", "0")
                .header("RateLimit-Policy", "6;w=60");
        long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(refused.getHeader("RateLimit-Reset")).isEqualTo(refused.getHeader("Retry-After"));

        // registration shares the budget
        Users.viaProxy().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("username", Users.uniqueName("late"), "password", Users.PASSWORD)).post("/api/auth/register")
                .then().statusCode(429).contentType("application/problem+json").header("Retry-After", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void registrationsCountAndSayWhatIsLeft() {
        String address = randomAddress();
        for (int i = 1; i <= 6; i++) {
            Users.viaProxy().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                    .body(Map.of("username", Users.uniqueName("reg"), "password", Users.PASSWORD)).post("/api/auth/register")
                    .then().statusCode(201)
                    .header("RateLimit-Limit", "6")
                    .header("RateLimit-Remaining", Integer.toString(6 - i));
        }
        String name = Users.uniqueName("blocked");
        Users.viaProxy().header("X-Forwarded-For", address).contentType(ContentType.JSON)
                .body(Map.of("username", name, "password", Users.PASSWORD)).post("/api/auth/register")
                .then().statusCode(429);
        login(name, address).then().statusCode(429);
        // another address has its own budget
        login(name, randomAddress()).then().statusCode(401).header("RateLimit-Remaining", "5");
    }

    private static Response login(String username, String clientAddress) {
        return Users.viaProxy().header("X-Forwarded-For", clientAddress).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "wrong password")).post("/api/auth/login");
    }

    private static String randomAddress() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "100." + (64 + random.nextInt(64)) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }
}
