package dev.insight.identity.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The tests' own RS256 key pair, standing in for the gateway's: a test resource that points the service under test
 * at its public half, and the PEM file itself for tests that start several services that must all trust it.
 * Shared by the services' tests through this module's test-jar.
 */
public class TestKeys implements QuarkusTestResourceLifecycleManager {

    static final KeyPair GATEWAY = generate();
    static final KeyPair STRANGER = generate();
    private static String publicKeyFile;

    @Override
    public Map<String, String> start() {
        return Map.of("mp.jwt.verify.publickey.location", publicKeyFile());
    }

    @Override
    public void stop() {
    }

    /** Writes the public key as PEM under target/ (once) and returns its absolute path. */
    public static synchronized String publicKeyFile() {
        if (publicKeyFile == null) {
            try {
                Path pem = Files.createDirectories(Path.of("target", "test-keys")).resolve("jwt-public.pem");
                Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(GATEWAY.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
                publicKeyFile = pem.toAbsolutePath().toString();
            } catch (IOException e) {
                throw new IllegalStateException("cannot write the test public key", e);
            }
        }
        return publicKeyFile;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
