package dev.insight.memory.context;

import java.util.UUID;

/**
 * Redis keys of cached context windows. A key names the conversation's newest seq, so an append makes
 * every older entry unreachable at once: no invalidation race, and nothing stale even if Redis was
 * unreachable when the append happened.
 */
public final class ContextCacheKeys {

    private static final String PREFIX = "mem:ctx:";

    private ContextCacheKeys() {
    }

    public static String window(UUID owner, UUID conversation, long lastSeq, int maxTokens) {
        return PREFIX + owner + ":" + conversation + ":" + lastSeq + ":" + maxTokens;
    }

    public static String conversationPattern(UUID owner, UUID conversation) {
        return PREFIX + owner + ":" + conversation + ":*";
    }

    public static String ownerPattern(UUID owner) {
        return PREFIX + owner + ":*";
    }
}
