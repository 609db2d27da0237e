package dev.insight.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/** Every limit and tunable of chat-service; environment overrides follow the usual Quarkus mapping (CHAT_LIMITS_MESSAGE_CHARS, …). */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    /** Which assistant answers: {@code builtin} (offline analyst) or {@code openai} (any OpenAI-compatible API). */
    @WithDefault("builtin")
    String provider();

    Limits limits();

    Cache cache();

    Context context();

    Builtin builtin();

    OpenAi openai();

    interface Limits {
        /** Longest question, in characters (the same bound memory-service puts on a message). */
        @WithDefault("100000")
        int messageChars();

        /** Most files one question may use. */
        @WithDefault("10")
        int filesPerQuestion();

        /** Rows of the result table copied into the answer's metadata in memory-service. */
        @WithDefault("50")
        int storedTableRows();

        /** Longest cell text kept in that stored copy. */
        @WithDefault("200")
        int storedCellChars();

        /** Rows of a result table returned to the caller (file-service bounds the query itself). */
        @WithDefault("1000")
        int answerTableRows();

        /** How many of the newest messages are read to find the files a conversation used before. */
        @WithDefault("50")
        int historyScanMessages();

        /** How long a streamed question may take to resolve its conversation and files before it is refused. */
        @WithDefault("30s")
        Duration prepareTimeout();

        /**
         * Longest a question may take to be answered, counted from its arrival, every tool round included
         * (CHAT_LIMITS_ANSWER_TIMEOUT); past it the provider's run is stopped, the question is answered 504 and nothing
         * is stored or cached. Below the gateway's chat timeout (120 s), so that this problem reaches the client
         * rather than the gateway's, and well inside the three minutes of life an identity token has left when the
         * gateway forwards it, so that a finished answer can still be stored.
         */
        @WithDefault("110s")
        Duration answerTimeout();

        /** Longest title of a conversation started by a question (memory-service allows 200). */
        @WithDefault("80")
        int titleChars();

        /**
         * Questions this replica works on at once (CHAT_MAX_IN_FLIGHT); more are refused at once with a 503 and
         * Retry-After instead of queueing until everything is slow. 0 turns the limit off.
         */
        @WithDefault("64")
        int maxInFlight();
    }

    interface Cache {
        /** How long an answer stays cached (CHAT_CACHE_TTL). */
        @WithDefault("1H")
        Duration ttl();

        /** How long a file's metadata (its sha256) is reused without asking file-service; 0 turns it off. */
        @WithDefault("5s")
        Duration fileInfoTtl();

        /** Most file metadata entries kept in memory. */
        @WithDefault("10000")
        int fileInfoEntries();

        /** How long a computation holds the cross-replica single-flight lock at most. */
        @WithDefault("150s")
        Duration lockTtl();

        /** How often a waiter on another replica looks for the answer. */
        @WithDefault("50ms")
        Duration pollInterval();

        /** How long a waiter waits for another replica before computing the answer itself. */
        @WithDefault("120s")
        Duration maxWait();
    }

    interface Context {
        /** Token budget of the conversation history given to a model. */
        @WithDefault("3000")
        int maxTokens();
    }

    interface Builtin {
        /** Rows a grouped or listed answer asks for when the question gives no N. */
        @WithDefault("50")
        int defaultRows();

        /** Largest N a "top N" question may ask for. */
        @WithDefault("1000")
        int maxRows();

        /** Characters of text per delta event when an answer is replayed or produced at once. */
        @WithDefault("48")
        int deltaChars();
    }

    interface OpenAi {
        @WithName("base-url")
        @WithDefault("https://api.openai.com/v1")
        String baseUrl();

        @WithName("api-key")
        Optional<String> apiKey();

        @WithDefault("gpt-4o-mini")
        String model();

        /** Extra query parameter some deployments need (Azure OpenAI: api-version=2024-10-21). */
        Optional<String> queryParameters();

        /** Header carrying the key: Authorization (Bearer) for OpenAI and most servers, api-key for Azure. */
        @WithDefault("Authorization")
        String apiKeyHeader();

        @WithDefault("0")
        double temperature();

        @WithDefault("1024")
        int maxTokens();

        /** Most rounds of tool calls before the model must answer. */
        @WithDefault("6")
        int maxToolRounds();

        /** Rows of a run_sql result shown to the model. */
        @WithDefault("50")
        int toolResultRows();

        /** Characters of a tool result shown to the model. */
        @WithDefault("12000")
        int toolResultChars();

        @WithDefault("5s")
        Duration connectTimeout();

        /** Longest silence while waiting for the provider (first byte, or between streamed chunks). */
        @WithDefault("60s")
        Duration idleTimeout();

        /** Retries of a request the provider did not process (connect failure, 408, 429, 502, 503, 504). */
        @WithDefault("2")
        int maxRetries();

        @WithDefault("500ms")
        Duration retryBackoff();

        /** Longest Retry-After the service is willing to honour before giving up. */
        @WithDefault("5s")
        Duration maxRetryAfter();

        /** Consecutive failed calls that open the breaker. */
        @WithDefault("5")
        int breakerFailures();

        /** How long an open breaker refuses calls before trying again. */
        @WithDefault("30s")
        Duration breakerDelay();

        /** Ask for token usage in streams (stream_options.include_usage); off for servers that reject it. */
        @WithDefault("true")
        boolean streamUsage();
    }
}
