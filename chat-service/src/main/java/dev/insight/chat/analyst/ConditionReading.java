package dev.insight.chat.analyst;

import static dev.insight.chat.analyst.ColumnRoles.*;
import static dev.insight.chat.analyst.Vocabulary.*;
import static dev.insight.chat.analyst.QuestionPlanner.*;

import dev.insight.chat.analyst.Dataset.Column;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the conditions of a question: comparisons with numbers ("over 100", "between 5 and 8"), equality, negations
 * ("not North", "excluding"), yes/no columns ("returned orders"), presence ("with a note"), and alternatives ("or").
 */
abstract class ConditionReading extends ValueRecognition {

    ConditionReading(String question, Dataset dataset, int defaultRows, int maxRows) {
        super(question, dataset, defaultRows, maxRows);
    }

    /**
     * "40 or over", "9 or more", "50 or less": said as "at least 40", "at most 50", which the comparisons read;
     * "older than 50" as "age more than 50".
     */
    void orMoreOrLess() {
        // "100k", "2.5m": thousands and millions
        for (int i = 1; i < toks.size(); i++) {
            Tok n = toks.get(i - 1);
            if (n.type == T.NUM && toks.get(i).type == T.WORD && toks.get(i).is("k", "m", "mn")) {
                // ("1.6 million", "a thousand" and "half a million" are numbers in words, read before)
                n.number = n.number.multiply(toks.get(i).is("k") ? BigDecimal.valueOf(1000) : BigDecimal.valueOf(1_000_000));
                toks.remove(i);
                i--;
            }
        }
        // "over 400 kg", "above 30 degrees": the unit after a number says nothing the column does not
        for (int i = 1; i < toks.size(); i++) {
            if (toks.get(i - 1).type == T.NUM && toks.get(i).type == T.WORD && UNIT_WORDS.contains(toks.get(i).text)) {
                toks.remove(i);
                i--;
            }
        }
        // "older", "younger": about the age column, when there is one
        boolean ageColumn = dataset.columns().stream().anyMatch(c -> c.numeric() && Words.nameWords(c.name()).contains("age"));
        for (int i = 0; i + 2 < toks.size(); i++) {
            if (toks.get(i).type != T.NUM || !toks.get(i + 1).is("or")
                    || i + 3 < toks.size() && toks.get(i + 3).type == T.NUM) {
                continue; // ("under 50 or over 400" is two ranges)
            }
            Tok bound = toks.get(i + 2);
            String side = bound.is("more", "over", "above", "higher", "greater", "larger", "longer") ? "least"
                    : bound.is("less", "under", "below", "fewer", "lower", "smaller", "shorter") ? "most"
                    : ageColumn && bound.is("older") ? "least" : ageColumn && bound.is("younger") ? "most" : null;
            if (side == null) {
                continue;
            }
            Tok number = toks.get(i);
            toks.set(i, new Tok(T.WORD, "at"));
            toks.set(i + 1, new Tok(T.WORD, side));
            toks.set(i + 2, number);
            if (bound.is("older", "younger")) {
                toks.add(i, new Tok(T.WORD, "age")); // "40 or older": age at least 40
                i++;
            }
        }
        for (int i = 0; ageColumn && i + 1 < toks.size(); i++) {
            if (toks.get(i).is("older", "younger") && toks.get(i + 1).is("than")) {
                boolean older = toks.get(i).is("older");
                toks.set(i, new Tok(T.WORD, older ? "more" : "less"));
                toks.add(i, new Tok(T.WORD, "age"));
                i++;
            }
        }
    }

    /**
     * "at least 40", "at most 5" that no comparison took (no column before them): a bound on nothing named, which
     * must not be read as "the 40 least".
     */
    Plan boundWithoutColumn() {
        for (int i = 0; i + 2 < toks.size(); i++) {
            if (!toks.get(i).used && toks.get(i).is("at") && toks.get(i + 1).is("least", "most")
                    && toks.get(i + 2).type == T.NUM) {
                String bound = "at " + toks.get(i + 1).text + " " + toks.get(i + 2).text;
                return decline("Which column should be " + bound + "? Name it, for example \"" + suggestionMeasure()
                        + " " + bound + "\".");
            }
        }
        return null;
    }

    Plan comparisons() {
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.used) {
                continue;
            }
            if (t.type == T.NUM && t.percent && i > 0 && toks.get(i - 1).is("a", "an") && i + 1 < toks.size()
                    && toks.get(i + 1).type == T.COL && toks.get(i + 1).column.numeric() && !toks.get(i + 1).used
                    && !identifier(toks.get(i + 1).column)) {
                // "lines with a 50% discount": that discount
                filters.add(new Plan.Compare(toks.get(i + 1).column, Plan.Op.EQ, amount(t, toks.get(i + 1).column)));
                use(i - 1, i + 2);
                continue;
            }
            if (t.type == T.COL && identifier(t.column) && t.column.numeric() && !plural(t) && i + 1 < toks.size()
                    && toks.get(i + 1).type == T.NUM && !toks.get(i + 1).percent && withinRange(toks.get(i + 1), t.column)
                    && (i + 2 >= toks.size() || comparator(i + 2) == null)) {
                // "order 1042", "employee 42": the one the identifier names
                filters.add(new Plan.Compare(t.column, Plan.Op.EQ, toks.get(i + 1).number));
                use(i, i + 2);
                continue;
            }
            if (t.type == T.COL && !t.thing) {
                int j = i + 1;
                int skipped = 0;
                while (j < toks.size() && skipped < 2 && toks.get(j).in(LINKING) && !isEqualityWord(toks.get(j), j)) {
                    j++;
                    skipped++;
                }
                // "units between 5 and 10"
                if (j + 3 < toks.size() && toks.get(j).is("between") && toks.get(j + 1).type == T.NUM
                        && toks.get(j + 2).is("and") && toks.get(j + 3).type == T.NUM) {
                    if (!t.column.numeric() && boundBetween(t.column, i + 1, j)) {
                        continue; // "departments with between 15 and 20 employees"
                    }
                    if (!t.column.numeric()) {
                        return decline(t.column.name() + " is not a numeric column, so \"between\" does not apply.");
                    }
                    BigDecimal low = amount(toks.get(j + 1), t.column).min(amount(toks.get(j + 3), t.column));
                    BigDecimal high = amount(toks.get(j + 1), t.column).max(amount(toks.get(j + 3), t.column));
                    filters.add(new Plan.Between(t.column, low, high));
                    use(i, j + 4);
                    continue;
                }
                Comparator cmp = comparator(j);
                if (cmp == null && j > i + 1 && j < toks.size() && toks.get(j - 1).is("of") && toks.get(j).type == T.NUM
                        && t.column.numeric() && i > 0 && toks.get(i - 1).is("have", "has", "had", "with", "a", "an")) {
                    // "respondents who have a satisfaction of 5", "orders with a discount of 10%": that value
                    cmp = new Comparator(Plan.Op.EQ, j);
                }
                if (cmp != null && !t.column.numeric() && boundOnThing(t.column, i + 1, cmp)) {
                    continue; // "pages that had more than 5,000 sessions"
                }
                if (cmp != null && cmp.op() == Plan.Op.EQ && t.column.numeric() && cmp.next() < toks.size()
                        && toks.get(cmp.next()).type == T.NUM && eitherNumber(t.column, cmp.next(), i)) {
                    continue; // "an NPS of 9 or 10", "a satisfaction of 4 or 5"
                }
                if (cmp != null && cmp.next() < toks.size() && toks.get(cmp.next()).type == T.NUM) {
                    Tok number = toks.get(cmp.next());
                    notePerThing(i, t.column);
                    int or = cmp.next() + 1;
                    Comparator second = t.column.numeric() && or < toks.size() && toks.get(or).is("or")
                            ? comparator(or + 1) : null;
                    if (second != null && second.op() != Plan.Op.EQ && second.op() != Plan.Op.NE
                            && second.next() < toks.size() && toks.get(second.next()).type == T.NUM) {
                        // "cost under 50 or over 400": either range of the same column
                        filters.add(new Plan.AnyOf(List.of(
                                new Plan.Compare(t.column, cmp.op(), amount(number, t.column)),
                                new Plan.Compare(t.column, second.op(), amount(toks.get(second.next()), t.column)))));
                        use(i, second.next() + 1);
                        continue;
                    }
                    if (t.column.numeric()) {
                        addCompare(i, new Plan.Compare(t.column, cmp.op(), amount(number, t.column)));
                    } else if (cmp.op() == Plan.Op.EQ || cmp.op() == Plan.Op.NE) {
                        filters.add(new Plan.Equals(t.column, number.text, false, cmp.op() == Plan.Op.NE));
                    } else {
                        return decline(t.column.name() + " is not a numeric column, so \"" + cmp.op().words
                                + "\" a number does not apply.");
                    }
                    use(i, cmp.next() + 1);
                    continue;
                }
                if (cmp != null && (cmp.op() == Plan.Op.EQ || cmp.op() == Plan.Op.NE) && cmp.next() < toks.size()) {
                    Plan failed = equality(i, cmp);
                    if (failed != null) {
                        return failed;
                    }
                }
            } else if (t.type == T.NUM && i > 0 && toks.get(i - 1).in(SCORING_VERBS) && scoredOn(i)) {
                continue; // "scored 9 or 10 on NPS", "rated 5 for satisfaction"
            } else if (t.type == T.NUM && i > 0 && toks.get(i - 1).is("with", "have", "has", "had") && eitherBeforeColumn(i)) {
                continue; // "lines with 1 or 2 units"
            } else if (t.type == T.WORD || t.type == T.SYM) {
                // "more than 10 units", "with at least 3 units"
                Comparator cmp = comparator(i);
                Column subject = cmp == null ? null : subjectBefore(i);
                if (subject != null && boundOnThing(subject, i, cmp)) {
                    continue; // "customers who placed more than 6 orders", "orders with more than one line"
                }
                // ("lines with exactly 12 units": equal, said with "exactly")
                if (cmp != null && (cmp.op() != Plan.Op.EQ || t.is("exactly")) && cmp.op() != Plan.Op.NE
                        && cmp.next() + 1 < toks.size()
                        && toks.get(cmp.next()).type == T.NUM && toks.get(cmp.next() + 1).type == T.COL
                        && toks.get(cmp.next() + 1).column.numeric() && !toks.get(cmp.next() + 1).thing) {
                    Column compared = toks.get(cmp.next() + 1).column;
                    addCompare(i, new Plan.Compare(compared, cmp.op(), amount(toks.get(cmp.next()), compared)));
                    notePerThing(i, compared);
                    use(i, cmp.next() + 2);
                }
            }
        }
        return null;
    }

    /** Words between "never" or "no" and what never happened: "never went above", "never had a temperature over". */
    private static final Set<String> NEVER_GLUE = Set.of("went", "gone", "got", "gotten", "had", "have", "has", "reported",
            "recorded", "registered", "gave", "given", "saw", "seen", "was", "were", "been", "be", "a", "an", "any", "ever",
            "the", "dropped", "fell", "rose", "climbed", "reached", "hit", "with", "anything", "anyone", "shipped", "sent",
            "received", "logged", "measured", "read");

    /**
     * A comparison read at {@code at}; after "never" or "no" said of things of several rows ("sensors that never went
     * above 35 degrees", "origins that had no shipment colder than -4"), none of each thing's rows may meet it — a
     * bound on the thing. A "never" said of anything else makes the question decline (left unused).
     */
    private void addCompare(int at, Plan.Compare compare) {
        int k = at - 1;
        while (k >= 0 && toks.get(k).type == T.WORD && toks.get(k).in(NEVER_GLUE) && !toks.get(k).used) {
            k--;
        }
        if (k >= 0 && toks.get(k).is("never", "no") && !toks.get(k).used) {
            Column thing = subjectBefore(k);
            if (thing != null && !thing.equals(compare.column()) && spansRows(thing)) {
                addBound(thing, Plan.Bound.none(compare));
                use(k, at);
                return;
            }
        }
        filters.add(compare);
    }

    /** Verbs a score is given with, before the score: "scored 9 on NPS", "gave 4 or 5 for satisfaction". */
    private static final Set<String> SCORING_VERBS = Set.of("scored", "rated", "gave", "answered", "chose", "picked", "got");

    /**
     * Numbers listed from {@code first} on and ended by "or": "9 or 10", "3, 4 or 5" (the tokens drop the commas);
     * the index of each, or an empty list when there is no such list.
     */
    private List<Integer> listedNumbers(int first) {
        List<Integer> at = new ArrayList<>(List.of(first));
        int k = first + 1;
        while (k < toks.size() && toks.get(k).type == T.NUM && !toks.get(k).used) {
            at.add(k++);
        }
        if (k + 1 >= toks.size() || !toks.get(k).is("or") || toks.get(k + 1).type != T.NUM || toks.get(k + 1).used
                || comparator(k + 2) != null || k + 2 < toks.size() && toks.get(k + 2).type == T.NUM) {
            return List.of(); // ("9 or 10 or more" was read as "at least" before)
        }
        at.add(k + 1);
        return at.stream().allMatch(n -> !toks.get(n).percent) ? at : List.of();
    }

    /** "An NPS of 9 or 10": either value of the column; false when the number at {@code first} is not in such a list. */
    private boolean eitherNumber(Column column, int first, int columnIndex) {
        List<Integer> at = listedNumbers(first);
        if (at.isEmpty()) {
            return false;
        }
        List<Plan.Filter> options = new ArrayList<>();
        for (int n : at) {
            options.add(new Plan.Compare(column, Plan.Op.EQ, amount(toks.get(n), column)));
        }
        filters.add(new Plan.AnyOf(options));
        use(Math.min(columnIndex, first), at.get(at.size() - 1) + 1);
        return true;
    }

    /** "Lines with 1 or 2 units": either number of the numeric column right after the list. */
    private boolean eitherBeforeColumn(int first) {
        List<Integer> at = listedNumbers(first);
        int col = at.isEmpty() ? -1 : at.get(at.size() - 1) + 1;
        if (col < 0 || col >= toks.size() || toks.get(col).type != T.COL || toks.get(col).used || toks.get(col).thing
                || !measurable(toks.get(col).column)) {
            return false;
        }
        eitherNumber(toks.get(col).column, first, first);
        use(first, col + 1);
        return true;
    }

    /** "Scored 9 or 10 on NPS": the score before the numeric column it is given on ("on", "for", "in"). */
    private boolean scoredOn(int first) {
        List<Integer> at = listedNumbers(first);
        int last = at.isEmpty() ? first : at.get(at.size() - 1);
        int on = last + 1;
        int col = on + 1 < toks.size() && toks.get(on + 1).is("the") ? on + 2 : on + 1;
        if (col >= toks.size() || !toks.get(on).is("on", "for", "in") || toks.get(col).type != T.COL || toks.get(col).used
                || !measurable(toks.get(col).column)) {
            return false;
        }
        Column column = toks.get(col).column;
        if (at.isEmpty()) {
            filters.add(new Plan.Compare(column, Plan.Op.EQ, amount(toks.get(first), column)));
        } else {
            eitherNumber(column, first, first);
        }
        use(first - 1, col + 1);
        return true;
    }

    /**
     * The thing a bound starting at {@code i} is said of, when it counts or adds up something else: the column named
     * just before it, past at most four words and values ("customers who placed", "origins sent", "days did /docs
     * get"); null otherwise.
     */
    private Column subjectBefore(int i) {
        int j = i - 1;
        // ("how many days in February had more than 1,600 sessions": the days, past the period that keeps them)
        while (j >= 0 && i - j <= 4 && (toks.get(j).type == T.WORD || toks.get(j).type == T.VAL || toks.get(j).type == T.DATE)) {
            if (toks.get(j).type == T.WORD && countsRows(toks.get(j))) {
                return null; // "order lines that had more than 10 units": rows, each with its own units
            }
            Plan.BucketKey period = periodNoun(j);
            if (period != null && (periodKey == null || periodKey.equals(period))) {
                periodSaid = period; // "which months had fewer than 10 shipments" (its periods, once a bound is read)
                return period.column();
            }
            j--;
        }
        if (j < 0 || toks.get(j).type != T.COL || toks.get(j).used) {
            return null;
        }
        Column c = toks.get(j).column;
        return !c.numeric() || identifier(c) ? c : null;
    }

    /** Notes a bound on each {@code thing}; a period said as a noun becomes the periods the question is about. */
    private void addBound(Column thing, Plan.Bound bound) {
        if (periodSaid != null && periodSaid.column().equals(thing) && periodKey == null) {
            periodKey = periodSaid;
        }
        boundsOnThings.add(Map.entry(thing, bound));
    }

    /**
     * Whether a date column says when something began that lasts after it (hire_date, signup_date, created_at), so
     * that the things it dates are on the books after it, unlike an order, a shipment or a transaction on its date.
     */
    static boolean marksABeginning(Column date) {
        return Words.nameWords(date.name()).stream().anyMatch(w -> w.matches(
                "hire|hired|join|joined|start|started|signup|signed|created|registered|birth|opened|enrolled|onboarded"));
    }

    /**
     * "failure rate by site", "fail rate", "return rate in 2024", "recommendation rate by country": the rate of the value
     * (or the yes/no column) named right before "rate" — the rows where it holds as a share of the rows — with the bound
     * said right after it ("sensors with a failure rate above 3.5%", in percent). Only one such rate a question.
     */
    Plan valueRates() {
        for (int i = 1; i < toks.size(); i++) {
            Tok t = toks.get(i);
            Tok before = toks.get(i - 1);
            if (!t.is("rate") || t.used || before.used) {
                continue;
            }
            Plan.Filter part = null;
            if (before.type == T.VAL && !before.negated && before.holders.size() <= 1 && outcome(before.column)) {
                part = new Plan.Equals(before.column, before.value, true, false);
            } else if (before.type == T.COL && (before.column.kind() == Dataset.Kind.BOOLEAN
                    || yesValue(before.column) != null)) {
                part = holds(before.column);
            } else if (before.type == T.WORD) {
                Column yesNo = yesNoNamedBy(before.text);
                part = yesNo == null ? null : holds(yesNo);
            }
            if (part == null) {
                continue;
            }
            if (valueRate != null) {
                return decline("I can give one rate at a time; ask for each of them separately.");
            }
            int next = i + 1;
            while (next < toks.size() && toks.get(next).is("is", "was", "are", "were", "of") && !toks.get(next).used) {
                next++; // "whose failure rate is above 3.5%", "a return rate of at least 15%"
            }
            Comparator cmp = comparator(next);
            int end = i + 1;
            Plan.Op op = null;
            BigDecimal percent = null;
            if (cmp != null && cmp.op() != Plan.Op.EQ && cmp.op() != Plan.Op.NE && cmp.next() < toks.size()
                    && toks.get(cmp.next()).type == T.NUM && toks.get(cmp.next()).percent) {
                op = cmp.op();
                percent = toks.get(cmp.next()).number;
                end = cmp.next() + 1;
            }
            valueRate = new ValueRate(part, op, percent);
            filters.add(part);
            shareAsked = true;
            use(i - 1, end);
        }
        return null;
    }

    /**
     * Whether a text column holds outcomes (its name says status, state, outcome or result), whose values each row
     * has one of: a rate of one of them is over all the rows. A category's value is not (a "refund rate" of a
     * ledger's categories: over payroll and rent too?).
     */
    private static boolean outcome(Column c) {
        return Words.nameWords(c.name()).stream().anyMatch(w -> w.matches("status|state|outcome|result|resolution"));
    }

    /**
     * The yes/no column a noun or a bare verb names: "return" or "returns" for returned, "cancellation" for cancelled,
     * "churn" for churned, "recommendation" for would_recommend, "delivery" for delivered; null when none, or several.
     */
    private Column yesNoNamedBy(String word) {
        Column found = null;
        for (Column c : dataset.columns()) {
            List<String> words = Words.nameWords(c.name());
            if (words.isEmpty() || c.kind() != Dataset.Kind.BOOLEAN && yesValue(c) == null) {
                continue;
            }
            String last = words.get(words.size() - 1);
            String stem = last.endsWith("ed") ? last.substring(0, last.length() - 2) : last;
            if (Set.of(stem, stem + "s", stem + "al", stem + "ation", stem + "ion", stem + "y", stem + "ies")
                    .contains(word)) {
                if (found != null) {
                    return null;
                }
                found = c;
            }
        }
        return found;
    }

    /** "Returned", "manager", "active": the rows where a yes/no column holds. */
    private Plan.Filter holds(Column yesNo) {
        String yes = yesValue(yesNo);
        return yes == null ? new Plan.IsTrue(yesNo, false) : new Plan.Equals(yesNo, yes, true, false);
    }

    static final Map<String, Plan.Bucket> PERIOD_NOUNS = Map.of("days", Plan.Bucket.DAY, "weeks",
            Plan.Bucket.WEEK, "months", Plan.Bucket.MONTH, "quarters", Plan.Bucket.QUARTER, "years", Plan.Bucket.YEAR);

    /**
     * The periods of the table's one date column said as a plural noun at {@code i} ("days", "months") — or, of
     * several, of the one the question's verb names ("on how many days were orders placed", "… did we ship"); else
     * null.
     */
    Plan.BucketKey periodNoun(int i) {
        Plan.Bucket bucket = toks.get(i).type == T.WORD ? PERIOD_NOUNS.get(toks.get(i).text) : null;
        if (bucket == null) {
            return null;
        }
        Column only = DataSpan.onlyDateColumn(dataset);
        Column date = only != null ? only : verbDate() < 0 ? null : toks.get(verbDate()).column;
        return date == null ? null : new Plan.BucketKey(date, bucket);
    }

    private static final Map<String, String> DATE_VERBS = Map.of("placed", "order", "ordered", "order", "ship", "ship",
            "shipped", "ship");

    /** The one date column a verb names ("shipped": Ship Date beside Order Date), or null. */
    Column dateOfVerb(Tok t) {
        String word = t.type == T.WORD ? DATE_VERBS.get(t.text) : null;
        List<Column> dates = word == null ? List.of() : dataset.columns().stream()
                .filter(c -> c.temporal() && Words.nameWords(c.name()).contains(word)).toList();
        return dates.size() == 1 ? dates.get(0) : null;
    }

    /**
     * Where a verb names one of several date columns ("placed"/"ordered": the order date; "ship"/"shipped": the ship
     * date), as the index of a word whose {@code column} is set to it; -1 when no verb does, or verbs name several.
     */
    int verbDate() {
        int at = -1;
        Column named = null;
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            // (a verb already read as naming its date still names it)
            Column date = !t.used || t.column != null ? dateOfVerb(t) : null;
            if (date != null) {
                if (named != null && !named.equals(date)) {
                    return -1;
                }
                named = date;
                t.column = named;
                at = i;
            }
        }
        return at;
    }

    /**
     * "How many days…", "in how many months…": the periods counted, when the question bounds what each of them
     * holds or counts those with rows that meet its conditions (the planner checks it does); the noun is used.
     */
    void periodsCounted() {
        for (int i = 0; i + 2 < toks.size(); i++) {
            if (!toks.get(i).is("how") || !toks.get(i + 1).is("many")) {
                continue;
            }
            int k = toks.get(i + 2).is("different", "distinct", "separate") ? i + 3 : i + 2;
            Plan.BucketKey period = k < toks.size() && !toks.get(k).used ? periodNoun(k) : null;
            if (period != null) {
                periodKey = period;
                periodAt = k;
                use(i + 2, k + 1);
                int verb = verbDate();
                if (verb >= 0 && period.column().equals(toks.get(verb).column)) {
                    toks.get(verb).used = true; // "were orders placed", "did we ship": which date's days
                }
            }
            return;
        }
    }

    /**
     * "Departments with between 15 and 20 employees": a range of what each thing counts or adds up, read as the bound
     * "at least" the higher number names, then widened to the range; false when the words after it count nothing.
     */
    private boolean boundBetween(Column thing, int from, int between) {
        int bounds = boundsOnThings.size();
        int conditions = filters.size();
        if (!boundOnThing(thing, from, new Comparator(Plan.Op.GE, between + 3))) {
            return false;
        }
        BigDecimal one = toks.get(between + 1).number;
        BigDecimal other = toks.get(between + 3).number;
        if (boundsOnThings.size() > bounds) {
            Map.Entry<Column, Plan.Bound> read = boundsOnThings.remove(boundsOnThings.size() - 1);
            Plan.Bound b = read.getValue();
            BigDecimal low = b.measure().fn() == Plan.Fn.SUM ? amount(toks.get(between + 1), b.measure().column()) : one;
            BigDecimal high = b.measure().fn() == Plan.Fn.SUM ? amount(toks.get(between + 3), b.measure().column()) : other;
            boundsOnThings.add(Map.entry(read.getKey(), new Plan.Bound(b.measure(), null, low.min(high), low.max(high),
                    b.of())));
        } else if (filters.size() > conditions && filters.get(filters.size() - 1) instanceof Plan.Compare c) {
            // one row each: the rows whose amount is in the range
            BigDecimal low = amount(toks.get(between + 1), c.column());
            filters.set(filters.size() - 1, new Plan.Between(c.column(), low.min(c.value()), low.max(c.value())));
        }
        return true;
    }

    /** Whether the word at {@code at}, after a bound's number, names what it counts or adds up (a column, rows…). */
    private boolean countable(int at) {
        if (at >= toks.size()) {
            return false;
        }
        Tok t = toks.get(at);
        return t.type == T.COL || t.type == T.VAL || datesCounted(at) != null
                || t.type == T.WORD && (countsRows(t) || t.is("different", "distinct",
                "unique", "separate") || t.is("in", "of") && at + 1 < toks.size() && toks.get(at + 1).type == T.COL);
    }

    private static final Set<String> SPENDING = Set.of("spent", "spend", "spends", "spending", "worth", "paid", "pay",
            "generated", "earned", "made", "brought");

    /** A verb of spending or earning just before a bound ("spent more than"), as its index; -1 when there is none. */
    private int amountVerb(int from) {
        for (int j = from - 1; j >= 0 && j >= from - 3; j--) {
            if (!toks.get(j).used && toks.get(j).type == T.WORD && SPENDING.contains(toks.get(j).text)) {
                return j;
            }
        }
        return -1;
    }

    /**
     * The amount a verb means: for spending or paying, a column named by the verb ("spend"), else the table's one
     * money column that adds up; for what something is worth or brought in, its one column of sales or revenue (not a
     * cost); null when there is none or several (sales and profit: which?).
     */
    private Column spentColumn(Tok verb) {
        List<Column> amounts = dataset.columns().stream().filter(c -> c.numeric() && money(c) && !nonAdditive(c)
                && !identifier(c)).toList();
        if (!verb.text.startsWith("spen") && !verb.text.startsWith("pa")) {
            amounts = amounts.stream().filter(c -> Words.nameWords(c.name()).stream().anyMatch(
                    w -> w.matches("sales?|revenue|income|amount|turnover"))).toList();
        }
        List<Column> named = amounts.stream().filter(c -> Words.nameWords(c.name()).contains("spend")
                && verb.text.startsWith("spen")).toList();
        return named.size() == 1 ? named.get(0) : amounts.size() == 1 ? amounts.get(0) : null;
    }

    /**
     * "Days" after a bound's number, where the table's one date column holds plain dates: that column, whose distinct
     * values are the days counted; null otherwise (a timestamp's days, or weeks and months, are not one column's
     * values).
     */
    private Column datesCounted(int at) {
        Plan.BucketKey period = at < toks.size() ? periodNoun(at) : null;
        return period == null || period.bucket() != Plan.Bucket.DAY || period.column().type() == null
                || !period.column().type().equalsIgnoreCase("DATE") ? null : period.column();
    }

    /** A yes/no column named as an adjective: "returned orders". */
    private boolean yesNoColumn(Tok t) {
        return t.type == T.COL && !t.used && (t.column.kind() == Dataset.Kind.BOOLEAN || yesValue(t.column) != null);
    }

    /** A word that names rows: "lines", "readings", "line items". */
    private static boolean countsRows(Tok t) {
        return ROW_NOUNS.contains(t.singular) || UNIDENTIFIED_ROWS.contains(t.singular) || t.singular.equals("item");
    }

    /**
     * "Cities with an average salary above 100,000", "sensors that had a minimum battery voltage below 3.2",
     * "departments with a total salary over 1.6 million": a function said before a column and a bound after it, of
     * a thing named before them that spans several rows, is a bound on each thing's figure; the words are used.
     * (Things with one row each keep their conditions on rows.)
     */
    void figureBoundsOnThings() {
        for (int i = 0; i + 3 < toks.size(); i++) {
            Tok word = toks.get(i);
            Plan.Fn fn = word.used || word.type != T.WORD ? null : word.in(AVG_WORDS) ? Plan.Fn.AVG
                    : word.in(SUM_WORDS) ? Plan.Fn.SUM : word.is("minimum", "min", "lowest", "smallest") ? Plan.Fn.MIN
                    : word.is("maximum", "max", "highest", "largest", "biggest") ? Plan.Fn.MAX : null;
            Tok column = toks.get(i + 1);
            if (fn == null || column.type != T.COL || column.used || !column.column.numeric()
                    || identifier(column.column) || column.column.temporal()) {
                continue;
            }
            // ("whose largest debit was over 4,000")
            Comparator cmp = comparator(word(i + 2).matches("was|were|is|are") ? i + 3 : i + 2);
            if (cmp == null || cmp.op() == Plan.Op.EQ || cmp.op() == Plan.Op.NE || cmp.next() >= toks.size()
                    || toks.get(cmp.next()).type != T.NUM) {
                continue;
            }
            int before = i - 1;
            while (before >= 0 && toks.get(before).is("a", "an", "the", "its", "their")) {
                before--;
            }
            // "cities with an average salary …", "months in which the average satisfaction was …", "in how many
            // months was the average …"
            Column thing = before >= 0 && (toks.get(before).in(RELATIVE) || toks.get(before).is("was", "were"))
                    ? subjectBefore(before + 1) : null;
            if (thing == null || !spansRows(thing)) {
                continue;
            }
            Column measured = column.column;
            addBound(thing, new Plan.Bound(new Plan.Measure(fn, measured), cmp.op(),
                    amount(toks.get(cmp.next()), measured)));
            use(before + 1, cmp.next() + 1);
        }
    }

    /**
     * "Departments with more than 20 employees", "pages that had more than 5,000 sessions", "orders with more than one
     * line": a bound on what each {@code thing} counts (the things another identifier names, or rows) or adds up (an
     * amount), noted in {@link #boundsOnThings} with its words used; false when the words after the number are none
     * of these.
     */
    private boolean boundOnThing(Column thing, int from, Comparator cmp) {
        if (cmp.op() == Plan.Op.NE || cmp.next() >= toks.size() || toks.get(cmp.next()).type != T.NUM
                || toks.get(cmp.next()).percent) {
            return false;
        }
        if (!countable(cmp.next() + 1)) {
            // "customers who spent more than 2,000", "orders worth over $400": the one amount the verb can mean
            int verb = amountVerb(from);
            Column amount = verb < 0 ? null : spentColumn(toks.get(verb));
            if (amount == null || cmp.op() == Plan.Op.EQ) {
                return false;
            }
            Plan.Bound bound = new Plan.Bound(new Plan.Measure(Plan.Fn.SUM, amount), cmp.op(),
                    amount(toks.get(cmp.next()), amount));
            if (spansRows(thing)) {
                addBound(thing, bound);
            } else if (thing.distinctCount() != null) {
                filters.add(new Plan.Compare(amount, cmp.op(), bound.value())); // one row each: the row's amount
            } else {
                return false;
            }
            toks.get(verb).used = true;
            use(from, cmp.next() + 1);
            return true;
        }
        Tok number = toks.get(cmp.next());
        int at = cmp.next() + 1;
        List<Plan.Filter> ofRows = new ArrayList<>();
        while (at + 1 < toks.size() && (toks.get(at).type == T.VAL && !toks.get(at).negated || yesNoColumn(toks.get(at)))
                && (toks.get(at + 1).type == T.COL || toks.get(at + 1).type == T.VAL
                        || toks.get(at + 1).type == T.WORD && countsRows(toks.get(at + 1)))) {
            // "more than 5,000 mobile sessions", "fewer than 2 returned orders": each thing's figure of those rows
            Tok v = toks.get(at);
            ofRows.add(v.type == T.VAL ? new Plan.Equals(v.column, v.value, true, false) : holds(v.column));
            at++;
        }
        int end = at + 1;
        Tok counted = toks.get(at);
        if (counted.is("in", "of") && at + 1 < toks.size() && toks.get(at + 1).type == T.COL
                && toks.get(at + 1).column.numeric() && ofRows.isEmpty()) {
            counted = toks.get(++at); // "more than 600,000 in revenue", "more than $500 of revenue": an amount
            end++;
        }
        if (counted.is("different", "distinct", "unique", "separate") && at + 1 < toks.size()) {
            counted = toks.get(++at); // "at least 3 different products"
            end++;
        }
        Plan.Measure measure;
        Plan.Filter of = null;
        if (counted.type == T.COL && counted.thing && !counted.column.equals(thing)) {
            measure = new Plan.Measure(Plan.Fn.COUNT_DISTINCT, counted.column); // "more than 20 employees"
        } else if (counted.type == T.COL && namesEvents(counted)) {
            measure = new Plan.Measure(Plan.Fn.COUNT_ROWS, null); // "which years had more than 10 hires": the rows
        } else if (counted.type == T.COL && plural(counted) && !counted.column.numeric() && !counted.column.equals(thing)
                && (counted.column.kind() == Dataset.Kind.BOOLEAN || yesValue(counted.column) != null)) {
            // "at least 3 managers": the rows where the yes/no column holds
            measure = new Plan.Measure(Plan.Fn.COUNT_ROWS, null);
            of = holds(counted.column);
        } else if (counted.type == T.COL && plural(counted) && !counted.column.numeric() && !counted.column.temporal()
                && !counted.column.equals(thing)) {
            measure = new Plan.Measure(Plan.Fn.COUNT_DISTINCT, counted.column); // "more than 7 states"
        } else if (counted.type == T.VAL && !counted.negated && !counted.text.equals(Words.singular(counted.text))) {
            // "more than 700 warnings", "fewer than 45 failures": the rows of that value, each thing's own
            measure = new Plan.Measure(Plan.Fn.COUNT_ROWS, null);
            of = new Plan.Equals(counted.column, counted.value, true, false);
        } else if (counted.type == T.COL && counted.column.numeric() && !identifier(counted.column)
                && !nonAdditive(counted.column) && !counted.column.temporal()) {
            measure = new Plan.Measure(Plan.Fn.SUM, counted.column); // "more than 5,000 sessions"
        } else if (datesCounted(at) != null && ofRows.isEmpty()) {
            // "campaigns that ran for more than 45 days": the days each has rows on
            measure = new Plan.Measure(Plan.Fn.COUNT_DISTINCT, datesCounted(at));
        } else if (counted.type == T.WORD && countsRows(counted) && !counted.singular.equals("item")) {
            measure = new Plan.Measure(Plan.Fn.COUNT_ROWS, null); // "more than one line", "more than 3 line items"
            if (end < toks.size() && toks.get(end).type == T.WORD && toks.get(end).singular.equals("item")) {
                end++;
            }
        } else {
            return false;
        }
        boolean rowEach = !spansRows(thing) && thing.distinctCount() != null;
        if (rowEach && measure.fn() != Plan.Fn.SUM || cmp.op() == Plan.Op.EQ && measure.fn() == Plan.Fn.SUM
                || rowEach && !ofRows.isEmpty()) {
            return false; // ("exactly" a count: "exactly one line"; an amount equal to a number is a row's)
        }
        if (of != null) {
            ofRows.add(of);
        }
        of = ofRows.isEmpty() ? null : ofRows.size() == 1 ? ofRows.get(0) : new Plan.AllOf(ofRows);
        BigDecimal value = measure.fn() == Plan.Fn.SUM ? amount(number, measure.column()) : number.number;
        if (rowEach) {
            // "transactions over 5000 debit", one row each: the rows themselves
            filters.add(new Plan.Compare(measure.column(), cmp.op(), value));
        } else {
            addBound(thing, new Plan.Bound(measure, cmp.op(), value, null, of));
        }
        use(from, end); // (the values and yes/no columns said before the counted noun are the bound's own)
        return true;
    }

    /**
     * "Orders that include both a Big Box and a Sprocket", "customers who bought both Gadget and Widget": each thing
     * has a row of every value named, a bound on how many of them it has (the values themselves stay a condition on
     * rows). Only of things that span several rows; elsewhere "both" stays unplaced and the question declines, and so
     * does a list joined by "and" after such a verb without "both" ("orders that contained Widget and Gadget": each
     * of them, or either?).
     */
    Plan bothValues() {
        for (int i = 0; i + 3 < toks.size(); i++) {
            if (toks.get(i).used || !toks.get(i).is("both") && !toks.get(i).in(HOLDING)) {
                continue;
            }
            Column column = null;
            Set<String> values = new LinkedHashSet<>();
            int j = i + 1;
            while (j < toks.size() && (toks.get(j).is("a", "an", "the", "and", ",") || toks.get(j).type == T.VAL
                    && !toks.get(j).negated && (column == null || column.equals(toks.get(j).column)))) {
                if (toks.get(j).type == T.VAL) {
                    column = toks.get(j).column;
                    values.add(toks.get(j).value);
                }
                j++;
            }
            Column thing = subjectBefore(i);
            if (values.size() < 2 || thing == null || thing.equals(column) || !spansRows(thing)) {
                continue;
            }
            if (!toks.get(i).is("both")) {
                if (toks.subList(i + 1, j).stream().noneMatch(t -> t.is("and"))) {
                    continue; // "orders with Widget or Gadget"
                }
                // "orders that contained Widget and Gadget": each of them, or either?
                return decline("Each " + thing.name() + " has several rows, so I can't tell whether you mean those with "
                        + "every one of " + quoteList(new ArrayList<>(values)) + " or with any of them; say \"both\" ("
                        + "\"… both " + String.join(" and ", values) + "\") or \"or\".");
            }
            addBound(thing, new Plan.Bound(new Plan.Measure(Plan.Fn.COUNT_DISTINCT, column),
                    Plan.Op.EQ, BigDecimal.valueOf(values.size())));
            toks.get(i).used = true;
        }
        return null;
    }

    /**
     * Notes a comparison starting at i that a relative word attaches to the thing before it ("customers who have
     * revenue over 1000", "with a total of more than 5"): it may be about each thing's total.
     */
    void notePerThing(int i, Column compared) {
        int before = i - 1 >= 0 && toks.get(i - 1).is("a", "an", "any", "total") ? i - 2 : i - 1;
        if (before >= 0 && toks.get(before).in(RELATIVE) && compared.numeric() && !nonAdditive(compared)
                && !(before > 0 && oneRowEach(toks.get(before - 1)))) {
            comparedPerThing.add(compared);
        }
    }

    /** Whether the word names single rows: "lines", "readings", or things with one row each (a shipment per row). */
    private boolean oneRowEach(Tok t) {
        return t.type == T.WORD && (ROW_NOUNS.contains(t.singular) || UNIDENTIFIED_ROWS.contains(t.singular))
                || t.type == T.COL && t.thing && t.column.distinctCount() != null
                        && t.column.distinctCount() == dataset.rowCount();
    }

    /**
     * The index of the next value of the column in a list after index j ("North or South", "North, South"), or -1.
     */
    int nextListedValue(int j, Column column) {
        int next = j + 1 < toks.size() && toks.get(j + 1).is("or", "and", "nor") ? j + 2 : j + 1;
        return next < toks.size() && toks.get(next).type == T.VAL && !toks.get(next).used
                && toks.get(next).column.equals(column) ? next : -1;
    }

    /**
     * The number as the column holds it: "10%" is 0.1 in a column of fractions (all values between -1 and 1),
     * and 10 in one of percentages.
     */
    BigDecimal amount(Tok number, Column column) {
        if (!number.percent) {
            return number.number;
        }
        try {
            if (column.min() != null && column.max() != null && new BigDecimal(column.min()).abs().compareTo(BigDecimal.ONE) <= 0
                    && new BigDecimal(column.max()).abs().compareTo(BigDecimal.ONE) <= 0) {
                return number.number.movePointLeft(2);
            }
        } catch (NumberFormatException e) {
            // not a plain number: take the percentage as written
        }
        return number.number;
    }

    boolean isEqualityWord(Tok t, int index) {
        return (t.is("is", "was", "are", "were")) && index + 1 < toks.size() && !toks.get(index + 1).is("between")
                && (toks.get(index + 1).type == T.LIT || toks.get(index + 1).type == T.VAL
                        || toks.get(index + 1).type == T.NUM || toks.get(index + 1).type == T.WORD
                                && !toks.get(index + 1).in(LINKING) && comparator(index + 1) == null
                        || toks.get(index + 1).is("not"));
    }

    Plan equality(int columnIndex, Comparator cmp) {
        Tok col = toks.get(columnIndex);
        Tok v = toks.get(cmp.next());
        boolean negated = cmp.op() == Plan.Op.NE;
        if (v.is("null", "missing", "blank", "empty")) {
            // "where note is null": rows without a value, never the text 'null'
            filters.add(new Plan.IsNull(col.column, negated));
            use(columnIndex, cmp.next() + 1);
            return null;
        }
        if (v.type == T.LIT) {
            filters.add(new Plan.Equals(col.column, v.text, false, negated));
            use(columnIndex, cmp.next() + 1);
            return null;
        }
        if (v.type == T.VAL && v.column.equals(col.column)) {
            filters.add(new Plan.Equals(col.column, v.value, true, negated));
            use(columnIndex, cmp.next() + 1);
            // "region is not North or South", "region is North, South or East": the whole list
            int j = cmp.next();
            for (int next = nextListedValue(j, col.column); next >= 0; next = nextListedValue(j, col.column)) {
                filters.add(new Plan.Equals(col.column, toks.get(next).value, true, negated));
                use(j + 1, next + 1);
                j = next;
            }
            return null;
        }
        if (v.type == T.WORD && col.column.kind() == Dataset.Kind.BOOLEAN && YES_OR_NO.contains(v.text)) {
            // "is_manager = yes": true or false, however it is said (the column's text is "true"/"false")
            boolean no = v.is("no", "n", "false", "f");
            filters.add(new Plan.IsTrue(col.column, negated != no));
            use(columnIndex, cmp.next() + 1);
            return null;
        }
        // a word typed as a value: only where the column's values are not all known ("which products are
        // profitable" is not a product named "profitable"), and for yes/no columns only yes/no words
        boolean allKnown = col.column.distinctCount() != null && !col.column.topValues().isEmpty()
                && col.column.topValues().size() >= col.column.distinctCount();
        if (v.type == T.WORD && (col.column.kind() == Dataset.Kind.TEXT && !allKnown
                || col.column.kind() == Dataset.Kind.BOOLEAN && YES_OR_NO.contains(v.text))) {
            int end = cmp.next();
            List<String> words = new ArrayList<>();
            while (end < toks.size() && toks.get(end).type == T.WORD && !toks.get(end).in(KEYWORDS)
                    && !toks.get(end).in(Words.FILLER) && !toks.get(end).in(LIST_WORDS)) {
                words.add(toks.get(end).text);
                end++;
            }
            if (!words.isEmpty()) {
                filters.add(new Plan.Equals(col.column, String.join(" ", words), false, negated));
                use(columnIndex, end);
            }
        }
        return null;
    }

    Comparator comparator(int i) {
        if (i >= toks.size()) {
            return null;
        }
        Tok t = toks.get(i);
        if (t.type == T.SYM) {
            Plan.Op op = switch (t.text) {
                case ">" -> Plan.Op.GT;
                case ">=" -> Plan.Op.GE;
                case "<" -> Plan.Op.LT;
                case "<=" -> Plan.Op.LE;
                case "=" -> Plan.Op.EQ;
                case "!=", "<>" -> Plan.Op.NE;
                default -> null; // a stray symbol ("/", "+") compares nothing
            };
            if (op == null) {
                return null;
            }
            return new Comparator(op, i + 1);
        }
        String w1 = word(i);
        String w2 = word(i + 1);
        String w3 = word(i + 2);
        String w4 = word(i + 3);
        if ((w1.equals("greater") || w1.equals("more") || w1.equals("higher") || w1.equals("larger")
                || w1.equals("bigger")) && w2.equals("than")) {
            if (w3.equals("or") && w4.equals("equal")) {
                return new Comparator(Plan.Op.GE, i + 4 + (word(i + 4).equals("to") ? 1 : 0));
            }
            return new Comparator(Plan.Op.GT, i + 2);
        }
        if ((w1.equals("less") || w1.equals("fewer") || w1.equals("lower") || w1.equals("smaller")) && w2.equals("than")) {
            if (w3.equals("or") && w4.equals("equal")) {
                return new Comparator(Plan.Op.LE, i + 4 + (word(i + 4).equals("to") ? 1 : 0));
            }
            return new Comparator(Plan.Op.LT, i + 2);
        }
        if (w1.equals("at") && w2.equals("least") || (w1.equals("no") || w1.equals("not")) && (w2.equals("less")
                || w2.equals("fewer")) && w3.equals("than")) {
            return new Comparator(Plan.Op.GE, w1.equals("at") ? i + 2 : i + 3);
        }
        if (w1.equals("at") && w2.equals("most") || (w1.equals("no") || w1.equals("not")) && w2.equals("more")
                && w3.equals("than")) {
            return new Comparator(Plan.Op.LE, w1.equals("at") ? i + 2 : i + 3);
        }
        if (Set.of("over", "above", "exceeding", "exceeds", "exceed").contains(w1)) {
            return new Comparator(Plan.Op.GT, i + 1);
        }
        if (Set.of("under", "below").contains(w1)) {
            return new Comparator(Plan.Op.LT, i + 1);
        }
        if (w1.equals("equal") || w1.equals("equals")) {
            return new Comparator(Plan.Op.EQ, i + 1 + (w2.equals("to") ? 1 : 0));
        }
        if (Set.of("is", "was", "are", "were").contains(w1)) {
            if (w2.equals("not")) {
                return new Comparator(Plan.Op.NE, i + 2);
            }
            if (comparator(i + 1) != null) {
                return comparator(i + 1);
            }
            return new Comparator(Plan.Op.EQ, i + 1);
        }
        if (w1.equals("exactly")) {
            return new Comparator(Plan.Op.EQ, i + 1);
        }
        if (w1.equals("not")) {
            return new Comparator(Plan.Op.NE, i + 1);
        }
        return null;
    }

    // ---- negations ---------------------------------------------------------------------------------------

    /**
     * Verbs of holding, buying or using after "not" or "never": "didn't include", "never bought", "never used Email",
     * "never paid rent" — said of things with several rows, none of their rows (or, unsure, declined).
     */
    private static final String HOLDING_VERB = "includ(e|es|ed|ing)|contain(s|ed|ing)?|buy|bought|purchased?"
            + "|used?|uses|gets?|got|paid|pays?|went|go|goes|ran|runs?|ordered|had|ha(ve|s)|chose|picked|selected";

    /**
     * "not in North", "excluding West", "other than Gadget or Gizmo", "apart from Display", "all regions but West":
     * the values after a negation are excluded.
     * A negation left without a value of a column is not understood, and makes the question decline.
     */
    void negations() {
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            int j;
            if (!t.used && (t.in(NEGATIONS) || t.is("never") && (word(i + 1).matches(HOLDING_VERB)
                    || i + 1 < toks.size() && toks.get(i + 1).type == T.VAL))) { // ("sensors that never failed")
                j = i + 1;
            } else if (!t.used && t.is("no") && i > 0 && toks.get(i - 1).is("had", "have", "has", "with", "sold", "got")) {
                // "states that had no Same Day orders", "months with no shipments to Miami": none of their rows
                j = i + 1;
                if (j + 1 < toks.size() && toks.get(j).type == T.COL && toks.get(j).thing && !toks.get(j).used) {
                    j++; // ("no employees in Seattle": the rows counted, then the value)
                }
            } else if (!t.used && (t.is("other") && word(i + 1).equals("than")
                    || t.is("apart", "aside") && word(i + 1).equals("from"))) {
                j = i + 2;
            } else if (!t.used && t.is("but") && i > 0 && (toks.get(i - 1).is("all", "everything", "everyone", "every")
                    || toks.get(i - 1).type == T.COL)) {
                j = i + 1; // "all but ok", "all regions but West"
            } else {
                continue;
            }
            while (j < toks.size() && toks.get(j).in(NEGATION_GLUE) && !toks.get(j).used) {
                j++;
            }
            if (j + 1 < toks.size() && toks.get(j).type == T.COL && !toks.get(j).used && toks.get(j + 1).type == T.VAL
                    && toks.get(j + 1).column.equals(toks.get(j).column)) {
                toks.get(j).used = true; // "excluding sensor S8": the column names the value's column
                j++;
            }
            if (j >= toks.size() || toks.get(j).type != T.VAL || toks.get(j).used) {
                continue;
            }
            Column column = toks.get(j).column;
            toks.get(j).negated = true;
            if (t.is("without", "non", "never", "no") || t.is("not") && word(i + 1).matches(HOLDING_VERB + "|with")) {
                absentOn.add(column); // "orders without Widget": none of their lines, or the lines other than Widget?
            }
            use(i, j);
            if (i > 0 && toks.get(i - 1).type == T.COL && toks.get(i - 1).column.equals(column) && !hasRankWord()) {
                toks.get(i - 1).used = true; // "products other than Gadget" (but "top 3 products excluding X" ranks them)
            }
            // "not in North or South", "excluding North, South": none of them
            for (int next = nextListedValue(j, column); next >= 0; next = nextListedValue(j, column)) {
                use(j + 1, next);
                toks.get(next).negated = true;
                j = next;
            }
            if (absentOn.contains(column)) {
                List<String> values = new ArrayList<>();
                toks.subList(i, j + 1).stream().filter(v -> v.type == T.VAL && v.column.equals(column))
                        .forEach(v -> values.add(v.value));
                Plan.Filter having = values.size() == 1 ? new Plan.Equals(column, values.get(0), true, false)
                        : new Plan.OneOf(column, values);
                if (noneOfTheirRows(i, j, column, having, t.is("never", "no"))) {
                    toks.subList(i, j + 1).forEach(v -> v.negated = false); // a bound, not a condition on rows
                    absentOn.remove(column);
                } else {
                    Column thing = subjectBefore(i);
                    if (thing != null && !thing.equals(column) && spansRows(thing)) {
                        absentOf.add(thing); // "campaigns that did not run on Email": none of their rows, or those rows?
                    }
                }
            }
        }
    }

    /**
     * "Orders that didn't include any Gadget", "orders with no discount at all": none of the rows of each thing (a
     * thing that spans several rows, named before {@code from}) holds {@code having} — a bound on each thing, noted
     * with the words from {@code from} to {@code to} (and "at all" after them) used; false when "any" or "at all" is
     * not said (nor "never"), or the thing has one row each.
     */
    boolean noneOfTheirRows(int from, int to, Column column, Plan.Filter having, boolean never) {
        boolean atAll = word(to + 1).equals("at") && word(to + 2).equals("all");
        if (!never && !atAll && toks.subList(from, to + 1).stream().noneMatch(x -> x.is("any"))) {
            return false;
        }
        Column thing = subjectBefore(from);
        if (thing == null || thing.equals(column) || !spansRows(thing)) {
            return false;
        }
        addBound(thing, Plan.Bound.none(having));
        use(from, atAll ? to + 3 : to + 1);
        return true;
    }

    private boolean mostBefore(Tok t) {
        int i = toks.indexOf(t);
        return i > 0 && toks.get(i - 1).is("most", "fewest", "least");
    }

    /**
     * A yes/no column left over is a condition: "how many orders were returned" counts the returned ones, "not
     * returned" the others. ("distinct is_manager" still lists its values.)
     */
    void yesNo() {
        boolean computes = false;
        for (Tok t : toks) {
            if (!t.used && t.in(DISTINCT_WORDS)) {
                return;
            }
            computes |= t.is("how", "count", "number", "total", "sum", "average", "avg", "mean", "median")
                    || t.type == T.COL && (t.thing || t.column.numeric() && !identifier(t.column));
            if (!t.used && t.type == T.COL && plural(t) && (!groups.isEmpty() || mostBefore(t))
                    && (t.column.kind() == Dataset.Kind.BOOLEAN || yesValue(t.column) != null)) {
                // "managers by city", "the department with the most managers": the rows where it holds, counted
                yesNoCounted = true;
                computes = true;
            }
        }
        // "which campaigns are still active", "list the active campaigns": the values of a text column where it holds
        computes |= toks.stream().anyMatch(t -> !t.used && t.is("which", "list"))
                && toks.stream().anyMatch(t -> !t.used && t.type == T.COL && t.column.kind() == Dataset.Kind.TEXT
                        && yesValue(t.column) == null);
        if (!computes) {
            return; // "would_recommend by country": the answers themselves, not only the yes
        }
        for (int i = 0; i < toks.size(); i++) {
            Tok t = toks.get(i);
            if (t.used || t.type != T.COL) {
                continue;
            }
            String yes = yesValue(t.column);
            if (t.column.kind() != Dataset.Kind.BOOLEAN && yes == null) {
                continue;
            }
            int back = i - 1;
            while (back >= 0 && toks.get(back).in(LINKING)) {
                back--;
            }
            Column thing = back >= 0 && toks.get(back).is("never", "no") && !toks.get(back).used ? subjectBefore(back)
                    : null;
            if (thing != null && !thing.equals(t.column) && spansRows(thing)
                    && (toks.get(back).is("never") || plural(t))) {
                // "products that were never returned", "cities with no managers": none of their rows, a bound on each
                addBound(thing, Plan.Bound.none(holds(t.column)));
                int end = i + 1;
                if (word(end).equals("at") && word(end + 1).equals("all")) {
                    end += 2; // "no managers at all"
                } else if (word(end).matches("a|an|any") && end + 1 < toks.size() && toks.get(end + 1).type == T.COL
                        && toks.get(end + 1).thing) {
                    end += 2; // "never returned an order": what is returned is the thing's own rows
                } else if (word(end).matches("anything|any")) {
                    end++;
                }
                use(back, end);
                continue;
            }
            boolean apartFrom = back > 0 && toks.get(back).is("from") && toks.get(back - 1).is("apart", "aside")
                    && !toks.get(back - 1).used;
            boolean negated = back >= 0 && !toks.get(back).used && (toks.get(back).is("not", "non", "excluding", "except",
                    "without")
                    || toks.get(back).is("t") && back > 0 && toks.get(back - 1).text.endsWith("n") || apartFrom);
            if (negated) {
                use(apartFrom ? back - 1 : back, i);
                if (toks.get(back).is("t")) {
                    toks.get(back - 1).used = true;
                }
            }
            filters.add(yes == null ? new Plan.IsTrue(t.column, negated) : new Plan.Equals(t.column, yes, true, negated));
            t.used = true;
        }
        // "managers vs non-managers": both sides of one yes/no column are a comparison, one row each
        Map<Column, List<Plan.Filter>> sides = new LinkedHashMap<>();
        for (Plan.Filter f : filters) {
            if (f instanceof Plan.IsTrue b) {
                sides.computeIfAbsent(b.column(), c -> new ArrayList<>()).add(f);
            } else if (f instanceof Plan.Equals e && yesValue(e.column()) != null && e.exact()) {
                sides.computeIfAbsent(e.column(), c -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<Column, List<Plan.Filter>> side : sides.entrySet()) {
            if (side.getValue().size() > 1 && groups.size() < 2) {
                filters.removeAll(side.getValue());
                groups.add(new Plan.ColumnKey(side.getKey()));
            }
        }
    }

    /**
     * "how many orders have a discount", "revenue of orders with a discount": rows where the column has a value
     * other than zero (a discount of 0 is no discount; a temperature of 0 is a temperature); "with no note",
     * "without a discount": rows without one.
     */
    void presence() {
        for (int i = 1; i < toks.size(); i++) {
            Tok t = toks.get(i);
            boolean text = t.type == T.COL && t.column.kind() == Dataset.Kind.TEXT && yesValue(t.column) == null;
            if (t.used || t.type != T.COL || !(t.column.numeric() || text) || identifier(t.column)) {
                continue;
            }
            boolean article = toks.get(i - 1).is("a", "an", "any", "some");
            int verb = article ? i - 2 : i - 1;
            // "have a discount", "with a note", and "… over 10 and a discount" after another condition
            if (verb >= 0 && (toks.get(verb).is("have", "has", "had") || article && toks.get(verb).is("with")
                    || article && toks.get(verb).is("and") && !filters.isEmpty())) {
                filters.add(!zeroMeansNone(t.column) ? new Plan.IsNull(t.column, true)
                        : new Plan.Compare(t.column, Plan.Op.NE, BigDecimal.ZERO));
                use(verb, i + 1);
                continue;
            }
            // "had zero sessions", "negative profit", "a positive balance": a sign, said in words
            if (t.column.numeric() && toks.get(i - 1).is("zero", "negative", "positive") && !toks.get(i - 1).used) {
                Plan.Op op = toks.get(i - 1).is("zero") ? Plan.Op.EQ : toks.get(i - 1).is("negative") ? Plan.Op.LT : Plan.Op.GT;
                filters.add(new Plan.Compare(t.column, op, BigDecimal.ZERO));
                use(i - 1, i + 1);
                continue;
            }
            // "have no note", "with no discount", "without a memo", "without discount", "missing humidity": no
            // value (or zero)
            int absent = toks.get(i - 1).is("without", "missing") ? i - 1
                    : article && i >= 2 && toks.get(i - 2).is("without") ? i - 2
                    : toks.get(i - 1).is("no") && i >= 2 && toks.get(i - 2).is("have", "has", "had", "with") ? i - 2
                    : -1;
            Plan.Filter has = !zeroMeansNone(t.column) ? new Plan.IsNull(t.column, true)
                    : new Plan.Compare(t.column, Plan.Op.NE, BigDecimal.ZERO);
            if (absent >= 0 && !toks.get(absent).used && noneOfTheirRows(absent, i, t.column, has, false)) {
                continue; // "orders with no discount at all", "orders without any discount"
            }
            if (absent >= 0 && !toks.get(absent).used) {
                absentOn.add(t.column);
                if (absent == i - 1 && toks.get(absent).is("without") && plural(t) && absent > 0
                        && toks.get(absent - 1).type == T.COL && toks.get(absent - 1).column.numeric()
                        && !identifier(toks.get(absent - 1).column)) {
                    measureWithout = t.column; // "revenue without discounts": of undiscounted rows, or gross?
                }
                filters.add(!zeroMeansNone(t.column) ? new Plan.IsNull(t.column, false)
                        : new Plan.AnyOf(List.of(new Plan.IsNull(t.column, false),
                                new Plan.Compare(t.column, Plan.Op.EQ, BigDecimal.ZERO))));
                use(absent, i + 1);
            }
        }
    }

    /** Several "is" filters on one column mean any of them: a row has one region, never North and South at once. */
    void mergeAlternatives() {
        Map<Column, List<Plan.Filter>> byColumn = new LinkedHashMap<>();
        for (Plan.Filter f : filters) {
            if (f instanceof Plan.Equals e && !e.negated()) {
                byColumn.computeIfAbsent(e.column(), c -> new ArrayList<>()).add(f);
            } else if (f instanceof Plan.OneOf o) {
                byColumn.computeIfAbsent(o.column(), c -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<Column, List<Plan.Filter>> e : byColumn.entrySet()) {
            List<Plan.Filter> options = e.getValue();
            if (options.size() < 2) {
                continue;
            }
            int at = filters.indexOf(options.get(0));
            filters.removeAll(options);
            boolean exact = options.stream().allMatch(f -> f instanceof Plan.OneOf || ((Plan.Equals) f).exact());
            Plan.Filter merged;
            if (exact) {
                LinkedHashSet<String> all = new LinkedHashSet<>();
                for (Plan.Filter f : options) {
                    all.addAll(f instanceof Plan.OneOf o ? o.values() : List.of(((Plan.Equals) f).value()));
                }
                merged = all.size() == 1 ? new Plan.Equals(e.getKey(), all.iterator().next(), true, false)
                        : new Plan.OneOf(e.getKey(), new ArrayList<>(all));
            } else {
                merged = new Plan.AnyOf(options);
            }
            filters.add(at, merged);
        }
    }

    /**
     * Whether a comparative sets one value or period against another ("more revenue than the East", "higher in 2024
     * than in 2023"): a value or a date right after "than", past a few small words.
     */
    boolean twoSidesCompared() {
        for (int i = 1; i + 1 < toks.size(); i++) {
            if (!toks.get(i).is("than") || toks.get(i - 1).is("other", "rather", "else")) {
                continue; // ("pages other than /signup" excludes one)
            }
            int j = i + 1;
            while (j < toks.size() && j - i <= 3 && toks.get(j).is("the", "in", "on", "at", "for", "to", "from", "of", "by",
                    "during", "with", "we", "our", "did", "do", "does", "was", "were", "is", "are")) {
                j++;
            }
            if (j < toks.size() && (toks.get(j).type == T.VAL || toks.get(j).type == T.DATE || toks.get(j).type == T.LIT)) {
                return true;
            }
        }
        return false;
    }

    /**
     * "Neither A nor B" (said "not A nor B" by then): values of one column are a list excluded together, as "not A
     * or B" says; anything else is two conditions, each negated ("neither managers nor in Sales": not managers and
     * not in Sales).
     */
    void neitherNor() {
        for (int i = 1; i + 1 < toks.size(); i++) {
            if (!toks.get(i).is("nor")) {
                continue;
            }
            if (alternativeValues(i)) {
                toks.set(i, new Tok(T.WORD, "or"));
            } else {
                toks.set(i, new Tok(T.WORD, "and"));
                toks.add(i + 1, new Tok(T.WORD, "not"));
            }
        }
    }

    /** Whether the "or" at i joins two values of one column ("North or South"), which a filter takes as either. */
    boolean alternativeValues(int i) {
        int before = i - 1;
        while (before >= 0 && toks.get(before).type == T.WORD && toks.get(before).in(Words.FILLER)
                && !toks.get(before).in(NEGATIONS)) {
            before--;
        }
        int after = i + 1;
        while (after < toks.size() && toks.get(after).type == T.WORD && toks.get(after).in(Words.FILLER)) {
            after++;
        }
        return before >= 0 && after < toks.size() && toks.get(before).type == T.VAL && toks.get(after).type == T.VAL
                && toks.get(before).column.equals(toks.get(after).column);
    }

    /**
     * "employees in Boston or in Sales": a value of one column or of another, each alone on its side of the "or"
     * (values of one column, "Boston or Denver", are alternatives the usual way).
     */
    void eitherValue() {
        Set<String> glue = Set.of("in", "the", "at", "from", "to", "for", "on");
        for (int i = 1; i + 1 < toks.size(); i++) {
            if (toks.get(i).used || !toks.get(i).is("or")) {
                continue;
            }
            int a = i - 1;
            while (a > 0 && toks.get(a).type == T.WORD && glue.contains(toks.get(a).text) && !toks.get(a).used) {
                a--;
            }
            int b = i + 1;
            while (b + 1 < toks.size() && toks.get(b).type == T.WORD && glue.contains(toks.get(b).text) && !toks.get(b).used) {
                b++;
            }
            Tok left = toks.get(a);
            Tok right = toks.get(b);
            if (left.type != T.VAL || right.type != T.VAL || left.used || right.used || left.negated || right.negated
                    || left.column.equals(right.column)) {
                continue;
            }
            // each side alone: "Boston or Sales", not "Boston and Denver or Sales"
            boolean listed = a > 0 && toks.get(a - 1).is("and", ",") || b + 1 < toks.size() && toks.get(b + 1).is("and", "or");
            if (listed) {
                continue;
            }
            filters.add(new Plan.AnyOf(List.of(new Plan.Equals(left.column, left.value, true, false),
                    new Plan.Equals(right.column, right.value, true, false))));
            use(a, b + 1);
        }
    }

    /** "across all regions", "over all campaigns": the whole table, not a group per region. */
    void acrossAll() {
        for (int i = 0; i + 1 < toks.size(); i++) {
            if (toks.get(i).used || !toks.get(i).is("across", "over")) {
                continue;
            }
            int j = i + 1;
            while (j < toks.size() && toks.get(j).is("all", "every", "the") && !toks.get(j).used) {
                j++;
            }
            if (j > i + 1 && j < toks.size() && toks.get(j).type == T.COL && !toks.get(j).used
                    && !toks.get(j).column.numeric() && toks.get(i + 1).is("all", "every")) {
                use(i, j + 1);
            }
        }
    }
}
