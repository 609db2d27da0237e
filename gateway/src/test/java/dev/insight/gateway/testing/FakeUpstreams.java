package dev.insight.gateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;

/** Starts the three fake services before the gateway and points the gateway at them. */
public class FakeUpstreams implements QuarkusTestResourceLifecycleManager {

    private static Vertx vertx;
    private static FakeUpstream memory;
    private static FakeUpstream files;
    private static FakeUpstream chat;

    @Override
    public synchronized Map<String, String> start() {
        if (vertx == null) {
            vertx = Vertx.vertx();
            memory = new FakeUpstream(vertx, "memory-service");
            files = new FakeUpstream(vertx, "file-service");
            chat = new FakeUpstream(vertx, "chat-service");
        }
        all().forEach(FakeUpstream::start);
        return Map.of(
                "gateway.upstreams.memory.url", memory.url(),
                "gateway.upstreams.files.url", files.url(),
                "gateway.upstreams.chat.url", chat.url());
    }

    @Override
    public void stop() {
        // kept running across restarts of the gateway (test profiles); the JVM's end stops them
    }

    public static FakeUpstream memory() {
        return memory;
    }

    public static FakeUpstream files() {
        return files;
    }

    public static FakeUpstream chat() {
        return chat;
    }

    public static List<FakeUpstream> all() {
        return List.of(memory, files, chat);
    }

    /** Back to normal behaviour, running, with empty records. */
    public static void resetAll() {
        all().forEach(FakeUpstream::reset);
    }
}
