package dev.insight.memory.search;

import java.util.UUID;

/**
 * One matching message. The snippet is HTML-safe: the message text is escaped and the matched words are
 * wrapped in {@code <mark>}…{@code </mark>}.
 */
public record SearchHit(UUID conversationId, String conversationTitle, UUID messageId, long seq, String role,
        String snippet, float rank) {
}
