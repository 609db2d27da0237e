package dev.insight.memory.message;

import java.util.Map;

/** Body of POST /api/conversations/{id}/messages. */
public record NewMessage(String role, String content, Map<String, Object> metadata) {
}
