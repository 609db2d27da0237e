package dev.insight.memory.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasSize;

import dev.insight.memory.testing.Api;
import dev.insight.identity.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
class MyDataResourceTest {

    @Inject
    AgroalDataSource database;

    @Inject
    RedisDataSource redis;

    @Test
    void forgetsEverythingOfTheCallerAndNothingOfOthers() throws Exception {
        Api alice = Api.newUser();
        Api bob = Api.newUser();
        String a1 = alice.createConversation("a1");
        String a2 = alice.createConversation("a2");
        for (int i = 0; i < 30; i++) {
            alice.append(a1, "user", "alice message about forgettable topic number " + i + ". More words here.");
        }
        alice.append(a2, "user", "another forgettable");
        alice.request().queryParam("maxTokens", 100).get("/api/conversations/" + a1 + "/context").then().statusCode(200);
        String b1 = bob.createConversation("b1");
        bob.append(b1, "user", "bob keeps forgettable things");
        assertThat(redis.key().keys("mem:ctx:" + alice.user() + ":*")).isNotEmpty();
        assertThat(count("select count(*) from memory.context_summary s join memory.conversation c "
                + "on c.id = s.conversation_id where c.owner_id = ?", alice.user())).isPositive();

        alice.request().delete("/api/me/data").then().statusCode(204);

        alice.request().get("/api/conversations").then().statusCode(200).body("items", hasSize(0));
        alice.request().get("/api/conversations/" + a1).then().statusCode(404);
        alice.request().queryParam("q", "forgettable").get("/api/search").then().body("items", hasSize(0));
        assertThat(count("select count(*) from memory.message where owner_id = ?", alice.user())).isZero();
        assertThat(count("select count(*) from memory.conversation where owner_id = ?", alice.user())).isZero();
        assertThat(redis.key().keys("mem:ctx:" + alice.user() + ":*")).isEmpty();

        bob.request().get("/api/conversations/" + b1).then().statusCode(200);
        bob.request().queryParam("q", "forgettable").get("/api/search").then().body("items", hasSize(1));

        // forgetting twice is fine
        alice.request().delete("/api/me/data").then().statusCode(204);
    }

    private long count(String sql, UUID owner) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, owner);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
