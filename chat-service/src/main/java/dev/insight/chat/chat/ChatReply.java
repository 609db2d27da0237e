package dev.insight.chat.chat;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.insight.chat.provider.Answer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/** The answer to POST /api/chat; {@code messageId} is the assistant message stored in memory-service. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChatReply(UUID conversationId, UUID messageId, String answer, Answer.Table table, String sql,
        boolean cached, String provider, String model) {

    /** The stream's closing {@code done} event: the same fields without the answer, which came as deltas. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Done(UUID conversationId, UUID messageId, Answer.Table table, String sql, boolean cached,
            String provider, String model) {
    }

    public Done done() {
        return new Done(conversationId, messageId, table, sql, cached, provider, model);
    }
}
