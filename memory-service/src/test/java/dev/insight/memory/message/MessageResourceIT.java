package dev.insight.memory.message;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class MessageResourceIT extends MessageResourceTest {
}
