package dev.insight.memory.conversation;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class ConversationResourceIT extends ConversationResourceTest {
}
