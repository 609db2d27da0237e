package dev.insight.chat.provider;

import dev.insight.chat.files.FileRecords;
import dev.insight.chat.identity.Caller;
import dev.insight.chat.memory.MemoryRecords;
import java.util.List;

/**
 * Everything a provider may use to answer: who asks, what, about which files, after which conversation, and
 * whether the caller reads a stream (a provider may then stream from its own upstream).
 */
public record AnswerRequest(Caller caller, String question, List<FileRecords.FileInfo> files,
        MemoryRecords.ContextWindow context, boolean streaming) {
}
