package dev.insight.memory.context;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic extractive digest: sentences are scored by how often their words recur across the
 * left-out messages (Luhn-style), the best ones are kept within the token budget, and they are shown in
 * their original order. Same input, same budget, same summary — which is why it can be stored.
 */
public final class ExtractiveSummarizer {

    /** A left-out message, as the summarizer needs it. */
    public record Source(long seq, String role, String content) {
    }

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+|\\n+");
    private static final Pattern WORD = Pattern.compile("\\p{L}[\\p{L}\\p{N}_'-]*|\\p{N}+(?:[.,]\\p{N}+)*");
    private static final int MAX_SENTENCE_CHARS = 280;
    private static final Set<String> STOPWORDS = Set.of("the", "and", "for", "are", "but", "not", "you", "your",
            "all", "any", "can", "had", "her", "was", "one", "our", "out", "has", "have", "him", "his", "how", "its",
            "may", "new", "now", "see", "way", "who", "did", "does", "get", "got", "let", "say", "she", "too", "use",
            "that", "this", "with", "from", "they", "them", "then", "than", "there", "their", "what", "when", "which",
            "will", "would", "could", "should", "about", "into", "been", "were", "also", "just", "like", "some",
            "such", "only", "over", "very", "more", "most", "here", "each", "other", "these", "those", "where",
            "while", "being", "because", "please", "thanks", "thank");

    private final TokenCounter tokens;

    public ExtractiveSummarizer(TokenCounter tokens) {
        this.tokens = tokens;
    }

    private record Sentence(long seq, int index, String role, String text, double score) {
    }

    /**
     * The heading ("Summary of 20 earlier messages:") and the best sentences that fit whole. When none fits whole,
     * the best one that can be cut at a word, marked "…", under the heading if both fit, else alone (the context window's
     * summarizedMessages still gives the count): a heading over nothing would only say that something was left out.
     * The heading alone is the last resort, when not even one word of a sentence fits, or no sentence is long enough
     * to quote.
     *
     * @param sources   the left-out messages to read (the newest of them when there are many), in seq order
     * @param leftOut   how many messages were left out in all
     * @param budget    the most tokens the summary may take
     * @return the digest, or null when none of these forms fits the budget
     */
    public String summarize(List<Source> sources, long leftOut, int budget) {
        String heading = "Summary of " + leftOut + " earlier message" + (leftOut == 1 ? "" : "s") + ":";
        int used = tokens.count(heading);
        List<Sentence> sentences = score(split(sources));
        List<Sentence> ranked = new ArrayList<>(sentences);
        ranked.sort(Comparator.comparingDouble(Sentence::score).reversed()
                .thenComparingLong(Sentence::seq).thenComparingInt(Sentence::index));
        if (used > budget) {
            return firstCut(ranked, "", budget);
        }
        List<Sentence> chosen = new ArrayList<>();
        for (Sentence s : ranked) {
            int cost = tokens.count("\n" + line(s));
            if (used + cost <= budget) {
                chosen.add(s);
                used += cost;
            }
        }
        chosen.sort(Comparator.comparingLong(Sentence::seq).thenComparingInt(Sentence::index));
        StringBuilder out = new StringBuilder(heading);
        for (Sentence s : chosen) {
            out.append('\n').append(line(s));
        }
        // token counts of pieces can differ from the count of their concatenation; never exceed the budget
        while (!chosen.isEmpty() && tokens.count(out.toString()) > budget) {
            chosen.remove(chosen.size() - 1);
            out = new StringBuilder(heading);
            for (Sentence s : chosen) {
                out.append('\n').append(line(s));
            }
        }
        if (chosen.isEmpty() && !ranked.isEmpty()) {
            String under = firstCut(ranked, heading + "\n", budget);
            String alone = under != null ? under : firstCut(ranked, "", budget);
            return alone != null ? alone : heading;
        }
        return out.toString();
    }

    /**
     * The best-ranked sentence that can be cut to fit after the prefix: one whose first word alone is too long (a
     * URL, a pasted identifier) gives way to the next rather than leave only the heading.
     */
    private String firstCut(List<Sentence> ranked, String prefix, int budget) {
        for (Sentence s : ranked) {
            String cut = cut(s, prefix, budget);
            if (cut != null) {
                return cut;
            }
        }
        return null;
    }

    private static String line(Sentence s) {
        return "- " + s.role() + ": " + s.text();
    }

    /**
     * The prefix and the sentence's line, whole if it fits the budget, else its longest start that does, cut after a
     * word and marked "…"; null when not even its first word fits.
     */
    private String cut(Sentence s, String prefix, int budget) {
        String whole = prefix + line(s);
        if (tokens.count(whole) <= budget) {
            return whole;
        }
        String best = null;
        StringBuilder text = new StringBuilder(prefix).append("- ").append(s.role()).append(':');
        for (String word : s.text().split(" ")) {
            text.append(' ').append(word);
            String candidate = text + "…";
            if (tokens.count(candidate) > budget) {
                break;
            }
            best = candidate;
        }
        return best;
    }

    private static List<Sentence> split(List<Source> sources) {
        List<Sentence> out = new ArrayList<>();
        for (Source source : sources) {
            String[] parts = SENTENCE_END.split(source.content().strip());
            int index = 0;
            for (String part : parts) {
                String text = part.strip().replaceAll("\\s+", " ");
                if (text.length() < 3) {
                    continue;
                }
                if (text.codePointCount(0, text.length()) > MAX_SENTENCE_CHARS) {
                    // by code points: a cut through a surrogate pair would leave half an emoji in the digest
                    text = text.substring(0, text.offsetByCodePoints(0, MAX_SENTENCE_CHARS)).strip() + "…";
                }
                out.add(new Sentence(source.seq(), index++, source.role(), text, 0));
            }
        }
        return out;
    }

    private static List<Sentence> score(List<Sentence> sentences) {
        Map<String, Integer> frequency = new HashMap<>();
        List<List<String>> words = new ArrayList<>();
        for (Sentence s : sentences) {
            List<String> w = words(s.text());
            words.add(w);
            for (String word : new HashSet<>(w)) {
                frequency.merge(word, 1, Integer::sum);
            }
        }
        List<Sentence> scored = new ArrayList<>(sentences.size());
        for (int i = 0; i < sentences.size(); i++) {
            Sentence s = sentences.get(i);
            Set<String> distinct = new HashSet<>(words.get(i));
            double weight = 0;
            for (String word : distinct) {
                weight += frequency.get(word);
            }
            double score = weight / Math.sqrt(1 + words.get(i).size());
            if (s.index() == 0) {
                score *= 1.5; // a message's opening sentence usually states its point
            }
            if ("user".equals(s.role())) {
                score *= 1.2; // the questions set the topic of the conversation
            }
            scored.add(new Sentence(s.seq(), s.index(), s.role(), s.text(), score));
        }
        return scored;
    }

    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if ((w.length() >= 3 || Character.isDigit(w.charAt(0))) && !STOPWORDS.contains(w)) {
                out.add(w);
            }
        }
        return out;
    }
}
