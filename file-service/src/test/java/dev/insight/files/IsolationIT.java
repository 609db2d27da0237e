package dev.insight.files;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The 401/404 matrix against the packaged application (the JVM jar here, the native executable with -Pnative). */
@QuarkusIntegrationTest
class IsolationIT extends IsolationTest {
}
