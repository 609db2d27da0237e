package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import dev.insight.chat.analyst.Plan.Fn;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "How much more revenue did the West bring in than the East", "how many more orders were placed in 2024 than in
 * 2023": one figure for each side, planned as two questions that differ only in the side they name, and given as their
 * difference (more: the first named less the second; fewer: the second less the first). Where the two sides are not a
 * value against a value of the same column or a period against a period, or the two questions do not plan as the same
 * single figure apart from that side, there is no difference to give (the planner then declines).
 */
final class Differences {

    private static final Pattern COMPARED = Pattern.compile("\\bhow (much|many) (more|less|fewer|higher|lower)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern THAN = Pattern.compile("\\bthan\\b", Pattern.CASE_INSENSITIVE);
    /** Small words between "than" and the second side: "than on Social", "than in 2023", "than the East". */
    private static final Pattern LEAD = Pattern.compile("(?:(?:the|in|on|at|for|to|from|by|during|of|with)\\s+)*",
            Pattern.CASE_INSENSITIVE);

    private Differences() {
    }

    /** A side of the comparison as the question writes it: its place, and the column holding it (none for a period). */
    private record Side(int start, int end, Column column) {
    }

    /**
     * The difference the question asks for, or null when it asks for none this can give; {@code planner} plans each
     * side's question.
     */
    static Plan plan(String question, Dataset dataset, BiFunction<String, Dataset, Plan> planner) {
        Matcher compared = COMPARED.matcher(question);
        if (!compared.find()) {
            return null;
        }
        Matcher than = THAN.matcher(question);
        if (!than.find(compared.end())) {
            return null;
        }
        String lower = question.toLowerCase(Locale.ROOT);
        if (lower.length() != question.length()) {
            return null;
        }
        Matcher lead = LEAD.matcher(lower);
        lead.region(Math.min(than.end() + 1, lower.length()), lower.length()).lookingAt();
        int at = lead.end();
        Side second = valueAt(lower, at, dataset);
        Side first;
        if (second != null) {
            first = lastValueBefore(lower, compared.end(), than.start(), second.column());
        } else {
            second = periodAt(lower, than.end(), at);
            first = second == null ? null : lastPeriodBefore(lower, compared.end(), than.start());
        }
        if (first == null || second == null || lower.substring(first.start(), first.end())
                .equals(lower.substring(second.start(), second.end()))) {
            return null;
        }
        // the question about the first side: without the comparative and the "than …" clause
        String asked = question.substring(0, compared.start()) + "how " + compared.group(1)
                + question.substring(compared.end(), than.start()).stripTrailing() + " " + question.substring(second.end());
        int shift = compared.group(2).length() + 1;
        int firstStart = first.start() - shift;
        int firstEnd = first.end() - shift;
        String otherAsked = asked.substring(0, firstStart) + question.substring(second.start(), second.end())
                + asked.substring(firstEnd);
        if (!(planner.apply(asked, dataset) instanceof Plan.Query a)
                || !(planner.apply(otherAsked, dataset) instanceof Plan.Query b)) {
            return null;
        }
        Plan.QuerySpec one = a.spec();
        Plan.QuerySpec other = b.spec();
        if (one.shape() != Plan.Shape.SINGLE || other.shape() != Plan.Shape.SINGLE || one.share() != null
                || other.share() != null || !one.bounds().isEmpty() || !other.bounds().isEmpty()
                || !one.measure().equals(other.measure()) || one.measure().fn() == Fn.RATIO) {
            return null;
        }
        List<Plan.Filter> common = new ArrayList<>(one.filters());
        common.retainAll(other.filters());
        List<Plan.Filter> onlyOne = new ArrayList<>(one.filters());
        onlyOne.removeAll(common);
        List<Plan.Filter> onlyOther = new ArrayList<>(other.filters());
        onlyOther.removeAll(common);
        if (onlyOne.size() != 1 || onlyOther.size() != 1 || common.size() != one.filters().size() - 1
                || common.size() != other.filters().size() - 1) {
            return null; // each side one condition, the rest the same on both
        }
        boolean more = compared.group(2).equalsIgnoreCase("more") || compared.group(2).equalsIgnoreCase("higher");
        Plan.Filter part = more ? onlyOne.get(0) : onlyOther.get(0);
        Plan.Filter minus = more ? onlyOther.get(0) : onlyOne.get(0);
        return new Plan.Query(one.sharing(new Plan.Share(part, null, minus), common), Math.min(a.score(), b.score()));
    }

    /** A value of a text column written at {@code at} ("the East", "Tablets"): the longest there is. */
    private static Side valueAt(String lower, int at, Dataset dataset) {
        Side found = null;
        for (Column c : dataset.columns()) {
            if (c.kind() != Dataset.Kind.TEXT) {
                continue;
            }
            for (String v : c.topValues()) {
                int end = valueEnd(lower, at, v.toLowerCase(Locale.ROOT));
                if (end > 0 && (found == null || end > found.end())) {
                    found = new Side(at, end, c);
                }
            }
        }
        return found;
    }

    /** Where the value written at {@code at} ends (plural "s" or "es" included), or -1 when it is not there. */
    private static int valueEnd(String lower, int at, String value) {
        if (value.isBlank() || !lower.startsWith(value, at)) {
            return -1;
        }
        int end = at + value.length();
        for (String ending : List.of("es", "s", "")) {
            if (lower.startsWith(ending, end) && (end + ending.length() == lower.length()
                    || !Character.isLetterOrDigit(lower.charAt(end + ending.length())))) {
                return end + ending.length();
            }
        }
        return -1;
    }

    /** The value of {@code column} written last between {@code from} and {@code to}. */
    private static Side lastValueBefore(String lower, int from, int to, Column column) {
        Side found = null;
        for (int at = from; at < to; at++) {
            if (at > 0 && Character.isLetterOrDigit(lower.charAt(at - 1))) {
                continue;
            }
            for (String v : column.topValues()) {
                int end = valueEnd(lower, at, v.toLowerCase(Locale.ROOT));
                if (end > 0 && end <= to && (found == null || at > found.start() || end > found.end())) {
                    found = new Side(at, end, column);
                }
            }
        }
        return found;
    }

    /** A period said right after "than" ("than in 2023", "than March 2023"), starting at or before {@code at}. */
    private static Side periodAt(String lower, int thanEnd, int at) {
        for (DateMentions.Mention m : DateMentions.find(lower)) {
            if (m.start() >= thanEnd && m.start() <= at) {
                return new Side(m.start(), m.end(), null);
            }
        }
        return null;
    }

    private static Side lastPeriodBefore(String lower, int from, int to) {
        Side found = null;
        for (DateMentions.Mention m : DateMentions.find(lower)) {
            if (m.start() >= from && m.end() <= to) {
                found = new Side(m.start(), m.end(), null);
            }
        }
        return found;
    }
}
