package dev.insight.chat.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * A scripted OpenAI-compatible peer (WireMock on a free port) and the configuration that points chat at it with
 * provider {@code openai}. Tests script its answers per question and read back every request chat sent.
 */
public class FakeOpenAi implements QuarkusTestResourceLifecycleManager {

    public static final String MODEL = "test-model";
    public static final String KEY = "test-key";
    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1")
                .containerThreads(20).jettyAcceptors(1));
        server.start();
        Map<String, String> config = new HashMap<>();
        config.put("chat.provider", "openai");
        config.put("chat.openai.base-url", "http://127.0.0.1:" + server.port() + "/v1");
        config.put("chat.openai.api-key", KEY);
        config.put("chat.openai.model", MODEL);
        config.put("chat.openai.idle-timeout", "1s");
        config.put("chat.limits.answer-timeout", "4s");
        config.put("chat.openai.retry-backoff", "20ms");
        config.put("chat.openai.max-tool-rounds", "3");
        config.put("chat.openai.breaker-failures", "50");
        config.put("chat.builtin.delta-chars", "8");
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    public static WireMockServer server() {
        return server;
    }
}
