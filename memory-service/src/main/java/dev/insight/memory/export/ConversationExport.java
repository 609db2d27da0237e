package dev.insight.memory.export;

import dev.insight.memory.conversation.ConversationView;
import dev.insight.memory.message.MessageView;
import java.time.Instant;
import java.util.List;

/** The JSON export: the conversation and all its messages in seq order. */
public record ConversationExport(ConversationView conversation, Instant exportedAt, List<MessageView> messages) {
}
