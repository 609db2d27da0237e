package dev.insight.chat.analyst;

import static dev.insight.chat.analyst.ColumnRoles.*;
import static dev.insight.chat.analyst.Vocabulary.*;
import static dev.insight.chat.analyst.QuestionPlanner.*;

import dev.insight.chat.analyst.Dataset.Column;
import dev.insight.chat.analyst.Plan.Bucket;
import dev.insight.chat.analyst.Plan.Fn;
import dev.insight.chat.analyst.Plan.GroupKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads periods ("in March 2024", "Q1 vs Q2", calendar columns of reports without dates) as conditions, and "by",
 * "per", "each" and period adjectives ("monthly") as groups.
 */
abstract class PeriodsAndGroups extends ConditionReading {

    PeriodsAndGroups(String question, Dataset dataset, int defaultRows, int maxRows) {
        super(question, dataset, defaultRows, maxRows);
    }

    Plan periods() {
        int previous = -1;
        // the periods of one list of alternatives on Year and Month columns ("Jan or Feb 2024")
        List<DateMentions.Mention> calendarGroup = new ArrayList<>();
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.type != T.DATE) {
                continue;
            }
            Column column = null;
            int back = i - 1;
            while (back >= 0 && toks.get(back).in(LINKING)) {
                back--;
            }
            if (back >= 0 && toks.get(back).type == T.COL && toks.get(back).column.temporal() && !toks.get(back).used) {
                column = toks.get(back).column;
                // "the latest order date in 2024": the column is also what is asked for
                boolean asked = back > 0 && (toks.get(back - 1).in(MIN_WORDS) || toks.get(back - 1).in(MAX_WORDS)
                        || toks.get(back - 1).in(GROUP_WORDS)); // "sessions by day in January 2024"
                toks.get(back).used = !asked;
            }
            if (column == null && back >= 0 && !toks.get(back).used && dateOfVerb(toks.get(back)) != null) {
                // "orders shipped in 2024" where there is an order date too: the ship date
                column = dateOfVerb(toks.get(back));
                toks.get(back).used = true;
                toks.get(back).column = column;
            }
            if (column == null) {
                column = dateColumnFor(i);
            }
            DateMentions.Mention d = t.date;
            Plan.Filter period;
            if (column == null && previous >= 0 && joinsAlternatives(previous, i) && !calendarGroup.isEmpty()
                    && !"ambiguous".equals(d.part())) {
                // "Jan or Feb 2024" on Year and Month columns: January 2024 or February 2024
                calendarGroup.add(d);
                List<Plan.Filter> options = new ArrayList<>();
                for (DateMentions.Mention m : withSharedYear(calendarGroup)) {
                    Plan.Filter f = calendarFilter(m);
                    if (f == null) {
                        return decline("The question names a period (" + m.label() + ") that " + dataset.name()
                                + " can't tell by its year and month columns.");
                    }
                    options.add(f);
                }
                filters.set(filters.size() - 1, new Plan.AnyOf(options));
                use(previous + 1, i);
                t.used = true;
                previous = i;
                score++;
                continue;
            }
            if (column == null) {
                // a report with Year and Month columns instead of dates: "revenue in 2023", "Q1 2024"
                calendarGroup.clear();
                calendarGroup.add(d);
                period = "ambiguous".equals(d.part()) ? null : calendarFilter(d);
                if (period == null) {
                    Column year = calendarColumn("year");
                    return decline("The question names a period (" + d.label() + ") but " + dataset.name()
                            + " has no date column to filter on" + (year != null ? " (only whole years, months and "
                                    + "quarters by its " + year.name() + " and month columns)." : "."));
                }
            } else if ("ambiguous".equals(d.part())) {
                return decline("\"" + d.label() + "\" needs a year, for example \"" + d.label() + " 2024\".");
            } else {
                period = d.partOfYear() ? new Plan.DatePart(column, d.part(), d.partValue(), d.label())
                        : new Plan.DateRange(column, d.from(), d.to(), d.label());
            }
            if (previous >= 0 && joinsAlternatives(previous, i)
                    && (column == null || sameColumn(filters.get(filters.size() - 1), column))) {
                // "in Q1 and Q2", "January 2024 or March 2024": rows in any of them, not in all at once
                filters.set(filters.size() - 1, either(filters.get(filters.size() - 1), period));
                use(previous + 1, i);
            } else {
                filters.add(period);
            }
            t.used = true;
            previous = i;
            score++;
        }
        return null;
    }

    /** The calendar column (Year, Month) of a file without dates, by the last word of its name; null if none. */
    Column calendarColumn(String period) {
        for (Column c : dataset.columns()) {
            List<String> words = Words.nameWords(c.name());
            if (calendar(c) && words.get(words.size() - 1).equals(period)
                    && (c.numeric() || c.kind() == Dataset.Kind.TEXT)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Months and quarters said without a year take the year of the period said with one after them ("Jan or Feb
     * 2024"), else before them ("March 2024 and April"); with no year anywhere they stay months of every year.
     */
    static List<DateMentions.Mention> withSharedYear(List<DateMentions.Mention> group) {
        List<DateMentions.Mention> out = new ArrayList<>();
        for (int k = 0; k < group.size(); k++) {
            DateMentions.Mention m = group.get(k);
            if (!m.partOfYear() || !(m.part().equals("month") || m.part().equals("quarter"))) {
                out.add(m);
                continue;
            }
            Integer year = null;
            for (int a = k + 1; a < group.size() && year == null; a++) {
                year = yearOf(group.get(a));
            }
            for (int b = k - 1; b >= 0 && year == null; b--) {
                year = yearOf(group.get(b));
            }
            if (year == null) {
                out.add(m);
                continue;
            }
            boolean month = m.part().equals("month");
            java.time.LocalDate from = java.time.LocalDate.of(year, month ? m.partValue() : (m.partValue() - 1) * 3 + 1, 1);
            out.add(new DateMentions.Mention(m.start(), m.end(), from, from.plusMonths(month ? 1 : 3), null, 0,
                    m.label() + " " + year));
        }
        return out;
    }

    /** The year of a period within one year (a month, quarter or the year itself); null otherwise. */
    static Integer yearOf(DateMentions.Mention m) {
        return m.partOfYear() || m.from() == null || m.to() == null || m.from().getYear() != m.to().minusDays(1).getYear()
                ? null : m.from().getYear();
    }

    /**
     * A period as conditions on Year and Month columns: whole years by the year, calendar months and quarters by
     * the year and the month (whose values are numbers or month names, "Jan" or "January"). Null when the file
     * cannot say it (a day, a week, an open range, no month column).
     */
    Plan.Filter calendarFilter(DateMentions.Mention d) {
        Column year = calendarColumn("year");
        Column month = calendarColumn("month");
        if (d.partOfYear() && !d.part().equals("month") && !d.part().equals("quarter")) {
            return null; // a day of the year or of the week, which Year and Month columns can't tell
        }
        if (d.partOfYear()) {
            return monthsFilter(month, d.part().equals("month") ? List.of(d.partValue())
                    : List.of((d.partValue() - 1) * 3 + 1, (d.partValue() - 1) * 3 + 2, (d.partValue() - 1) * 3 + 3));
        }
        if (year == null || !year.numeric() || d.from() == null || d.to() == null || d.from().getDayOfMonth() != 1) {
            return null;
        }
        java.time.LocalDate from = d.from();
        java.time.LocalDate to = d.to();
        if (from.getMonthValue() == 1 && to.getDayOfMonth() == 1 && to.getMonthValue() == 1) {
            int last = to.getYear() - 1;
            return from.getYear() == last ? new Plan.Compare(year, Plan.Op.EQ, BigDecimal.valueOf(last))
                    : new Plan.Between(year, BigDecimal.valueOf(from.getYear()), BigDecimal.valueOf(last));
        }
        if (from.getYear() != to.minusDays(1).getYear() || to.getDayOfMonth() != 1) {
            return null; // a span across years or not in whole months
        }
        List<Integer> numbers = new ArrayList<>();
        for (java.time.LocalDate m = from; m.isBefore(to); m = m.plusMonths(1)) {
            numbers.add(m.getMonthValue());
        }
        Plan.Filter months = monthsFilter(month, numbers);
        return months == null ? null
                : new Plan.AllOf(List.of(new Plan.Compare(year, Plan.Op.EQ, BigDecimal.valueOf(from.getYear())), months));
    }

    /** The month column holding any of these months (1–12), as its own values; null when it can't be read. */
    Plan.Filter monthsFilter(Column month, List<Integer> numbers) {
        if (month == null) {
            return null;
        }
        if (month.numeric()) {
            List<Plan.Filter> options = new ArrayList<>();
            numbers.forEach(n -> options.add(new Plan.Compare(month, Plan.Op.EQ, BigDecimal.valueOf(n))));
            return options.size() == 1 ? options.get(0) : new Plan.AnyOf(options);
        }
        if (month.distinctCount() == null || month.topValues().size() < month.distinctCount()) {
            return null; // not every value known: can't tell how months are written
        }
        List<String> values = new ArrayList<>();
        for (String v : month.topValues()) {
            String key = v.strip().toLowerCase(Locale.ROOT);
            for (int n : numbers) {
                String name = java.time.Month.of(n).getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
                        .toLowerCase(Locale.ROOT);
                if (key.length() >= 3 && name.startsWith(key) || key.equals(Integer.toString(n))
                        || key.equals(String.format(Locale.ROOT, "%02d", n))) {
                    values.add(v);
                }
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        return values.size() == 1 ? new Plan.Equals(month, values.get(0), true, false) : new Plan.OneOf(month, values);
    }

    /**
     * Whether date tokens a and b are joined as alternatives: "and"/"or" with at most "in", "the"… between them
     * ("Q1 and in Q2"), or only a comma ("Q1, Q2 and Q3"). "in 2024 in Q1" is not: that is Q1 of 2024.
     */
    boolean joinsAlternatives(int a, int b) {
        boolean joined = b == a + 1 && lower.substring(toks.get(a).date.end(), toks.get(b).date.start()).contains(",");
        for (int k = a + 1; k < b; k++) {
            if (!toks.get(k).in(ALTERNATIVES)) {
                return false;
            }
            joined |= toks.get(k).is("and", "or", "nor") || toks.get(k).in(COMPARE_WORDS);
        }
        return joined;
    }

    static boolean sameColumn(Plan.Filter filter, Column column) {
        if (filter instanceof Plan.AnyOf any) {
            return sameColumn(any.options().get(0), column);
        }
        return filter instanceof Plan.DateRange r && r.column().equals(column)
                || filter instanceof Plan.DatePart p && p.column().equals(column);
    }

    /**
     * The earlier periods or the new one. A month or quarter said without a year takes the year of the one that
     * follows it: "March and April 2024" is March 2024 or April 2024.
     */
    static Plan.Filter either(Plan.Filter earlier, Plan.Filter next) {
        List<Plan.Filter> options = new ArrayList<>(earlier instanceof Plan.AnyOf any ? any.options() : List.of(earlier));
        if (next instanceof Plan.DateRange r && r.from() != null && r.to() != null && r.from().getDayOfMonth() == 1) {
            String part = r.to().equals(r.from().plusMonths(1)) ? "month"
                    : r.to().equals(r.from().plusMonths(3)) && (r.from().getMonthValue() - 1) % 3 == 0 ? "quarter" : null;
            for (int k = 0; k < options.size(); k++) {
                if (part != null && options.get(k) instanceof Plan.DatePart p && p.part().equals(part)) {
                    java.time.LocalDate from = java.time.LocalDate.of(r.from().getYear(),
                            part.equals("month") ? p.value() : (p.value() - 1) * 3 + 1, 1);
                    options.set(k, new Plan.DateRange(p.column(), from, from.plusMonths(part.equals("month") ? 1 : 3),
                            p.label() + " " + r.from().getYear()));
                }
            }
        }
        // "March 2024 and April": April of 2024 too
        if (next instanceof Plan.DatePart p && (p.part().equals("month") || p.part().equals("quarter"))) {
            for (int k = options.size() - 1; k >= 0; k--) {
                if (options.get(k) instanceof Plan.DateRange r && span(r) == (p.part().equals("month") ? Bucket.MONTH
                        : Bucket.QUARTER)) {
                    java.time.LocalDate from = java.time.LocalDate.of(r.from().getYear(),
                            p.part().equals("month") ? p.value() : (p.value() - 1) * 3 + 1, 1);
                    next = new Plan.DateRange(p.column(), from, from.plusMonths(p.part().equals("month") ? 1 : 3),
                            p.label() + " " + r.from().getYear());
                    break;
                }
            }
        }
        options.add(next);
        return new Plan.AnyOf(options);
    }

    /**
     * The date column of the period at {@code dateAt} said without one before it: a date column named elsewhere in the
     * question, unless it names another period's ("placed in 2024 and shipped in 2025": "shipped" is 2025's), else
     * the table's first.
     */
    private Column dateColumnFor(int dateAt) {
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.type == T.COL && t.column.temporal() && !namesAnotherPeriod(i, dateAt)) {
                return t.column;
            }
        }
        int verb = verbDate(); // "on how many days in June 2024 did orders go out": the ship date's
        if (verb >= 0 && !namesAnotherPeriod(verb, dateAt)) {
            toks.get(verb).used = true;
            return toks.get(verb).column;
        }
        return dataset.columns().stream().filter(Column::temporal).findFirst().orElse(null);
    }

    /** Whether the date column (or verb) at {@code i} is said right before a period other than {@code dateAt}. */
    private boolean namesAnotherPeriod(int i, int dateAt) {
        int next = i + 1;
        while (next < toks.size() && toks.get(next).in(LINKING)) {
            next++;
        }
        return next < toks.size() && toks.get(next).type == T.DATE && next != dateAt;
    }

    Column defaultDateColumn() {
        for (Tok t : toks) {
            if (t.type == T.COL && t.column.temporal()) {
                return t.column;
            }
        }
        int verb = verbDate(); // "orders shipped in 2024 by month": the ship date's months
        if (verb >= 0) {
            toks.get(verb).used = true;
            return toks.get(verb).column;
        }
        for (Column c : dataset.columns()) {
            if (c.temporal()) {
                return c;
            }
        }
        return null;
    }

    // ---- grouping ----------------------------------------------------------------------------------------

    Plan grouping() {
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.used) {
                continue;
            }
            if (t.type == T.WORD && BUCKET_ADJECTIVES.containsKey(t.text) && i + 1 < toks.size()
                    && toks.get(i + 1).type == T.WORD && (ROW_NOUNS.contains(toks.get(i + 1).singular)
                            || toks.get(i + 1).singular.matches("entry|reading|record"))) {
                t.used = true; // "how many daily entries…": rows that each hold a day, not a split by day
                continue;
            }
            if (t.type == T.WORD && BUCKET_ADJECTIVES.containsKey(t.text)) {
                if (i + 1 < toks.size() && toks.get(i + 1).type == T.COL && toks.get(i + 1).column.numeric()
                        && nonAdditive(toks.get(i + 1).column)) {
                    // "monthly salary", "annual rate": the amount per period, and the file doesn't say which
                    return decline("I can't tell which period " + toks.get(i + 1).column.name() + " is given for, so \""
                            + t.text + " " + toks.get(i + 1).text + "\" could mean a different figure; ask for \"average "
                            + toks.get(i + 1).column.name() + "\" instead.");
                }
                Plan failed = addBucket(BUCKET_ADJECTIVES.get(t.text), null);
                if (failed != null) {
                    return failed;
                }
                adjectiveKeys.add(groups.get(groups.size() - 1));
                t.used = true;
                continue;
            }
            // "by region", "for each month", and "which month…" (a period asked for is a group to rank)
            boolean groupWord = t.in(GROUP_WORDS) || t.is("for") && (word(i + 1).equals("each") || word(i + 1).equals("every"))
                    || t.is("which", "what") && BUCKET_NOUNS.containsKey(Words.singular(word(i + 1)));
            if (!groupWord) {
                continue;
            }
            int j = i + 1;
            while (j < toks.size() && toks.get(j).is("each", "every", "the", "a", "an")) {
                j++;
            }
            if (t.is("per") && j < toks.size() && toks.get(j).type == T.COL && toks.get(j).column.numeric()
                    && !identifier(toks.get(j).column) && !calendar(toks.get(j).column)) {
                // "revenue per unit", "sessions per conversion": the total of one over the total of the other
                Column divisor = toks.get(j).column;
                int k = i - 1;
                while (k >= 0 && toks.get(k).type == T.WORD && toks.get(k).in(Words.FILLER) && !toks.get(k).in(NEGATIONS)) {
                    k--;
                }
                // the amount before "per", unless something else took it ("top pages by conversions per session"
                // read "by conversions" as what to rank by: the ratio is that)
                Column dividend = k >= 0 && toks.get(k).type == T.COL
                        && (!toks.get(k).used || byNumeric.contains(toks.get(k).column)) ? toks.get(k).column : null;
                if (dividend != null && toks.get(k).used) {
                    byNumeric.remove(dividend);
                }
                if (ratio != null || dividend == null || !dividend.numeric() || identifier(dividend) || dividend.equals(divisor)
                        || nonAdditive(dividend) || nonAdditive(divisor) || preAveraged(dividend) || preAveraged(divisor)) {
                    return decline("\"per " + toks.get(j).text + "\" asks for a ratio, which I compute only of two amounts "
                            + "that add up (\"revenue per unit\": total revenue ÷ total units); \"by " + toks.get(j).text
                            + "\" groups by its values.");
                }
                ratio = new Plan.Measure(Fn.RATIO, dividend, divisor);
                toks.get(k).used = true;
                use(i, j + 1);
                continue;
            }
            int keys = 0;
            boolean each = t.is("each", "every", "per", "for") || word(i + 1).equals("each") || word(i + 1).equals("every");
            while (j < toks.size()) {
                int grouped = groups.size();
                int next = groupKey(j);
                if (next < 0) {
                    return decline(dateless);
                }
                if (next == j) {
                    break;
                }
                keys++;
                eachGroup |= each;
                if (t.is("per") && groups.size() > grouped) {
                    perKeys.add(groups.get(groups.size() - 1));
                }
                if (grouped > 0 && groups.size() == grouped + 1 && t.is("for", "in")
                        && (word(i + 1).equals("each") || word(i + 1).equals("every"))) {
                    // "readings per status for each site": for each site, the readings per status
                    groups.add(0, groups.remove(grouped));
                }
                whichGroup |= t.is("which", "what");
                use(i, next);
                j = next;
                if (j + 1 < toks.size() && toks.get(j).is("and", "then") && groupKeyAhead(j + 1)) {
                    j++;
                    continue;
                }
                if (j < toks.size() && groupKeyAhead(j) && toks.get(j).type == T.COL && !toks.get(j).column.numeric()
                        && lower.contains(", " + toks.get(j).text)) {
                    continue; // "by region, product"
                }
                break;
            }
            if (keys == 0 && t.is("each", "every", "per", "by")) {
                continue;
            }
        }
        // "top 3 months by revenue", "the month with the highest revenue": the period is what is ranked
        if (groups.isEmpty() && hasRankWord()) {
            for (Tok t : toks) {
                if (!t.used && t.type == T.WORD && BUCKET_NOUNS.containsKey(t.singular) && !t.is("date")) {
                    Plan failed = addBucket(BUCKET_NOUNS.get(t.singular), null);
                    if (failed != null) {
                        return failed;
                    }
                    t.used = true;
                    whichGroup = true;
                    break;
                }
            }
        }
        // "days with more than 100 conversions": the periods a bound is said of are what is listed; "total spend on
        // days with …" only keeps them
        if (groups.isEmpty() && periodKey != null && periodAt < 0) {
            for (int i = 0; i < toks.size(); i++) {
                Tok t = toks.get(i);
                if (t.used || !periodKey.equals(periodNoun(i))) {
                    continue;
                }
                if (i > 0 && (toks.get(i - 1).type == T.COL || toks.get(i - 1).type == T.VAL)) {
                    break; // "campaign days", "Search days": not the days themselves
                }
                if (!(i > 0 && toks.get(i - 1).is("on", "in", "during", "over", "across"))) {
                    Plan failed = addBucket(periodKey.bucket(), periodKey.column());
                    if (failed != null) {
                        return failed;
                    }
                }
                t.used = true;
                break;
            }
        }
        if (groups.size() > 2) {
            return decline("I can group by at most two things at once; the question asks for "
                    + groups.stream().map(GroupKey::describe).toList() + ".");
        }
        return null;
    }

    boolean groupKeyAhead(int j) {
        Tok t = toks.get(j);
        return t.type == T.COL && !t.used || t.type == T.WORD && BUCKET_NOUNS.containsKey(t.singular);
    }

    /** Parses one group key at j; returns the index after it, j when there is none, -1 on failure. */
    int groupKey(int j) {
        Tok t = toks.get(j);
        if (t.type == T.COL && !t.used) {
            if (measurable(t.column)) {
                byNumeric.add(t.column);
                return j + 1;
            }
            if (t.column.temporal()) {
                // "by order_date month" or plain "by order_date" (per day)
                if (j + 1 < toks.size() && toks.get(j + 1).type == T.WORD && BUCKET_NOUNS.containsKey(toks.get(j + 1).singular)) {
                    groups.add(new Plan.BucketKey(t.column, BUCKET_NOUNS.get(toks.get(j + 1).singular)));
                    return j + 2;
                }
                groups.add(new Plan.BucketKey(t.column, Bucket.DAY));
                return j + 1;
            }
            groups.add(new Plan.ColumnKey(t.column));
            return j + 1;
        }
        if (t.type == T.WORD && BUCKET_NOUNS.containsKey(t.singular)) {
            Column column = null;
            int next = j + 1;
            if (next + 1 < toks.size() && toks.get(next).is("of") && toks.get(next + 1).type == T.COL
                    && toks.get(next + 1).column.temporal()) {
                column = toks.get(next + 1).column;
                next += 2;
            }
            Plan failed = addBucket(BUCKET_NOUNS.get(t.singular), column);
            return failed == null ? next : -1;
        }
        return j;
    }

    Plan addBucket(Bucket bucket, Column column) {
        Column c = column != null ? column : defaultDateColumn();
        Column period = c == null && (bucket == Bucket.MONTH || bucket == Bucket.YEAR) ? calendarColumn(bucket.label()) : null;
        if (period != null) {
            // "monthly revenue" on a report with Year and Month columns: by its Month column
            groups.add(new Plan.ColumnKey(period));
            score++;
            return null;
        }
        if (c == null) {
            dateless = "Grouping by " + bucket.label() + " needs a date column, and " + dataset.name() + " has none.";
            return decline(dateless);
        }
        groups.add(new Plan.BucketKey(c, bucket));
        score++;
        return null;
    }
}
