package dev.insight.chat.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What a provider produced for one question. {@code cacheable} is false for answers that must be recomputed next
 * time: declines, refusals, "upload a file first". {@code reading} is the question as the provider read it where
 * that differs from what was asked (a follow-up read as the question before it with one thing changed); it is kept
 * with the question, for the next follow-up to build on.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Answer(String text, Table table, String sql, Usage usage, boolean cacheable, String reading) {

    public Answer(String text, Table table, String sql, Usage usage, boolean cacheable) {
        this(text, table, sql, usage, cacheable, null);
    }

    @RegisterForReflection
    public record Column(String name, String type) {
    }

    /** A result table as the API shows it. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Table(List<Column> columns, List<List<Object>> rows, Boolean truncated) {
    }

    @RegisterForReflection
    public record Usage(int promptTokens, int completionTokens, int totalTokens) {
        public static final Usage NONE = new Usage(0, 0, 0);

        public Usage plus(Usage other) {
            return other == null ? this : new Usage(promptTokens + other.promptTokens,
                    completionTokens + other.completionTokens, totalTokens + other.totalTokens);
        }
    }
}
