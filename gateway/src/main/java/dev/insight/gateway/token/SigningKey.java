package dev.insight.gateway.token;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the RS256 signing key from a PEM file (PKCS#8, as `openssl genpkey` writes it). */
final class SigningKey {

    private SigningKey() {
    }

    static PrivateKey read(String location) {
        Path path = Path.of(location);
        String pem;
        try {
            pem = Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the JWT signing key " + path.toAbsolutePath()
                    + " (JWT_PRIVATE_KEY): " + e.getMessage(), e);
        }
        if (pem.contains("BEGIN RSA PRIVATE KEY")) {
            throw new IllegalStateException("the JWT signing key " + path + " is PKCS#1; convert it with "
                    + "`openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem`");
        }
        int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("the JWT signing key " + path + " is not a PEM 'PRIVATE KEY' (PKCS#8)");
        }
        String base64 = pem.substring(begin + "-----BEGIN PRIVATE KEY-----".length(), end).replaceAll("\\s", "");
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            if (key instanceof RSAPrivateCrtKey rsa && rsa.getModulus().bitLength() < 2048) {
                throw new IllegalStateException("the JWT signing key " + path + " has fewer than 2048 bits");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("the JWT signing key " + path + " is not an RSA private key: " + e.getMessage(), e);
        }
    }
}
