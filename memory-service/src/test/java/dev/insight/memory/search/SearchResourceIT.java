package dev.insight.memory.search;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class SearchResourceIT extends SearchResourceTest {
}
