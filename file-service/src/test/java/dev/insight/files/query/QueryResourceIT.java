package dev.insight.files.query;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Sandboxed SQL against the packaged application (the JVM jar here, the native executable with -Pnative): DuckDB's
 * native library has to load from the package, not from the build's class path.
 */
@QuarkusIntegrationTest
class QueryResourceIT extends QueryResourceTest {
}
