package dev.insight.chat.analyst;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "How many orders were worth more than the average order", "which campaigns spent more than the median campaign":
 * things (or periods) whose figure is above or below the average (or median) of every such thing's figure, the thing
 * named after "average" (without it — "regions with revenue more than the average" — of regions, orders or rows?). The question is planned with a number in place of "the average
 * order"; where that gives one bound on each thing's figure, the number becomes the average of those figures under
 * the same conditions. Where the question keeps only some rows (whose average, then: of all things, or of those?) or
 * the bound is not on things, there is none (the planner then reads the question itself, and mostly declines).
 */
final class AgainstAverage {

    private static final Pattern AVERAGE_THING = Pattern.compile("\\b(than|above|below|over|under) (?:the |an |a )?"
            + "(average|typical|mean|median)(?: ([a-z]+))?\\b", Pattern.CASE_INSENSITIVE);
    /** A number no question says, standing for the average while the question is planned. */
    private static final BigDecimal STAND_IN = new BigDecimal("987654321");

    private AgainstAverage() {
    }

    static Plan plan(String question, Dataset dataset, BiFunction<String, Dataset, Plan> planner) {
        Matcher m = AVERAGE_THING.matcher(question);
        if (!m.find() || question.toLowerCase(Locale.ROOT).indexOf(STAND_IN.toPlainString()) >= 0) {
            return null;
        }
        String noun = m.group(3) == null ? null : Words.singular(m.group(3).toLowerCase(Locale.ROOT));
        String asked = question.substring(0, m.start()) + m.group(1) + " " + STAND_IN.toPlainString()
                + question.substring(m.end());
        if (!(planner.apply(asked, dataset) instanceof Plan.Query q)) {
            return null;
        }
        Plan.QuerySpec spec = q.spec();
        if (spec.bounds().size() != 1 || !spec.filters().isEmpty() || spec.share() != null || spec.groups().isEmpty()) {
            return null;
        }
        Plan.Bound bound = spec.bounds().get(0);
        if (bound.value().compareTo(STAND_IN) != 0 || bound.high() != null || bound.of() != null || bound.percent()) {
            return null;
        }
        // the things bounded: the inner groups of a count of them, else the groups listed
        Plan.GroupKey key = spec.groups().get(spec.groups().size() - 1);
        if (spec.shape() != Plan.Shape.OF_GROUPS && spec.shape() != Plan.Shape.GROUPED || spec.groups().size() != 1
                || noun == null || !names(noun, key)) {
            // ("readings above the average temperature": a column, not the things; "regions with revenue more than
            // the average": of regions, orders or rows?)
            return null;
        }
        Plan.Fn fn = m.group(2).equalsIgnoreCase("median") ? Plan.Fn.MEDIAN : Plan.Fn.AVG;
        Plan.Against average = new Plan.Against(fn, bound.measure(), key);
        return new Plan.Query(spec.bounded(List.of(bound.againstAverage(average))), q.score());
    }

    /** Whether the noun after "the average" is the thing a key groups by ("order" for order_id, "day" for days). */
    private static boolean names(String noun, Plan.GroupKey key) {
        if (key instanceof Plan.BucketKey b) {
            return b.bucket().name().equalsIgnoreCase(noun);
        }
        List<String> words = Words.nameWords(key.column().name());
        return !words.isEmpty() && (words.get(0).equals(noun) || Words.singular(words.get(0)).equals(noun));
    }
}
