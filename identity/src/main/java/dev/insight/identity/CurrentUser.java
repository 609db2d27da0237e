package dev.insight.identity;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The caller, as the gateway vouched for them: the JWT's subject is the user's UUID. */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken jwt;

    public CurrentUser(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public UUID id() {
        String sub = jwt.getSubject();
        if (sub == null) {
            throw new AuthenticationFailedException("token has no subject");
        }
        try {
            return UUID.fromString(sub);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationFailedException("token subject is not a user id");
        }
    }

    /** The token itself, for calls made on the caller's behalf (chat-service to memory and files). */
    public String rawToken() {
        return jwt.getRawToken();
    }
}
