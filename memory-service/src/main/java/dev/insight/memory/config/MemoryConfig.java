package dev.insight.memory.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Every limit and tunable of memory-service; environment overrides follow the usual Quarkus mapping (MEMORY_LIMITS_TITLE_CHARS, …). */
@ConfigMapping(prefix = "memory")
public interface MemoryConfig {

    Limits limits();

    Context context();

    Cache cache();

    interface Limits {
        /** Longest message content, in characters. */
        @WithDefault("100000")
        int messageContentChars();

        /** Longest conversation title, in characters; at most the column's 200 (checked at start). */
        @WithDefault("200")
        @Min(1)
        @Max(200)
        int titleChars();

        /** Largest message metadata, in bytes of its JSON form. */
        @WithDefault("65536")
        int metadataBytes();

        /** Longest Idempotency-Key, batch position suffix included; at most the column's 200 (checked at start). */
        @WithDefault("200")
        @Min(8)
        @Max(200)
        int idempotencyKeyChars();

        /** Most messages one batch append may hold. */
        @WithDefault("20")
        int batchMessages();

        /**
         * How often an append is tried while concurrent appends to the same conversation keep taking the seq it read
         * (each try waits for the winner to commit); after that, 503 with Retry-After.
         */
        @WithDefault("100")
        @Min(1)
        int appendAttempts();

        @WithDefault("500")
        int searchQueryChars();

        @WithDefault("50")
        int defaultPageSize();

        @WithDefault("200")
        int maxPageSize();
    }

    interface Context {
        /** Budget used when the caller does not give maxTokens. */
        @WithDefault("4000")
        int defaultMaxTokens();

        @WithDefault("16")
        int minMaxTokens();

        @WithDefault("1000000")
        int maxMaxTokens();

        /** Tokens a chat API spends per message on role and separators, on top of its content. */
        @WithDefault("4")
        int perMessageOverhead();

        /** Upper bound for the summary of left-out messages; it also never takes more than a quarter of the budget. */
        @WithDefault("400")
        int summaryMaxTokens();

        /** How many of the newest left-out messages the summary reads (older ones are only counted). */
        @WithDefault("1000")
        int summaryInputMessages();

        /**
         * How much text of those messages the summary reads at most, newest first (characters, each message counted
         * up to summary-message-chars): the digest's work and memory stay bounded however long the messages are.
         */
        @WithDefault("100000")
        int summaryInputChars();

        /** How much of one left-out message the summary reads (its start). */
        @WithDefault("10000")
        int summaryMessageChars();
    }

    interface Cache {
        @WithDefault("10M")
        Duration contextTtl();

        /** Redis is an accelerator: past this, a cache call counts as a miss. */
        @WithDefault("300ms")
        Duration timeout();
    }
}
