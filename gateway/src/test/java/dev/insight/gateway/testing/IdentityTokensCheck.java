package dev.insight.gateway.testing;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

/** Verifies a forwarded JWT the way a service does: RS256 with the gateway's public key, issuer insight-gateway. */
public final class IdentityTokensCheck {

    private IdentityTokensCheck() {
    }

    public static JwtClaims verify(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            throw new AssertionError("no bearer token forwarded: " + authorizationHeader);
        }
        try {
            return new JwtConsumerBuilder()
                    .setRequireExpirationTime()
                    .setRequireIssuedAt()
                    .setRequireSubject()
                    .setExpectedIssuer("insight-gateway")
                    .setVerificationKey(TestKeys.publicKey())
                    .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, "RS256")
                    .setAllowedClockSkewInSeconds(5)
                    .build()
                    .processToClaims(authorizationHeader.substring(7));
        } catch (InvalidJwtException e) {
            throw new AssertionError("the forwarded JWT does not verify: " + e.getMessage(), e);
        }
    }
}
