package dev.insight.chat.identity;

import io.quarkus.security.AuthenticationFailedException;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

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

    /** The caller with the raw token, for the calls made on their behalf. */
    public Caller caller() {
        Object requestId = MDC.get("requestId");
        return new Caller(id(), jwt.getRawToken(), requestId == null ? null : requestId.toString());
    }
}
