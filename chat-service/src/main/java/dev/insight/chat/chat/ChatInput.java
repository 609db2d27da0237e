package dev.insight.chat.chat;

import java.util.List;

/**
 * Body of POST /api/chat and /api/chat/stream. Ids arrive as text so that a malformed one is a 400 naming the
 * field rather than a generic parse error.
 */
public record ChatInput(String conversationId, String message, List<String> fileIds) {
}
