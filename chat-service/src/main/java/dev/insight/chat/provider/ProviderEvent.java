package dev.insight.chat.provider;

/** What a provider emits while answering: pieces of text as they are produced, then the whole answer once. */
public sealed interface ProviderEvent {

    record Delta(String text) implements ProviderEvent {
    }

    record Completed(Answer answer) implements ProviderEvent {
    }
}
