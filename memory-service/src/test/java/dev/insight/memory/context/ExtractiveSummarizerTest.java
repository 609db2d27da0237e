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
        for (int budget : new int[] { 13, 20, 40, 80, 400 }) {
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
    void aLongSentenceIsCutBetweenCharactersNeverInsideOne() {
        // the cut falls where an emoji (a surrogate pair) sits: half of it would be stored as '?' by PostgreSQL
        String text = "a".repeat(279) + "\uD83D\uDE00 and then some more words to make it long";
        String summary = summarizer.summarize(List.of(new ExtractiveSummarizer.Source(1, "user", text)), 1, 400);
        assertThat(summary).contains("a".repeat(279) + "\uD83D\uDE00…");
        for (int i = 0; i < summary.length(); i++) {
            char c = summary.charAt(i);
            if (Character.isHighSurrogate(c)) {
                assertThat(i + 1 < summary.length() && Character.isLowSurrogate(summary.charAt(i + 1))).as("pair at " + i).isTrue();
                i++;
            } else {
                assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at " + i).isFalse();
            }
        }
    }

    @Test
    void aBestSentenceWhoseFirstWordIsTooLongGivesWayToTheNext() {
        String token = "https://example.com/" + "x".repeat(400);
        List<ExtractiveSummarizer.Source> history = List.of(
                new ExtractiveSummarizer.Source(1, "user", token + " revenue region revenue region March."),
                new ExtractiveSummarizer.Source(2, "assistant", "Revenue by region in March grew in the north region."));
        for (int budget : new int[] { 14, 20 }) {
            String summary = summarizer.summarize(history, 2, budget);
            assertThat(summary).as("budget " + budget).contains("Revenue").doesNotContain("x".repeat(50));
            assertThat(tokens.count(summary)).isLessThanOrEqualTo(budget);
        }
    }

    @Test
    void isDeterministic() {
        assertThat(summarizer.summarize(history(), 4, 30)).isEqualTo(summarizer.summarize(history(), 4, 30));
    }

    @Test
    void saysSomethingOfTheMessagesEvenWhenNoWholeSentenceFits() {
        // room for the heading and part of a sentence: the best one, cut after a word
        String cut = summarizer.summarize(history(), 4, 13);
        assertThat(cut).startsWith("Summary of 4 earlier messages:\n- user: ").endsWith("…");
        assertThat(tokens.count(cut)).isLessThanOrEqualTo(13);
        // not even that: the start of the best sentence alone, never the heading over nothing
        for (int budget : new int[] { 5, 7, 8 }) {
            String alone = summarizer.summarize(history(), 20, budget);
            assertThat(alone).as("budget " + budget).startsWith("- user: ").endsWith("…");
            assertThat(tokens.count(alone)).isLessThanOrEqualTo(budget);
            assertThat(alone.substring("- user: ".length(), alone.length() - 1)).isNotBlank();
        }
        // the heading alone only when nothing is long enough to quote
        assertThat(summarizer.summarize(List.of(new ExtractiveSummarizer.Source(1, "user", "ok")), 1, 40))
                .isEqualTo("Summary of 1 earlier message:");
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
