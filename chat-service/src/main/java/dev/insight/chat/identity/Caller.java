package dev.insight.chat.identity;

import java.util.UUID;

/**
 * Who is asking, captured once at the edge: the user's id and the bearer token that is passed on to
 * memory-service and file-service. Carried explicitly rather than read from the request scope, because the
 * work it drives may outlive the request that started it (a single-flight computation, a tool loop).
 */
public record Caller(UUID id, String bearer, String requestId) {

    public String authorization() {
        return "Bearer " + bearer;
    }

    @Override
    public String toString() {
        return "Caller[" + id + "]";
    }
}
