package dev.insight.files.processing;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * Malformed and hostile files against the packaged application (the JVM jar here, the native executable with
 * -Pnative): the streaming XLSX reader and DuckDB's readers fail them cleanly there too.
 */
@QuarkusIntegrationTest
class HostileFilesIT extends HostileFilesTest {
}
