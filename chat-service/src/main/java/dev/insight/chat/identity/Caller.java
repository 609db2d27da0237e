package dev.insight.chat.identity;

import dev.insight.identity.CurrentUser;
import java.util.UUID;
import org.jboss.logging.MDC;

/**
 * Who is asking, captured once at the edge: the user's id and the bearer token that is passed on to
 * memory-service and file-service. Carried explicitly rather than read from the request scope, because the
 * work it drives may outlive the request that started it (a single-flight computation, a tool loop).
 */
public record Caller(UUID id, String bearer, String requestId) {

    /** The caller of the current request, with its request id for the calls made on its behalf. */
    public static Caller of(CurrentUser user) {
        Object requestId = MDC.get("requestId");
        return new Caller(user.id(), user.rawToken(), requestId == null ? null : requestId.toString());
    }

    public String authorization() {
        return "Bearer " + bearer;
    }

    @Override
    public String toString() {
        return "Caller[" + id + "]";
    }
}
