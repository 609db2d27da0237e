package dev.insight.gateway.testing;

import static io.restassured.RestAssured.given;

import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** People of the tests: registered and logged in through the real endpoints. */
public final class Users {

    public static final String PASSWORD = "correct horse battery";

    private Users() {
    }

    /** A logged-in person, with everything a client keeps after login. */
    public record Login(UUID id, String username, String token, String csrf) {

        public RequestSpecification bearer() {
            return given().header("Authorization", "Bearer " + token);
        }

        public RequestSpecification cookie() {
            return given().cookie("insight_session", token);
        }

        /** Cookie plus the CSRF header, as the console sends state-changing requests. */
        public RequestSpecification browser() {
            return cookie().header("X-CSRF-Token", csrf);
        }
    }

    /**
     * A request sent from 127.0.0.2, the tests' trusted reverse proxy (%test.quarkus.http.proxy.trusted-proxies),
     * so its X-Forwarded-* headers are believed; every other test request comes from 127.0.0.1, whose are not.
     */
    public static RequestSpecification viaProxy() {
        InetAddress proxy;
        try {
            proxy = InetAddress.getByAddress(new byte[] { 127, 0, 0, 2 });
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        // Apache HttpClient 4's "http.route.local-address" (ConnRoutePNames.LOCAL_ADDRESS): the socket's source address
        return given().config(RestAssured.config().httpClient(
                HttpClientConfig.httpClientConfig().setParam("http.route.local-address", proxy)));
    }

    public static String uniqueName(String prefix) {
        return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    public static UUID register(String username, String password) {
        return UUID.fromString(given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/register").then().statusCode(201).extract().path("id"));
    }

    public static Response loginResponse(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/login");
    }

    public static Login login(String username, String password) {
        Response response = loginResponse(username, password);
        response.then().statusCode(200);
        return new Login(UUID.fromString(response.path("user.id")), username, response.path("token"), response.path("csrfToken"));
    }

    public static Login newUser() {
        String name = uniqueName("user");
        register(name, PASSWORD);
        return login(name, PASSWORD);
    }
}
