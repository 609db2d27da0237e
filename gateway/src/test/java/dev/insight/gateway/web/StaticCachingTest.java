package dev.insight.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;

import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The console's files: the page is revalidated every time, fingerprinted assets and versioned web jars are cached for a year. */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class StaticCachingTest {

    @Test
    void thePageIsNeverCachedWithoutRevalidation() {
        Response page = given().get("/");
        page.then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("ETag", matchesPattern("\"[A-Za-z0-9_-]{27}\""))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("X-Content-Type-Options", "nosniff");
        String etag = page.getHeader("ETag");
        given().get("/index.html").then().statusCode(200).header("ETag", etag).header("Cache-Control", "no-cache");
        Response revalidated = given().header("If-None-Match", etag).get("/");
        revalidated.then().statusCode(304).header("ETag", etag).header("Cache-Control", "no-cache");
        assertThat(revalidated.asString()).isEmpty();
        given().header("If-None-Match", "\"something-else\"").get("/").then().statusCode(200);
    }

    @Test
    void theConsoleIsServedAndItsAssetsAreImmutable() {
        String page = given().get("/").then().statusCode(200).extract().asString();
        Matcher script = Pattern.compile("src=\"/?(app\\.[0-9a-f]{8,}\\.js)\"").matcher(page);
        assertThat(script.find()).as("the console's page loads its fingerprinted script: %s", page).isTrue();
        given().get("/" + script.group(1)).then().statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("ETag", matchesPattern("\"[A-Za-z0-9_-]{27}\""));
        // no inline script: the page works under the gateway's CSP (script-src 'self')
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>");
    }

    @Test
    void fingerprintedAssetsAreImmutable() {
        Response asset = given().get("/assets/probe.0123abcd.css");
        asset.then().statusCode(200)
                .contentType(containsString("text/css"))
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("ETag", matchesPattern("\"[A-Za-z0-9_-]{27}\""));
        given().header("If-None-Match", "W/" + asset.getHeader("ETag")).get("/assets/probe.0123abcd.css")
                .then().statusCode(304).header("Cache-Control", "public, max-age=31536000, immutable");
    }

    @Test
    void theChartLibraryIsServedAsAWebDependency() {
        Response versioned = given().get("/webjars/echarts/5.3.1/dist/echarts.min.js");
        versioned.then().statusCode(200)
                .contentType(containsString("javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("ETag", matchesPattern("\"[A-Za-z0-9_-]{27}\""));
        assertThat(versioned.asByteArray().length).isGreaterThan(500_000);
        assertThat(versioned.asString()).contains("echarts");
        // without the version the locator finds it; that URL may change meaning, so it is revalidated
        given().get("/webjars/echarts/dist/echarts.min.js").then().statusCode(200)
                .header("Cache-Control", "no-cache")
                .header("ETag", versioned.getHeader("ETag"));
    }

    @Test
    void missingFilesAre404() {
        given().get("/assets/missing.0123abcd.js").then().statusCode(404);
        given().get("/webjars/echarts/5.3.1/dist/nothing.js").then().statusCode(404);
    }
}
