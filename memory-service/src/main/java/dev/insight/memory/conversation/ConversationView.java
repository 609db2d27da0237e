package dev.insight.memory.conversation;

import java.time.Instant;
import java.util.UUID;

/** A conversation as the API shows it. */
public record ConversationView(UUID id, String title, Instant createdAt, Instant updatedAt, int messageCount) {

    public static ConversationView of(Conversation c) {
        return new ConversationView(c.id, c.title, c.createdAt, c.lastActivity(), Math.toIntExact(c.lastSeq));
    }
}
