package dev.insight.memory.message;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A message as the API shows it. */
public record MessageView(UUID id, UUID conversationId, long seq, String role, String content,
        Map<String, Object> metadata, Instant createdAt) {

    public static MessageView of(Message m) {
        return new MessageView(m.id, m.conversationId, m.seq, m.role, m.content, m.metadata, m.createdAt);
    }
}
