package dev.insight.chat.provider;

import dev.insight.chat.memory.MemoryRecords;
import io.smallrye.mutiny.Multi;

/** An assistant that answers questions: the built-in analyst or an OpenAI-compatible model. */
public interface AnswerProvider {

    /** {@code builtin} or {@code openai}, as the API reports it. */
    String name();

    String model();

    /** Changes whenever the way answers are produced changes, so that older cached answers stop matching. */
    String promptVersion();

    /**
     * Whether the conversation's earlier messages shape the answer to this question (then they are read, and what
     * of them the answer depends on goes into the cache key).
     */
    boolean usesContext(String question);

    /** What of the conversation's earlier messages the answer depends on, as text for the cache key. */
    default String contextKey(MemoryRecords.ContextWindow context) {
        StringBuilder text = new StringBuilder(String.valueOf(context.summary())).append('\n');
        if (context.messages() != null) {
            for (MemoryRecords.Message m : context.messages()) {
                text.append(m.role()).append(':').append(m.content().length()).append(':').append(m.content()).append('\n');
            }
        }
        return text.toString();
    }

    /** Text deltas as they are produced, then exactly one {@link ProviderEvent.Completed}. */
    Multi<ProviderEvent> answer(AnswerRequest request);
}
