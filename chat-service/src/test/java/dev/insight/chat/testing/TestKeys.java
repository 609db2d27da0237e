package dev.insight.chat.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The tests' own RS256 key pair (the gateway's stand-in); chat and the services it calls all trust its public half. */
public final class TestKeys {

    static final KeyPair GATEWAY = generate();
    static final KeyPair STRANGER = generate();

    private TestKeys() {
    }

    /** Writes the public key as PEM (once) and returns its absolute path. */
    public static synchronized String publicKeyFile() {
        try {
            Path dir = Files.createDirectories(Path.of("target", "test-keys"));
            Path pem = dir.resolve("jwt-public.pem");
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(GATEWAY.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return pem.toAbsolutePath().toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the test public key", e);
        }
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
