package dev.insight.chat.testing;

import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The real services chat talks to, as child processes: memory-service and file-service from their packaged
 * runner jars (built earlier in the same reactor), and S3Proxy for file-service. They use the test database,
 * Redis and the tests' JWT key, listen on free ports, log to target/backends/ and are killed in stop().
 */
public class Backends implements QuarkusTestResourceLifecycleManager {

    private static final String DB_URL = System.getenv().getOrDefault("TEST_DB_URL", "postgresql://127.0.0.1:5432/insight_test");
    private static final String REDIS_URL = System.getenv().getOrDefault("TEST_REDIS_URL", "redis://127.0.0.1:6379");
    private static final String S3_KEY = "chat-test-access";
    private static final String S3_SECRET = "chat-test-secret-key";

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static String memoryUrl;
    private static String filesUrl;
    private static boolean hooked;

    @Override
    public synchronized Map<String, String> start() {
        if (!hooked) {
            // never leave a child behind, even when the test JVM dies early
            Runtime.getRuntime().addShutdownHook(new Thread(Backends::killAll));
            hooked = true;
        }
        String publicKey = TestKeys.publicKeyFile();
        try {
            Path logs = Files.createDirectories(Path.of("target", "backends"));
            int s3Port = freePort();
            int memoryPort = freePort();
            int filesPort = freePort();
            memoryUrl = "http://127.0.0.1:" + memoryPort;
            filesUrl = "http://127.0.0.1:" + filesPort;
            String s3Url = "http://127.0.0.1:" + s3Port;

            Properties s3 = new Properties();
            s3.setProperty("s3proxy.endpoint", s3Url);
            s3.setProperty("s3proxy.authorization", "aws-v2-or-v4");
            s3.setProperty("s3proxy.identity", S3_KEY);
            s3.setProperty("s3proxy.credential", S3_SECRET);
            s3.setProperty("jclouds.provider", "transient-nio2");
            s3.setProperty("jclouds.identity", S3_KEY);
            s3.setProperty("jclouds.credential", S3_SECRET);
            Path s3Properties = logs.resolve("s3proxy.properties");
            try (var out = Files.newOutputStream(s3Properties)) {
                s3.store(out, "chat tests' S3 server");
            }
            launch("s3proxy", jar("s3proxy.jar", "target/s3proxy/s3proxy.jar"), Map.of(),
                    List.of("--properties", s3Properties.toString()), "-Xmx160m");

            Map<String, String> common = new HashMap<>();
            common.put("quarkus.datasource.reactive.url", DB_URL);
            common.put("quarkus.datasource.jdbc.url", "jdbc:" + DB_URL);
            common.put("quarkus.datasource.username", "insight");
            common.put("quarkus.datasource.password", "insight");
            common.put("quarkus.redis.hosts", REDIS_URL);
            common.put("mp.jwt.verify.publickey.location", publicKey);
            common.put("quarkus.log.console.level", "INFO");

            Map<String, String> memory = new HashMap<>(common);
            memory.put("quarkus.http.port", Integer.toString(memoryPort));
            launch("memory-service", jar("memory.jar", "../memory-service/target/quarkus-app/quarkus-run.jar"), memory,
                    List.of(), "-Xmx256m");

            waitReady("s3proxy", s3Url + "/", false);
            Map<String, String> files = new HashMap<>(common);
            files.put("quarkus.http.port", Integer.toString(filesPort));
            files.put("quarkus.s3.endpoint-override", s3Url);
            files.put("quarkus.s3.aws.region", "us-east-1");
            files.put("quarkus.s3.aws.credentials.static-provider.access-key-id", S3_KEY);
            files.put("quarkus.s3.aws.credentials.static-provider.secret-access-key", S3_SECRET);
            files.put("files.storage.bucket", "chat-test-" + UUID.randomUUID().toString().substring(0, 8));
            files.put("files.storage.work-directory", logs.resolve("file-service-work").toAbsolutePath().toString());
            files.put("files.processing.poll-interval", "200ms");
            launch("file-service", jar("files.jar", "../file-service/target/quarkus-app/quarkus-run.jar"), files,
                    List.of(), "-Xmx384m");

            waitReady("memory-service", memoryUrl + "/q/health/ready", true);
            waitReady("file-service", filesUrl + "/q/health/ready", true);
        } catch (IOException e) {
            killAll();
            throw new IllegalStateException("cannot start the services chat calls", e);
        } catch (RuntimeException e) {
            killAll();
            throw e;
        }
        return Map.of(
                "mp.jwt.verify.publickey.location", publicKey,
                "quarkus.rest-client.memory.url", memoryUrl,
                "quarkus.rest-client.files.url", filesUrl);
    }

    @Override
    public void stop() {
        killAll();
    }

    public static String memoryUrl() {
        return memoryUrl;
    }

    public static String filesUrl() {
        return filesUrl;
    }

    private static String jar(String property, String fallback) {
        String path = System.getProperty(property, fallback);
        if (!Files.exists(Path.of(path))) {
            throw new IllegalStateException(path + " is missing: build it first (mvn package -pl support,memory-service,"
                    + "file-service -DskipTests, or run the whole reactor)");
        }
        return path;
    }

    private static synchronized void launch(String name, String jar, Map<String, String> properties, List<String> args,
            String heap) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(heap);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar);
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", "backends", name + ".log").toFile()).start();
        PROCESSES.add(p);
    }

    private static void waitReady(String name, String url, boolean needs200) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (Process p : PROCESSES) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a backend exited early; see target/backends/" + name + ".log");
                }
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                c.setConnectTimeout(300);
                c.setReadTimeout(2000);
                int code = c.getResponseCode();
                c.disconnect();
                if (!needs200 || code == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException(name + " was not ready in 90 s; see target/backends/" + name + ".log");
    }

    private static synchronized void killAll() {
        for (Process p : PROCESSES) {
            p.destroy();
        }
        for (Process p : PROCESSES) {
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PROCESSES.clear();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
