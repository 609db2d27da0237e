package dev.insight.chat.chat;

/** What a chat run emits: text as it is produced, then the stored reply. */
public sealed interface ChatEvent {

    record Delta(String text) implements ChatEvent {
    }

    record Finished(ChatReply reply) implements ChatEvent {
    }
}
