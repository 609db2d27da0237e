package dev.insight.chat.chat;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The chat flow against the packaged application (the JVM jar here, the native executable with -Pnative). */
@QuarkusIntegrationTest
class ChatResourceIT extends ChatResourceTest {
}
