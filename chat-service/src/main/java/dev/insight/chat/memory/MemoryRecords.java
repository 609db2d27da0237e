package dev.insight.chat.memory;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The shapes memory-service speaks (only the fields chat reads; the rest is ignored). */
public final class MemoryRecords {

    private MemoryRecords() {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewConversation(String title) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Conversation(UUID id, String title, Instant createdAt, Instant updatedAt, int messageCount) {
    }

    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NewMessage(String role, String content, Map<String, Object> metadata) {
    }

    @RegisterForReflection
    public record NewMessages(List<NewMessage> messages) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(UUID id, UUID conversationId, long seq, String role, String content,
            Map<String, Object> metadata, Instant createdAt) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record MessagePage(List<Message> items, String nextCursor) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ContextWindow(UUID conversationId, String summary, List<Message> messages) {
        public static ContextWindow empty(UUID conversationId) {
            return new ContextWindow(conversationId, null, List.of());
        }
    }
}
