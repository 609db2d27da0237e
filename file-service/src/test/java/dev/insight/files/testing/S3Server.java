package dev.insight.files.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A real S3-compatible server for the tests: S3Proxy (in-memory backend) as a child JVM on a free port, started
 * from the jar Maven copied into target/ (never on the test classpath). Tests may stop and restart it to see the
 * service without S3.
 */
public class S3Server implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";
    private static final Object LOCK = new Object();
    private static Process process;
    private static int port;
    private static Path properties;
    private static boolean hooked;

    @Override
    public Map<String, String> start() {
        synchronized (LOCK) {
            try {
                port = freePort();
                Path dir = Files.createDirectories(Path.of("target", "s3proxy"));
                properties = dir.resolve("s3proxy-" + port + ".properties");
                Properties p = new Properties();
                p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
                p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
                p.setProperty("s3proxy.identity", ACCESS_KEY);
                p.setProperty("s3proxy.credential", SECRET_KEY);
                p.setProperty("jclouds.provider", "transient-nio2");
                p.setProperty("jclouds.identity", ACCESS_KEY);
                p.setProperty("jclouds.credential", SECRET_KEY);
                try (var out = Files.newOutputStream(properties)) {
                    p.store(out, "tests' S3 server");
                }
                launch();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start S3Proxy", e);
            }
            return Map.of(
                    "quarkus.s3.endpoint-override", endpoint(),
                    "quarkus.s3.aws.credentials.static-provider.access-key-id", ACCESS_KEY,
                    "quarkus.s3.aws.credentials.static-provider.secret-access-key", SECRET_KEY,
                    "quarkus.s3.aws.region", "us-east-1",
                    "files.storage.bucket", "files-test-" + UUID.randomUUID().toString().substring(0, 8));
        }
    }

    @Override
    public void stop() {
        halt();
    }

    public static String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Stops the server (its in-memory objects are lost). */
    public static void halt() {
        synchronized (LOCK) {
            if (process != null) {
                process.destroy();
                try {
                    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                process = null;
            }
        }
    }

    /** Starts it again on the same port, empty. */
    public static void restart() {
        synchronized (LOCK) {
            halt();
            try {
                launch();
            } catch (IOException e) {
                throw new IllegalStateException("cannot restart S3Proxy", e);
            }
        }
    }

    private static void launch() throws IOException {
        String jar = System.getProperty("s3proxy.jar", "target/s3proxy/s3proxy.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy jar missing at " + jar + " (mvn process-test-resources copies it)");
        }
        if (!hooked) {
            // never leave the child behind, even when the test JVM dies early
            Runtime.getRuntime().addShutdownHook(new Thread(S3Server::halt));
            hooked = true;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        process = new ProcessBuilder(java, "-Xmx192m", "-XX:+UseSerialGC", "-jar", jar, "--properties", properties.toString())
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "s3proxy", "s3proxy.log").toFile())
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue() + "; see target/s3proxy/s3proxy.log");
            }
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/").toURL().openConnection();
                c.setConnectTimeout(200);
                c.setReadTimeout(500);
                c.getResponseCode();
                c.disconnect();
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        throw new IllegalStateException("S3Proxy did not start in 30 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
