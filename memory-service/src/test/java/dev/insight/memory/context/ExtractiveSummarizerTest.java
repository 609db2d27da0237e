package dev.insight.memory.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtractiveSummarizerTest {

    private final TokenCounter tokens = new TokenCounter();
    private final ExtractiveSummarizer summarizer = new ExtractiveSummarizer(tokens);

    private static List<ExtractiveSummarizer.Source> history() {
        List<ExtractiveSummarizer.Source> out = new ArrayList<>();
        out.add(new ExtractiveSummarizer.Source(1, "user", "What was revenue by region in March? I need it for the board."));
        out.add(new ExtractiveSummarizer.Source(2, "assistant", "Revenue by region in March: North 120, South 80. The weather was nice."));
        out.add(new ExtractiveSummarizer.Source(3, "user", "Which region had the most returns? Also, hello."));
        out.add(new ExtractiveSummarizer.Source(4, "assistant", "North had the most returns in March. Lunch is at noon."));
        return out;
    }

    @Test
    void staysWithinTheBudgetAndKeepsTheRecurringTopics() {
        for (int budget : new int[] { 12, 20, 40, 80, 400 }) {
            String summary = summarizer.summarize(history(), 4, budget);
            assertThat(summary).startsWith("Summary of 4 earlier messages:");
            assertThat(tokens.count(summary)).isLessThanOrEqualTo(budget);
        }
        String small = summarizer.summarize(history(), 4, 40);
        assertThat(small).contains("region").doesNotContain("Lunch");
        String large = summarizer.summarize(history(), 4, 400);
        assertThat(large.lines().skip(1)).allMatch(l -> l.startsWith("- user: ") || l.startsWith("- assistant: "));
        assertThat(large).contains("Lunch is at noon.");
    }

    @Test
    void keepsTheOriginalOrder() {
        String summary = summarizer.summarize(history(), 4, 400);
        List<String> lines = summary.lines().skip(1).toList();
        assertThat(lines.get(0)).contains("What was revenue by region in March?");
        assertThat(lines.get(lines.size() - 1)).contains("Lunch is at noon.");
    }

    @Test
    void isDeterministic() {
        assertThat(summarizer.summarize(history(), 4, 30)).isEqualTo(summarizer.summarize(history(), 4, 30));
    }

    @Test
    void returnsNullWhenNotEvenTheHeadingFits() {
        assertThat(summarizer.summarize(history(), 4, 3)).isNull();
    }

    @Test
    void shortensRunOnSentences() {
        String wall = "word ".repeat(400);
        String summary = summarizer.summarize(List.of(new ExtractiveSummarizer.Source(1, "user", wall)), 1, 400);
        assertThat(summary.lines().skip(1).findFirst().orElseThrow()).endsWith("…").hasSizeLessThan(300);
    }
}
