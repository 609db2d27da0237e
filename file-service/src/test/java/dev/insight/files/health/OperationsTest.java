package dev.insight.files.health;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import dev.insight.files.testing.Api;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class OperationsTest {

    @Inject
    AgroalDataSource database;

    @Test
    void probesAnswer() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/started").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("s3", "redis-cache"))
                .body("checks.find { it.name == 'redis-cache' }.data.redis", equalTo("up"));
    }

    @Test
    void metricsAndOpenApiAreServed() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("http_server_requests"));
        given().header("Accept", "application/json").get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/files/{id}/query"))
                .body("paths", hasKey("/api/files/{id}/summary"));
    }

    /** S3 stopped mid-test: readiness goes down, uploads answer 503 and leave no row; back when S3 is. */
    @Test
    void withoutS3UploadsAre503AndLeaveNoRow() throws Exception {
        Api alice = Api.newUser();
        S3Server.halt();
        try {
            given().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 's3' }.status", equalTo("DOWN"));
            given().get("/q/health/live").then().statusCode(200);
            alice.upload("during-outage.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", "5")
                    .body("status", equalTo(503));
            assertThat(rows(alice.user())).isZero();
            alice.request().get("/api/files").then().statusCode(200).body("items", org.hamcrest.Matchers.hasSize(0));
        } finally {
            S3Server.restart();
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        alice.upload("after-outage.csv", "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8)).then().statusCode(201)
                .body("status", startsWith("UPLOADED"));
    }

    private long rows(UUID owner) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("select count(*) from files.file where owner_id = ?")) {
            s.setObject(1, owner);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
