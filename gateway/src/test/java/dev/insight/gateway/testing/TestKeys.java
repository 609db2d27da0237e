package dev.insight.gateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;

/** The tests' own RS256 key pair: the gateway signs with the private half, the tests verify with the public one. */
public class TestKeys implements QuarkusTestResourceLifecycleManager {

    static final KeyPair PAIR = generate();

    public static PublicKey publicKey() {
        return PAIR.getPublic();
    }

    @Override
    public Map<String, String> start() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-keys"));
            Path pem = dir.resolve("jwt-private.pem");
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(PAIR.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n");
            return Map.of("gateway.jwt.private-key", pem.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the test private key", e);
        }
    }

    @Override
    public void stop() {
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
