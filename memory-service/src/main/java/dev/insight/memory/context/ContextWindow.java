package dev.insight.memory.context;

import dev.insight.memory.message.MessageView;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/**
 * What a model should see of a conversation within a token budget: the newest messages that fit, oldest
 * first, and a digest of the ones left out.
 */
@RegisterForReflection
public record ContextWindow(UUID conversationId, int maxTokens, int tokenCount, String summary,
        long summarizedMessages, List<MessageView> messages) {
}
