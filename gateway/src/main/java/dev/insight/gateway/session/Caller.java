package dev.insight.gateway.session;

import java.util.UUID;

/** An authenticated request's caller: their session and how they presented it. */
public record Caller(Session session, boolean viaCookie) {

    public UUID userId() {
        return session.userId();
    }

    public String username() {
        return session.username();
    }
}
