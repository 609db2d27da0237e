package dev.insight.chat.provider;

import io.smallrye.mutiny.Multi;

/** An assistant that answers questions: the built-in analyst or an OpenAI-compatible model. */
public interface AnswerProvider {

    /** {@code builtin} or {@code openai}, as the API reports it. */
    String name();

    String model();

    /** Changes whenever the way answers are produced changes, so that older cached answers stop matching. */
    String promptVersion();

    /** Whether the conversation's earlier messages shape the answer (and so belong in the cache key). */
    boolean usesContext();

    /** Text deltas as they are produced, then exactly one {@link ProviderEvent.Completed}. */
    Multi<ProviderEvent> answer(AnswerRequest request);
}
