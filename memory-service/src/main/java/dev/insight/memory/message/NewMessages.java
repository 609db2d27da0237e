package dev.insight.memory.message;

import java.util.List;

/** Body of POST /api/conversations/{id}/messages/batch: messages appended together, in this order. */
public record NewMessages(List<NewMessage> messages) {
}
