package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "Which campaign started first", "which campaign ended last", "which campaign kicked off most recently": the value of
 * a text column whose first date (it started) or last date (it ended) comes first or last, with that date, ties kept.
 * Only said so, of the table's one date column and one column the noun names; otherwise none (the planner reads it).
 */
final class FirstAndLast {

    private static final Pattern STARTED_ENDED = Pattern.compile("^\\s*(?:which|what) ([a-z][a-z -]*?) (?:was the (first|last) "
            + "to (start|begin|launch|kick off|end|finish|wrap up|stop|close)|(started|began|launched|kicked off|opened|ended|"
            + "finished|wrapped up|stopped|closed) (first|last|earliest|latest|most recently))\\s*\\??\\s*$",
            Pattern.CASE_INSENSITIVE);

    private FirstAndLast() {
    }

    static Plan plan(String question, Dataset dataset) {
        Matcher m = STARTED_ENDED.matcher(question);
        if (!m.matches()) {
            return null;
        }
        String noun = Words.singular(m.group(1).strip().toLowerCase(Locale.ROOT));
        List<Column> named = dataset.columns().stream().filter(c -> c.kind() == Dataset.Kind.TEXT
                && Words.nameWords(c.name()).contains(noun)).toList();
        Column date = DataSpan.onlyDateColumn(dataset);
        if (named.size() != 1 || date == null) {
            return null;
        }
        String verb = (m.group(3) != null ? m.group(3) : m.group(4)).toLowerCase(Locale.ROOT);
        String when = (m.group(2) != null ? m.group(2) : m.group(5)).toLowerCase(Locale.ROOT);
        boolean started = verb.matches("start|begin|launch|kick off|started|began|launched|kicked off|opened");
        boolean last = when.matches("last|latest|most recently");
        Plan.Measure moment = new Plan.Measure(started ? Plan.Fn.MIN : Plan.Fn.MAX, date);
        return new Plan.Query(new Plan.QuerySpec(Plan.Shape.RANKED, moment, List.of(new Plan.ColumnKey(named.get(0))),
                List.of(), last, 1, null), 1);
    }
}
