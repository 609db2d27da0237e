package dev.insight.chat.analyst;

import static dev.insight.chat.analyst.ColumnRoles.*;
import static dev.insight.chat.analyst.Vocabulary.*;

import dev.insight.chat.analyst.Dataset.Column;
import dev.insight.chat.analyst.Plan.Bucket;
import dev.insight.chat.analyst.Plan.Fn;
import dev.insight.chat.analyst.Plan.GroupKey;
import io.quarkus.logging.Log;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a question in plain English into a query over one dataset, deterministically: no model, no guessing.
 * It recognises columns (whatever their case, separators or plural), values of text columns, numbers, periods and
 * a small vocabulary (total, average, median, top, by, per, monthly, where, over, between, distinct, describe…).
 * Any word it cannot place makes it decline with suggestions rather than answer a different question.
 *
 * <p>A run reads the question in phases, each in its own class and each building on the one before: {@link
 * PlannerState} (what is known so far), {@link ValueRecognition}, {@link ConditionReading}, {@link PeriodsAndGroups};
 * this class tokenises the question, runs the phases and assembles what they read into a {@link Plan}.
 */
public final class QuestionPlanner {

    static final Pattern VALUE_LIST = Pattern.compile("\\s*(vs\\.?|versus|and|or|,)\\s", Pattern.CASE_INSENSITIVE);
    static final Pattern LITERAL = Pattern.compile("\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<![\\p{L}\\p{N}])'([^']+)'(?![\\p{L}\\p{N}])");
    static final Pattern TOKEN = Pattern.compile(
            "\u0001(\\d+)\u0001|\u0002(\\d+)\u0002|\u0003(\\d+)\u0003|>=|<=|!=|<>|=|>|<|-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?%?|-?\\d+(?:\\.\\d+)?%?|[\\p{L}\\p{N}]+|[/\\\\|#@*+^~%](?![\\p{L}\\p{N}])");

    private final int defaultRows;
    private final int maxRows;

    public QuestionPlanner(int defaultRows, int maxRows) {
        this.defaultRows = defaultRows;
        this.maxRows = maxRows;
    }

    enum T {
        WORD, NUM, LIT, SYM, DATE, COL, VAL
    }

    /** One piece of the question; {@code used} once a rule has given it a meaning. */
    static final class Tok {
        final T type;
        final String text;
        String singular;
        BigDecimal number;
        Column column;
        String value;
        DateMentions.Mention date;
        /** A value the question excludes ("not in North"). */
        boolean negated;
        /** Every column that holds this value with the value as that column holds it ("Boston": origin, destination). */
        List<Map.Entry<Column, String>> holders = List.of();
        /** A number said as a percentage ("10%", "10 percent"). */
        boolean percent;
        /** An identifier column named by the thing it identifies ("orders" for order_id), not by its own name. */
        boolean thing;
        boolean used;

        Tok(T type, String text) {
            this.type = type;
            this.text = text;
            this.singular = type == T.WORD ? Words.singular(text) : text;
        }

        boolean is(String... words) {
            if (type != T.WORD && type != T.SYM) {
                return false;
            }
            for (String w : words) {
                if (text.equals(w)) {
                    return true;
                }
            }
            return false;
        }

        boolean in(Set<String> words) {
            return type == T.WORD && words.contains(text);
        }

        @Override
        public String toString() {
            return type + ":" + text;
        }
    }

    /** Comparison words and the index just after them. */
    record Comparator(Plan.Op op, int next) {
    }

    /** "How many times more … than …", "how many times bigger": a ratio of two figures, which one query doesn't give. */
    private static final Pattern TIMES_MORE = Pattern.compile(
            "\\bhow many times (?:more|less|fewer|as many|as much|bigger|larger|higher|greater|smaller|lower)\\b");

    /** "How much more revenue did the West bring in than the East": a difference of two figures. */
    private static final Pattern DIFFERENCE = Pattern.compile("\\bhow (?:much|many) (?:more|less|fewer|higher|lower|bigger"
            + "|smaller|greater|larger|warmer|colder|hotter|cooler|heavier|lighter|longer|shorter|older|younger|cheaper"
            + "|costlier)\\b(?=.*\\bthan\\b)|\\bby how much\\b");
    /** "Combined revenue of the top 3 customers": one total of a ranking's places, not the places themselves. */
    private static final Pattern COMBINED = Pattern.compile("\\b(?:combined|altogether|between them|summed|added up)\\b"
            + "|\\btogether\\b(?! with)", Pattern.CASE_INSENSITIVE);
    /** A ranking's places said with their number: "the top 3", "the 3 states with the most …", "the 5 heaviest". */
    private static final Pattern PLACES = Pattern.compile("\\b(?:top|bottom|first|last) \\d+\\b"
            + "|\\b\\d+ [a-z-]+ with the (?:most|fewest|least|highest|lowest|largest|smallest|biggest|best|worst)\\b"
            + "|\\b\\d+ (?:[a-z]+est|most|least|best|worst|highest-\\w+|best-\\w+|top-\\w+)\\b");

    /** What the answer says when the planner itself failed on a question: a decline, never an error to the caller. */
    static final String PLANNER_FAILED = "I could not read this question (the planner failed on it, which is a bug on "
            + "our side); please rephrase it.";

    public Plan plan(String question, Dataset dataset) {
        try {
            BiFunction<String, Dataset, Plan> planner = (asked, data) -> new Analysis(asked, data).run();
            Plan composed = Differences.plan(question, dataset, planner);
            if (composed == null) {
                composed = AgainstAverage.plan(question, dataset, planner);
            }
            if (composed == null) {
                composed = FirstAndLast.plan(question, dataset);
            }
            Plan plan = composed != null ? composed : planner.apply(question, dataset);
            Plan.Measure asked = plan instanceof Plan.Query q ? q.spec().measure() : null;
            boolean counted = asked != null && asked.fn().counts();
            // (a count there is 0, which says so: "how many orders were placed in May 2025")
            if (plan instanceof Plan.Query q && !counted) {
                for (Plan.Filter f : q.spec().filters()) {
                    if (DataSpan.outside(f)) {
                        // "how many sessions did we get in April" on traffic that ends March 31: nothing to count
                        Column dated = f instanceof Plan.DateRange r ? r.column() : ((Plan.DatePart) f).column();
                        return new Plan.Decline("The data has no rows where " + f.describe() + ": " + dated.name()
                                + " runs from " + dated.min() + " to " + dated.max() + ".", List.of(), q.score());
                    }
                }
            }
            return plan;
        } catch (RuntimeException e) {
            // a question the planner's rules meet in a way they did not foresee: say so rather than fail the request
            Log.errorf(e, "The analyst's planner failed on a question about %s", dataset.name());
            return new Plan.Decline(PLANNER_FAILED, List.of(), 0);
        }
    }

    /**
     * "Combined revenue of the top 3 customers": the ranking the question names without "combined", its places' figures
     * added up; null where that ranking is not a plain one of totals or counts (an average's places add up to nothing).
     */
    private Plan placesAddedUp(String question, Dataset dataset) {
        String ranking = COMBINED.matcher(question).replaceAll(" ");
        if (!(new Analysis(ranking, dataset).run() instanceof Plan.Query q)) {
            return null;
        }
        Plan.QuerySpec spec = q.spec();
        Fn fn = spec.measure() == null ? null : spec.measure().fn();
        boolean additive = fn == Fn.SUM || fn != null && fn.counts();
        return spec.shape() == Plan.Shape.RANKED && additive && spec.groups().size() == 1 && spec.over() == null
                && spec.share() == null && spec.skip() == 0 && spec.bounds().isEmpty() && spec.limit() > 1
                ? new Plan.Query(spec.placesAddedUp(), q.score()) : null;
    }

    /** One planning run: the phases read the question, then it is assembled into a plan. */
    private final class Analysis extends PeriodsAndGroups {

        Analysis(String question, Dataset dataset) {
            super(question, dataset, QuestionPlanner.this.defaultRows, QuestionPlanner.this.maxRows);
        }

        Plan run() {
            String asked = PeopleWords.countries(withoutFileName(question), dataset);
            List<String> literals = new ArrayList<>();
            StringBuilder work = new StringBuilder();
            Matcher lit = LITERAL.matcher(asked);
            int last = 0;
            while (lit.find()) {
                work.append(asked, last, lit.start());
                String value = lit.group(1) != null ? lit.group(1) : lit.group(2) != null ? lit.group(2)
                        : lit.group(3) != null ? lit.group(3) : lit.group(4);
                work.append(" \u0001").append(literals.size()).append("\u0001 ");
                literals.add(value);
                last = lit.end();
            }
            work.append(asked.substring(last));
            String lower = DateMentions.normalise(work.toString().toLowerCase(Locale.ROOT).replace('’', '\''));

            // "in the most recent month", "the latest week": the data's own latest period, taken as a condition below
            lower = lower.replaceAll("\\bmost recent(ly)?\\b", "latest").replaceAll("\\bbroken (down|out) by\\b", "by");
            lower = Paraphrases.plainly(lower, dataset);
            Matcher latest = LATEST_PERIOD.matcher(lower);
            Bucket latestPeriod = null;
            if (latest.find()) {
                latestPeriod = Bucket.valueOf(latest.group(1).toUpperCase(Locale.ROOT));
                lower = lower.substring(0, latest.start()) + " " + lower.substring(latest.end());
            }
            if (DIFFERENCE.matcher(lower).find()) {
                // (before, "how much more revenue did the West make than the East" added the two together)
                return decline("I give one figure at a time, not the difference between two; ask for each of them (for "
                        + "example \"revenue by region\"), then subtract.");
            }
            if (COMBINED.matcher(lower).find() && PLACES.matcher(lower).find()) {
                Plan places = placesAddedUp(question, dataset);
                if (places != null) {
                    return places;
                }
                return decline("I can list a ranking's places with each one's figure, but not add them up into one "
                        + "total; ask for the ranking (for example \"top 3 by revenue\"), then add its figures.");
            }
            if (TIMES_MORE.matcher(lower).find()) {
                // "how many times more desktop sessions than tablet sessions": a ratio of two figures
                return decline("I give one figure at a time, not how many times one is another; ask for each of the "
                        + "two figures, then divide.");
            }
            if (DateMentions.mentionsRelativePeriod(lower)) {
                return decline("I can't tell which period a relative date like \"last month\" means for this data. "
                        + "Name the period instead, for example \"in March 2024\" or \"between 2024-01-01 and 2024-03-31\".");
            }
            List<List<Map.Entry<Column, String>>> numbered = new ArrayList<>();
            lower = numberedValues(lower, numbered);
            if (unreadableAge != null) {
                return decline(unreadableAge);
            }
            List<DateMentions.Mention> dates = DateMentions.find(lower);
            this.lower = lower;
            StringBuilder text = new StringBuilder();
            last = 0;
            for (int i = 0; i < dates.size(); i++) {
                DateMentions.Mention d = dates.get(i);
                if (d.start() < last) {
                    continue;
                }
                text.append(lower, last, d.start()).append(" \u0002").append(i).append("\u0002 ");
                last = d.end();
            }
            text.append(lower.substring(last));

            Matcher m = TOKEN.matcher(text);
            while (m.find()) {
                if (m.group(1) != null) {
                    Tok t = new Tok(T.LIT, literals.get(Integer.parseInt(m.group(1))));
                    toks.add(t);
                } else if (m.group(3) != null) {
                    List<Map.Entry<Column, String>> holders = numbered.get(Integer.parseInt(m.group(3)));
                    Tok t = new Tok(T.VAL, holders.get(0).getValue().toLowerCase(Locale.ROOT));
                    t.column = holders.get(0).getKey();
                    t.value = holders.get(0).getValue();
                    t.holders = holders;
                    toks.add(t);
                } else if (m.group(2) != null) {
                    Tok t = new Tok(T.DATE, dates.get(Integer.parseInt(m.group(2))).label());
                    t.date = dates.get(Integer.parseInt(m.group(2)));
                    toks.add(t);
                } else {
                    // "what % of units", "10 %": the sign is the word
                    String s = m.group().equals("%") ? "percent" : m.group();
                    if (s.matches("-?[\\d,]+(\\.\\d+)?%?") && Character.isDigit(s.replace("%", "").charAt(s.replace("%", "").length() - 1))) {
                        Tok t = new Tok(T.NUM, s.replace("%", ""));
                        t.number = new BigDecimal(t.text.replace(",", ""));
                        t.percent = s.endsWith("%");
                        toks.add(t);
                    } else if ((s.equals("percent") || s.equals("pct")) && !toks.isEmpty() && toks.get(toks.size() - 1).type == T.NUM) {
                        toks.get(toks.size() - 1).percent = true;
                    } else if (s.matches("[<>=!]+|[/\\\\|#@*+^~]")) {
                        toks.add(new Tok(T.SYM, s));
                    } else {
                        Integer n = Words.NUMBER_WORDS.get(s);
                        // "one" and "zero" are numbers only after a bound ("more than one line", "below zero");
                        // elsewhere a pronoun, or a word of a name
                        boolean bound = !toks.isEmpty() && toks.get(toks.size() - 1).type == T.WORD
                                && toks.get(toks.size() - 1).in(BOUND_WORDS);
                        Tok t = new Tok(n != null && (!s.equals("one") && !s.equals("zero") || bound) ? T.NUM : T.WORD, s);
                        if (t.type == T.NUM) {
                            t.number = BigDecimal.valueOf(n);
                        }
                        toks.add(t);
                    }
                }
            }
            if (toks.isEmpty()) {
                return decline("The question is empty.");
            }
            orMoreOrLess();
            recogniseColumnsAndValues();
            thingsNamingRows();
            neitherNor();
            for (Tok t : toks) {
                if (t.in(WHY_WORDS)) {
                    return decline("I can compute exact figures from the data (totals, averages, counts, rankings, "
                            + "trends by period) but I can't explain causes or predict the future.");
                }
            }
            if (twoSidesCompared()) {
                // (before, "did the West bring in more revenue than the East" added the two together)
                return decline("I give one figure at a time, not a comparison of two; ask for the figure by what you "
                        + "compare (for example \"revenue by region\") and compare them.");
            }
            Plan failed = valuesInSeveralColumns();
            if (failed != null) {
                return failed;
            }
            failed = valueRates();
            if (failed != null) {
                return failed;
            }
            periodsCounted();
            figureBoundsOnThings();
            failed = comparisons();
            if (failed != null) {
                return failed;
            }
            failed = bothValues();
            if (failed != null) {
                return failed;
            }
            failed = boundWithoutColumn();
            if (failed != null) {
                return failed;
            }
            failed = periods();
            if (failed != null) {
                return failed;
            }
            failed = grouping();
            if (failed != null) {
                return failed;
            }
            acrossAll();
            eitherValue();
            negations();
            yesNo();
            presence();
            if (latestPeriod != null) {
                Column date = defaultDateColumn();
                if (date == null) {
                    return decline("\"The latest " + latestPeriod.label() + "\" needs a date column, and " + dataset.name()
                            + " has none; name the period instead.");
                }
                filters.add(new Plan.LatestPeriod(date, latestPeriod));
            }
            return assemble();
        }

        // ---- assembly ----------------------------------------------------------------------------------------

        /** Two figures asked at once ("minimum and maximum salary", "average maximum salary"): one query gives one. */
        private Plan oneFigureAtATime() {
            return decline("I compute one figure at a time: ask for each of them separately (for example \"minimum "
                    + suggestionMeasure() + "\", then \"maximum " + suggestionMeasure() + "\").");
        }

        /**
         * Words about order rather than aggregation ("sorted from highest to lowest", "highest first", "descending"),
         * and two opposite aggregates in one question ("minimum and maximum salary"), which one query can't give.
         */
        private Plan orderWords() {
            for (int i = 0; i < toks.size(); i++) {
                Tok t = toks.get(i);
                if (t.used) {
                    continue;
                }
                boolean up = t.in(RANK_UP) || t.is("descending", "desc", "largest", "biggest");
                boolean down = t.in(RANK_DOWN) || t.is("ascending", "asc");
                if (t.is("descending", "desc", "ascending", "asc")) {
                    sortDescending = up;
                    t.used = true;
                } else if ((up || down) && word(i + 1).equals("to") && (toks.size() > i + 2)
                        && (toks.get(i + 2).in(RANK_UP) || toks.get(i + 2).in(RANK_DOWN))) {
                    sortDescending = up;
                    use(i, i + 3);
                } else if ((up || down) && (word(i + 1).equals("first") || word(i + 1).equals("last"))
                        && !(i + 2 < toks.size() && toks.get(i + 2).type == T.NUM)) {
                    sortDescending = up == word(i + 1).equals("first");
                    use(i, i + 2);
                }
            }
            boolean high = false;
            boolean low = false;
            Set<Fn> totals = new java.util.HashSet<>();
            for (int i = 0; i < toks.size(); i++) {
                Tok t = toks.get(i);
                if (t.used || t.type != T.WORD) {
                    continue;
                }
                boolean ordinal = i + 1 < toks.size() && toks.get(i + 1).type == T.NUM;
                high |= t.in(MAX_WORDS) && !(t.is("last") && ordinal) || t.in(RANK_UP) && !t.is("top");
                low |= t.in(MIN_WORDS) && !(t.is("first") && ordinal) || t.in(RANK_DOWN) && !t.is("bottom");
                if (t.in(SUM_WORDS)) {
                    totals.add(Fn.SUM);
                } else if (t.in(AVG_WORDS)) {
                    totals.add(Fn.AVG);
                } else if (t.in(MEDIAN_WORDS)) {
                    totals.add(Fn.MEDIAN);
                }
            }
            if (high && low || totals.size() > 1) {
                return oneFigureAtATime();
            }
            return null;
        }

        /**
         * What the scan of the question's remaining words found, and what the assembly settles from it: the function
         * and ranking asked for, the columns to compute or group, the values kept, and at last the figure itself.
         */
        private static final class Reading {
            /** The function a word asked for ("total", "average", "median", "minimum", "maximum"); null when none. */
            Fn fn;
            /** "average daily maximum": the average (or median) said before a minimum or maximum, taken of its groups. */
            Fn outerFn;
            /** A ranking's direction ("top", "highest": true; "bottom", "lowest": false); null when none was asked. */
            Boolean rankDescending;
            /** A ranking said with a superlative ("the highest", "the most"): one place unless "top" says more. */
            boolean superlative;
            /** A ranking said with "top" or "bottom" (or "rank … by"), which lists several. */
            boolean topWord;
            boolean distinct;
            /** Rows or things counted: "how many", "count", "number of", "the most rows", "headcount". */
            boolean count;
            /** A column right after "how many" ("how many units"): what it counts, or the rows that have one. */
            boolean countsColumn;
            boolean describe;
            boolean list;
            /** The number of places a ranking asks for ("top 5"); null when not said. */
            Integer n;
            /** Words, numbers and quotes no rule placed; any makes the question decline. */
            final List<String> unknown = new ArrayList<>();
            /** The values named of each text column, kept as conditions. */
            final Map<Column, List<String>> values = new LinkedHashMap<>();
            /** Numeric columns named: what to compute. */
            final List<Column> measures = new ArrayList<>();
            /** Other columns named: what to group, count or list. */
            final List<Column> dimensions = new ArrayList<>();
            /** Columns named in the singular ("the top product" is one, "the top products" ten). */
            final Set<Column> saidInSingular = new java.util.HashSet<>();
            /** What "how many X", "the most X" count: "which department has the most employees". */
            final Set<Column> countedThings = new java.util.HashSet<>();
            /** "rank products by revenue", "departments sorted by average salary": every group, in order. */
            boolean rankAll;
            /** "first", "last", "latest", "earliest": about time; of a number they mean a row's value, not min/max. */
            boolean moment;
            /** A word of the file's name ("traffic" in web_traffic.csv). */
            boolean fileWordSeen;
            /** A value is what "how many" counts ("how many Laptops"). */
            boolean valueCounted;
            /** A noun that names rows ("rows", "orders", "visits"). */
            boolean rowNounSeen;
            /** Plural nouns that only say which rows a total is over: "revenue for campaigns that are not active". */
            final Set<Column> carriers = new java.util.HashSet<>();
            /** Identifier columns named by what they identify: "the first order" is about orders, not order_id. */
            final Set<Column> things = new java.util.HashSet<>();
            /** No function, ranking, count, column or group asked for at all. */
            boolean nothingAsked;
            /** "how much", "what did managers make": an amount of a column not named. */
            boolean amountAsked;
            /** "sold", "sell": a quantity of a column not named. */
            boolean soldAsked;
            /** The figure to compute, once it is chosen. */
            Plan.Measure figure;
        }

        /**
         * The phases of turning the read question into a plan: declines of constructs no query gives, the scan of the
         * remaining words, what an unnamed figure or a ratio asks, a ranking, distinct values, and otherwise the figure
         * to compute, overall, by group or of groups. Each phase may end the question with a plan or a decline.
         */
        private Plan assemble() {
            Plan plan = comparedWithAverage();
            if (plan != null) {
                return plan;
            }
            plan = orderWords();
            if (plan != null) {
                return plan;
            }
            Reading r = new Reading();
            plan = readWords(r);
            if (plan != null) {
                return plan;
            }
            plan = conditionsAndUnknowns(r);
            if (plan != null) {
                return plan;
            }
            plan = describeOrUnnamedAmount(r);
            if (plan != null) {
                return plan;
            }
            plan = ratioPlan(r);
            if (plan != null) {
                return plan;
            }
            if (r.nothingAsked) {
                return nothingToCompute(r);
            }
            rankAllAsked(r);
            plan = distributionOfOne(r);
            if (plan != null) {
                return plan;
            }
            // rankings: "top 5 product by units", "which region has the highest revenue"
            if (r.rankDescending != null) {
                return ranking(r);
            }
            plan = groupByNumbers();
            if (plan != null) {
                return plan;
            }
            setAsideCarriers(r);
            if (r.distinct) {
                return distinctValues(r);
            }
            plan = r.fn == null ? figureWithoutFunction(r) : figureOfFunction(r);
            if (plan != null) {
                return plan;
            }
            return figurePlan(r);
        }

        /**
         * Rows compared with the average or median of a column over the whole table ("readings above the average
         * temperature", "employees paid above the company average", "salary below the median of all staff"): a
         * condition on each row against that figure. Declined where the whole is not plain — other conditions keep
         * some rows and the question does not say "company", "overall" or "of all" (the average of all rows, or of
         * those?), the average is a group's own ("their department's"), or the rows are parts of things ("orders worth
         * more than the average order").
         */
        private Plan comparedWithAverage() {
            for (int i = 0; i + 1 < toks.size(); i++) {
                Comparator cmp = toks.get(i).used ? null : comparator(i);
                if (cmp != null && (cmp.op() == Plan.Op.EQ || cmp.op() == Plan.Op.NE)) {
                    cmp = null; // "what is the average revenue"
                }
                int k = cmp == null ? -1 : cmp.next() < toks.size() && toks.get(cmp.next()).is("the") ? cmp.next() + 1 : cmp.next();
                boolean whole = false;
                while (k >= 0 && k + 1 < toks.size() && toks.get(k).is("company", "overall", "global", "company's")) {
                    whole = true; // "above the company average"
                    k++;
                }
                if (k >= 0 && k < toks.size() && (toks.get(k).in(AVG_WORDS) || toks.get(k).in(MEDIAN_WORDS))) {
                    Plan.Filter compared = againstWhole(i, cmp, k, whole);
                    if (compared == null) {
                        return decline("I can compare rows with the average or median of one column over the whole table "
                                + "(\"readings above the average temperature\"), but here I can't tell which column or "
                                + "which rows the average is of; ask for the average first, then use the number (\"… over "
                                + "250\").");
                    }
                    filters.add(compared);
                }
            }
            return null;
        }

        /** The comparison at {@code i} with the average word at {@code k} as a condition, or null when it is unclear. */
        private Plan.Filter againstWhole(int i, Comparator cmp, int k, boolean whole) {
            int end = k + 1;
            Column column = null;
            if (end < toks.size() && toks.get(end).type == T.COL && measurable(toks.get(end).column)) {
                column = toks.get(end).column; // "above the average temperature"
                end++;
            }
            int before = i - 1;
            while (before >= 0 && toks.get(before).is("is", "was", "are", "were", "be", "been")) {
                before--;
            }
            if (before >= 0 && toks.get(before).type == T.COL && !toks.get(before).column.numeric()
                    && !(toks.get(before).thing && !spansRows(toks.get(before).column))) {
                return null; // "age groups below the overall average": each group's own average, not its rows
            }
            Column said = before >= 0 && toks.get(before).type == T.COL && measurable(toks.get(before).column)
                    ? toks.get(before).column : null; // "salary above the average", "paid above the average"
            if (column == null ? said == null : said != null && !said.equals(column)) {
                return null;
            }
            column = column != null ? column : said;
            // "of all staff", "across all readings", "overall": the whole table, said
            while (end < toks.size() && (toks.get(end).is("overall") || toks.get(end).is("of", "across", "for", "over")
                    && end + 1 < toks.size() && toks.get(end + 1).is("all", "every", "everyone", "everybody"))) {
                whole = true;
                end += toks.get(end).is("overall") ? 1 : 2;
                if (end < toks.size() && toks.get(end).is("the")) {
                    end++;
                }
                if (end < toks.size() && (toks.get(end).type == T.COL && toks.get(end).thing
                        || toks.get(end).in(ROW_NOUNS) || toks.get(end).is("staff", "people", "rows"))) {
                    end++;
                }
            }
            boolean kept = !filters.isEmpty();
            for (Tok t : toks) {
                if (t.is("own", "their", "its", "his", "her") || t.type == T.COL && t.thing && spansRows(t.column)
                        || t.type == T.WORD && PERIOD_NOUNS.containsKey(t.text) || t.type == T.COL && calendar(t.column)) {
                    return null; // a group's own average; orders of several lines; months of several rows
                }
                kept |= t.type == T.VAL || t.type == T.DATE || t.type == T.LIT; // values read later are conditions too
            }
            if (!whole && kept) {
                return null; // "S3 readings above the average temperature": S3's average, or every sensor's?
            }
            use(i, end);
            if (before >= 0 && toks.get(before).type == T.COL && column.equals(toks.get(before).column)) {
                toks.get(before).used = true;
            }
            Fn fn = toks.get(k).in(MEDIAN_WORDS) ? Fn.MEDIAN : Fn.AVG;
            return new Plan.AgainstWhole(column, cmp.op(), new Plan.Measure(fn, column));
        }

        /** The scan of every word no phase has used yet; a decline when one can't be part of any plan. */
        private Plan readWords(Reading r) {
            for (int i = 0; i < toks.size(); i++) {
                Tok t = toks.get(i);
                if (t.used) {
                    continue;
                }
                switch (t.type) {
                    case VAL -> readValue(r, t, i);
                    case COL -> readColumn(r, t, i);
                    case NUM -> readNumber(r, t, i);
                    case LIT -> r.unknown.add("\"" + t.text + "\"");
                    case SYM -> r.unknown.add(t.text);
                    case DATE -> {
                    }
                    case WORD -> {
                        Plan refused = readWord(r, t, i);
                        if (refused != null) {
                            return refused;
                        }
                    }
                    default -> {
                    }
                }
            }
            return null;
        }

        /** A value of a text column: a condition, or an excluded one when negated. */
        private void readValue(Reading r, Tok t, int i) {
            r.valueCounted |= counted(i);
            // "the site with the most failures", "the account with the most refunds": the rows of that value, counted;
            // "the region that sold the most Phones": their units, where a quantity column counts them
            boolean plural = !t.text.equals(Words.singular(t.text));
            if (afterMost(i) && (plural || t.text.endsWith("ure"))) {
                Column quantity = quantityColumn();
                if (quantity != null && !rowsNamed() && !quantityFiltered()) {
                    if (!r.measures.contains(quantity)) {
                        r.measures.add(quantity);
                    }
                } else {
                    r.count = true;
                }
            }
            if (t.negated) {
                filters.add(new Plan.Equals(t.column, t.value, true, true));
            } else {
                r.values.computeIfAbsent(t.column, c -> new ArrayList<>()).add(t.value);
            }
        }

        /** A column: something to compute (a number) or to group, count or list, and how the question said it. */
        private void readColumn(Reading r, Tok t, int i) {
            r.count |= t.text.equals("headcount"); // a number of people by itself
            int prev = i - 1;
            while (prev >= 0 && (toks.get(prev).used && toks.get(prev).type == T.COL || toks.get(prev).type == T.VAL)) {
                prev--; // "the most returned orders", "the most Same Day orders"
            }
            if (counted(i) || prev >= 0 && toks.get(prev).is("most", "fewest", "least", "more", "fewer")
                    // "the largest share of orders": orders, counted
                    || shareAsked && t.thing && i > 0 && toks.get(i - 1).is("of")) {
                r.countedThings.add(t.column);
            }
            if (t.thing) {
                r.things.add(t.column);
            }
            if (measurable(t.column)) {
                if (!r.measures.contains(t.column)) {
                    r.measures.add(t.column);
                }
            } else if (!r.dimensions.contains(t.column)) {
                r.dimensions.add(t.column);
                String last = t.text.substring(t.text.lastIndexOf(' ') + 1);
                if (Words.singular(last).equals(last)) {
                    r.saidInSingular.add(t.column);
                } else if (i > 0 && (toks.get(i - 1).type == T.VAL || toks.get(i - 1).type == T.COL
                        && toks.get(i - 1).used || toks.get(i - 1).is("of", "on", "for", "from", "across"))) {
                    r.carriers.add(t.column); // "spend on active campaigns", "profit of Corporate customers"
                }
            }
        }

        /** A number no condition took: the places of a ranking ("top 5"), or not understood. */
        private void readNumber(Reading r, Tok t, int i) {
            boolean rankContext = i > 0 && (toks.get(i - 1).in(RANK_UP) || toks.get(i - 1).in(RANK_DOWN)
                    || toks.get(i - 1).is("first", "last"))
                    || i + 1 < toks.size() && (toks.get(i + 1).in(RANK_UP) || toks.get(i + 1).in(RANK_DOWN))
                    || i + 1 < toks.size() && toks.get(i + 1).type == T.COL && !toks.get(i + 1).column.numeric()
                            && hasRankWord();
            if (rankContext && t.percent) {
                r.unknown.add(t.text + "%"); // "top 10% of customers" is not the top 10
            } else if (rankContext && t.number.scale() <= 0 && t.number.signum() > 0) {
                r.n = t.number.intValueExact();
            } else {
                r.unknown.add(t.text);
            }
        }

        private Plan readWord(Reading r, Tok t, int i) {
            String w = t.text;
            r.rowNounSeen |= COUNTED_NOUNS.contains(t.singular);
            if (t.is("rank", "ranked", "ranking", "sort", "sorted", "order", "ordered") && word(i + 1).equals("by")
                    || t.is("rank")) {
                r.rankAll = true; // "rank products by revenue", "departments sorted by average salary"
                return null;
            }
            Integer place = ORDINALS.get(w);
            if (place != null && i + 1 < toks.size() && (toks.get(i + 1).in(RANK_UP) || toks.get(i + 1).in(RANK_DOWN))) {
                skip = place - 1; // "the second highest region": one place down the ranking
                return null;
            }
            if (w.equals("or") && !alternativeValues(i)) {
                // "in Boston or in Sales", "cost over 200 or weight under 100": conditions are only ANDed
                return decline("I can combine conditions on different columns only with \"and\"; ask "
                        + "about each side of the \"or\" separately.");
            }
            if (!readFigureWord(r, t, i)) {
                readOtherWord(r, t);
            }
            return null;
        }

        /**
         * Whether "most", "fewest" … comes right before token i, or before the values right before it; for a value,
         * also "by" ("the bottom 2 sensors by failures").
         */
        private boolean afterMost(int i) {
            int prev = i - 1;
            while (prev >= 0 && toks.get(prev).type == T.VAL) {
                prev--;
            }
            return prev >= 0 && (toks.get(prev).is("most", "fewest", "least", "more", "fewer")
                    || toks.get(prev).is("by") && toks.get(i).type == T.VAL); // "bottom 2 sensors by failures"
        }

        /** A word saying what to compute: a count, a function, a ranking or a share; false when it is none of them. */
        private boolean readFigureWord(Reading r, Tok t, int i) {
            String w = t.text;
            if ((ROW_NOUNS.contains(t.singular) || UNIDENTIFIED_ROWS.contains(t.singular)) && afterMost(i)) {
                r.count = true; // "the region with the most rows", "the site with the most fail readings"
            } else if (w.equals("how") && word(i + 1).equals("many") || w.equals("count") || w.equals("number")
                    && word(i + 1).equals("of")) {
                r.count = true;
                // "how many units": the column counts something, so its total; "count of revenue",
                // "how many orders have a profit": the rows that have one
                // ("how many desktop sessions": the values before the column say which rows)
                int k = i + 2;
                while (k < toks.size() && toks.get(k).type == T.VAL) {
                    k++;
                }
                r.countsColumn |= !w.equals("count") && k < toks.size() && toks.get(k).type == T.COL && !toks.get(k).used;
            } else if (SUM_WORDS.contains(w)) {
                r.fn = Fn.SUM;
            } else if (AVG_WORDS.contains(w)) {
                r.fn = Fn.AVG;
            } else if (MEDIAN_WORDS.contains(w)) {
                r.fn = Fn.MEDIAN;
            } else if (MIN_WORDS.contains(w) && !(w.equals("first") && i + 1 < toks.size() && toks.get(i + 1).type == T.NUM)) {
                r.outerFn = r.fn == Fn.AVG || r.fn == Fn.MEDIAN ? r.fn : r.outerFn;
                r.fn = Fn.MIN;
                r.moment |= t.is("first", "earliest");
            } else if (MAX_WORDS.contains(w) && !(w.equals("last") && i + 1 < toks.size() && toks.get(i + 1).type == T.NUM)) {
                r.outerFn = r.fn == Fn.AVG || r.fn == Fn.MEDIAN ? r.fn : r.outerFn;
                r.fn = Fn.MAX;
                r.moment |= t.is("last", "latest");
            } else if (RANK_UP.contains(w)) {
                r.rankDescending = true;
                r.superlative |= SUPERLATIVES.contains(w);
                r.topWord |= w.equals("top");
            } else if (RANK_DOWN.contains(w)) {
                r.rankDescending = false;
                r.superlative |= SUPERLATIVES.contains(w);
                r.topWord |= w.equals("bottom");
            } else if (SHARE_WORDS.contains(w)) {
                shareAsked = true;
            } else if (w.equals("rate") && i > 0 && toks.get(i - 1).type == T.COL) {
                rateAsked = true; // "conversions per clicks rate" (Paraphrases says rates so)
                Comparator cmp = comparator(i + 1);
                if (ratio != null && cmp != null && cmp.op() != Plan.Op.EQ && cmp.op() != Plan.Op.NE
                        && cmp.next() < toks.size() && toks.get(cmp.next()).type == T.NUM) {
                    // "… with a conversion rate above 3%": a bound on each group's rate (a rate is in percent)
                    rateBound = Plan.Bound.ratePercent(ratio, cmp.op(), toks.get(cmp.next()).number);
                    use(i + 1, cmp.next() + 1);
                }
            } else if (w.equals("first") || w.equals("last")) {
                // "first 5" / "last 3" only set N (handled with the number)
            } else {
                return false;
            }
            return true;
        }

        /** Any other word: distinct, describe, list, glue and the file's name; whatever else is left is unknown. */
        private void readOtherWord(Reading r, Tok t) {
            String w = t.text;
            if (DISTINCT_WORDS.contains(w)) {
                r.distinct = true;
            } else if (DESCRIBE_WORDS.contains(w)) {
                r.describe = true;
            } else if (t.in(NEGATIONS)) {
                r.unknown.add(t.text); // a negation with nothing recognised to exclude
            } else if (BUCKET_NOUNS.containsKey(t.singular) && !w.equals("date")) {
                r.unknown.add(t.text); // a period word no rule placed: "the first week of March"
            } else if (w.equals("many") || w.equals("of") || w.equals("and")
                    || w.equals("than") || w.equals("between") || w.equals("more")) {
                // glue words of constructs handled elsewhere
            } else if (LIST_WORDS.contains(w)) {
                r.list = true;
            } else if (Words.FILLER.contains(w) && acronymInQuestion(w)) {
                r.unknown.add(t.text.toUpperCase(Locale.ROOT)); // "US respondents": a name, not the word "us"
            } else if (!Words.FILLER.contains(w) && !Words.FILLER.contains(t.singular) && fileWords.contains(t.singular)) {
                r.fileWordSeen = true; // "traffic" in web_traffic.csv
            } else if (!Words.FILLER.contains(w) && !Words.FILLER.contains(t.singular)
                    && !fileWords.contains(t.singular) && !w.equals("csv")
                    && !w.equals("xlsx") && !w.equals("json") && !w.equals("parquet") && !w.equals("tsv")
                    && !KEYWORDS.contains(w)) {
                r.unknown.add(t.text);
            }
        }

        /**
         * The values named become conditions; a share counts what it is of; any word the scan could not place declines;
         * a date column named by its events ("hires") is counted, not grouped.
         */
        private Plan conditionsAndUnknowns(Reading r) {
            for (Map.Entry<Column, List<String>> v : r.values.entrySet()) {
                List<String> distinctValues = new ArrayList<>(new LinkedHashSet<>(v.getValue()));
                filters.add(distinctValues.size() == 1 ? new Plan.Equals(v.getKey(), distinctValues.get(0), true, false)
                        : new Plan.OneOf(v.getKey(), distinctValues));
            }
            mergeAlternatives();
            if (shareAsked) {
                // "what percentage of orders…" counts orders; "what" does not ask for a list of them
                r.list = false;
                r.count |= r.measures.isEmpty() && r.fn == null && !r.distinct;
            }

            if (!r.unknown.isEmpty()) {
                return decline("I could not match " + quoteList(r.unknown) + " to a column, a value or a word I know "
                        + "in " + dataset.name() + ".");
            }
            if (fillerValue != null) {
                String value = fillerValue.getValue();
                String column = fillerValue.getKey().name();
                return decline("\"" + value + "\" at the start could be the " + column + " " + value + " or the word \""
                        + value.toLowerCase(Locale.ROOT) + "\"; say \"" + column + " " + value + "\", or name it later in "
                        + "the question.");
            }
            if (measureWithout != null) {
                return decline("\"Without " + measureWithout.name() + "\" right after what to compute could mean the rows "
                        + "that have none or the figure before " + measureWithout.name() + " is taken off; ask about the "
                        + "rows (\"… of rows without a " + measureWithout.name() + "\"), or name the columns to combine.");
            }
            Set<Column> counted = new LinkedHashSet<>(r.things);
            counted.addAll(r.countedThings);
            counted.addAll(absentOf);
            // "which countries had no comments in June": the countries listed span rows too
            // ("which site has the most readings without a humidity value" ranks sites by such readings: rows)
            List<Column> listed = groups.isEmpty() && r.rankDescending == null ? r.dimensions : List.of();
            counted.addAll(listed);
            for (Column thing : counted) {
                if (!absentOn.isEmpty() && (identifier(thing) || r.countedThings.contains(thing) || absentOf.contains(thing)
                        || listed.contains(thing) && !absentOn.contains(thing))
                        && thing.distinctCount() != null
                        && thing.distinctCount() < dataset.rowCount()) {
                    // "orders without a discount" where an order has several lines: none of them, or those lines?
                    String lacking = String.join(" or ", absentOn.stream().map(Column::name).sorted().toList());
                    return decline("One " + thing.name() + " has several rows in " + dataset.name() + ", so I can't tell "
                            + "whether you mean those none of whose rows has that " + lacking + ", or only the rows "
                            + "without it. Ask about the rows (\"rows without …\"), or count those with it and subtract.");
                }
            }
            // "hires per year", "number of hires in 2020": the events a date column records, counted (not the dates);
            // "how many employees were hired in Boston", "… hired each year": the verb of those events
            for (Tok t : toks) {
                if (namesEvents(t) || !t.used && t.type == T.COL && t.column.temporal() && t.text.endsWith("ed")
                        && !namesTheColumnItself(t) && (r.count || !groups.isEmpty())) {
                    r.dimensions.remove(t.column);
                }
            }
            return null;
        }

        /**
         * A description of the data when nothing else is asked, and an amount or a quantity asked without naming its
         * column ("how much did we sell", "how many items did we sell"); null when neither settles the question.
         */
        private Plan describeOrUnnamedAmount(Reading r) {
            r.nothingAsked = r.fn == null && r.rankDescending == null && !r.count && !r.distinct && r.measures.isEmpty()
                    && groups.isEmpty() && r.dimensions.isEmpty() && byNumeric.isEmpty();
            if (r.describe && groups.isEmpty() && byNumeric.isEmpty() && r.fn == null && r.rankDescending == null
                    && !r.count && !r.distinct) {
                return new Plan.Describe(score + 1);
            }
            // "how much did we sell", "what did managers make": an amount, of a column the question did not name
            for (int i = 0; i < toks.size(); i++) {
                // "how many sales" are rows
                r.amountAsked |= !toks.get(i).used && toks.get(i).in(AMOUNT_WORDS) && !counted(i);
            }
            r.soldAsked = toks.stream().anyMatch(t -> !t.used && t.in(SOLD_WORDS));
            if (r.nothingAsked || r.count && r.measures.isEmpty() && r.dimensions.isEmpty() && r.fn == null
                    && r.rankDescending == null && !r.distinct && (r.amountAsked || r.soldAsked)) {
                // "how many lines sold more than 10 units" counts lines: the rows are named, and units are the condition
                if (r.soldAsked && !r.amountAsked && r.count && quantityColumn() != null && !rowsNamed()
                        && !quantityFiltered()) {
                    // "how many Widgets were sold", "how many items did we sell": the quantity, not the rows
                    return groups.isEmpty() ? single(new Plan.Measure(Fn.SUM, quantityColumn()))
                            : grouped(new Plan.Measure(Fn.SUM, quantityColumn()), r.n);
                }
                if (r.amountAsked || r.soldAsked && !rowsNamed()) {
                    return decline("How much of what? Name the column to add up, for example \"total "
                            + suggestionMeasure() + "\".");
                }
            }
            return null;
        }

        /** A ratio ("cost per click"): ranked by one column, overall or by group; null when none was asked. */
        private Plan ratioPlan(Reading r) {
            if (ratio != null && r.rankDescending != null && (r.fn == null || r.fn == Fn.AVG) && !r.count && !r.distinct
                    && r.measures.isEmpty() && skip == 0 && (groups.isEmpty() && r.dimensions.size() == 1
                            && !r.dimensions.get(0).temporal() || groups.size() == 1 && r.dimensions.isEmpty())) {
                // "which channel has the highest cost per click", "top 3 pages by conversions per session"
                GroupKey dimension = groups.isEmpty() ? new Plan.ColumnKey(r.dimensions.remove(0)) : groups.get(0);
                boolean one = dimension instanceof Plan.ColumnKey key && r.saidInSingular.contains(key.column());
                int rows = r.n != null ? r.n : one || r.superlative && !r.topWord ? 1 : 10;
                if (rows > maxRows) {
                    return decline("I can list at most " + maxRows + " groups; ask for fewer.");
                }
                return query(new Plan.QuerySpec(Plan.Shape.RANKED, ratio, List.of(dimension), filters, r.rankDescending,
                        rows, null));
            }
            if (ratio != null && rateBound != null) {
                // "which campaigns had a conversion rate above 3%": the groups whose rates meet it, with their rates
                boolean periods = periodAt >= 0 && r.count && groups.isEmpty() && r.dimensions.isEmpty();
                if (r.fn != null || r.distinct || r.rankDescending != null || !r.measures.isEmpty()
                        || groups.size() + r.dimensions.size() != 1 && !periods
                        || !r.dimensions.isEmpty() && r.dimensions.get(0).temporal()
                                && !r.dimensions.get(0).type().equalsIgnoreCase("DATE")) {
                    return decline("I can list the groups whose rate meets a bound (\"which " + suggestionDimension()
                            + " had a … rate above 3%\") or count them, but not rank or add to them.");
                }
                // ("on how many days was the bounce rate above 50%": each day's rate)
                GroupKey key = periods ? periodKey : groups.isEmpty() ? new Plan.ColumnKey(r.dimensions.remove(0))
                        : groups.get(0);
                if (r.count) {
                    // "how many pages had a bounce rate above 60%": each page's rate of totals, then how many meet it
                    return query(new Plan.QuerySpec(Plan.Shape.OF_GROUPS, ratio, List.of(key), filters, true, 1, null,
                            Fn.COUNT_ROWS, 0, null, List.of(), List.of(rateBound)));
                }
                return query(new Plan.QuerySpec(Plan.Shape.GROUPED, ratio, List.of(key), filters, true, maxRows, null, null,
                        0, null, List.of(), List.of(rateBound)));
            }
            if (ratio != null) {
                // "cost per kg for shipments to Seattle": the things named are the rows the totals are of
                r.dimensions.removeIf(d -> r.things.contains(d) && !r.countedThings.contains(d));
                // "average revenue per unit" is the same ratio of totals; anything else asked of it is not understood
                if (r.fn != null && r.fn != Fn.AVG || r.count || r.distinct || r.rankDescending != null
                        || !r.measures.isEmpty() || !r.dimensions.isEmpty() || groups.size() > 2) {
                    return decline("I can give " + ratio.describe() + " overall or by a column (\"" + ratio.column().name()
                            + " per " + ratio.per().name() + " by " + suggestionDimension() + "\"), but not ranked, counted "
                            + "or with another figure.");
                }
                return groups.isEmpty() ? single(ratio) : grouped(ratio, r.n);
            }
            return null;
        }

        /** Nothing to compute was named: the rows the conditions keep, counted, or a decline. */
        private Plan nothingToCompute(Reading r) {
            if (!filters.isEmpty() && !r.fileWordSeen && (r.rowNounSeen || eventsNamed())) {
                // "orders in North", "hires in 2020"; not "Rent in March"
                return single(new Plan.Measure(Fn.COUNT_ROWS, null));
            }
            return decline("I did not recognise a column of " + dataset.name() + " or a question I can answer.");
        }

        /** "rank products by revenue": a ranking of every group, in the order asked (highest first unless said). */
        private void rankAllAsked(Reading r) {
            if (r.rankAll && r.rankDescending == null && (!r.dimensions.isEmpty() || !groups.isEmpty())
                    && (!r.measures.isEmpty() || !byNumeric.isEmpty() || r.count)) {
                r.rankDescending = sortDescending == null || sortDescending;
                r.topWord = true;
                r.n = r.n != null ? r.n : defaultRows;
            }
        }

        private Plan distributionOfOne(Reading r) {
            if (distributionAsked() && groups.isEmpty() && byNumeric.isEmpty() && r.fn == null
                    && r.rankDescending == null && !r.distinct && r.measures.size() + r.dimensions.size() == 1) {
                // "distribution of satisfaction": how many rows have each value
                groups.add(new Plan.ColumnKey(!r.measures.isEmpty() ? r.measures.remove(0) : r.dimensions.remove(0)));
                return grouped(new Plan.Measure(Fn.COUNT_ROWS, null), r.n);
            }
            return null;
        }

        /**
         * Of the conditions, those said after the lowest-ranking word, and the periods: what "the fewest" counts ("the
         * city with the fewest managers", "… transactions in June"). Those said before it say which groups there are
         * ("the Warehouse sensor with the fewest failures", "the category on the Operating account with …").
         */
        private List<Plan.Filter> countedInGroups() {
            int lowest = firstFrom(0, t -> t.in(RANK_DOWN) || t.in(MIN_WORDS));
            List<Plan.Filter> counted = new ArrayList<>();
            for (Plan.Filter f : filters) {
                if (f instanceof Plan.DateRange || f instanceof Plan.DatePart || f instanceof Plan.LatestPeriod) {
                    counted.add(f);
                    continue;
                }
                List<Integer> said = mentions(conditionColumn(f));
                if (said.stream().allMatch(i -> i > lowest) && !said.isEmpty()) {
                    counted.add(f);
                }
            }
            return counted;
        }

        /** The index of the first token from {@code from} on that passes the test; the number of tokens when none does. */
        private int firstFrom(int from, java.util.function.Predicate<Tok> test) {
            int i = from;
            while (i < toks.size() && !test.test(toks.get(i))) {
                i++;
            }
            return i;
        }

        /** Where the question names a condition's column: the tokens of the column and of its values (none for null). */
        private List<Integer> mentions(Column column) {
            List<Integer> at = new ArrayList<>();
            for (int i = 0; column != null && i < toks.size(); i++) {
                if (toks.get(i).column == column && (toks.get(i).type == T.COL || toks.get(i).type == T.VAL)) {
                    at.add(i);
                }
            }
            return at;
        }

        /** The text column that names the things an identifier identifies (employee_name for employee_id), or null. */
        private Column nameOf(Column id) {
            List<String> words = Words.nameWords(id.name());
            String thing = words.size() > 1 ? words.get(0) : null;
            return dataset.columns().stream().filter(c -> c.kind() == Dataset.Kind.TEXT && thing != null
                    && Words.nameWords(c.name()).equals(List.of(thing, "name"))).findFirst().orElse(null);
        }

        /** "per order", "per customer": a group of the things an identifier names, said with "per" (an average's). */
        private boolean perThing(GroupKey key) {
            return perKeys.contains(key) && key instanceof Plan.ColumnKey c && identifier(c.column());
        }

        /**
         * A ranking: what is ranked, by which column, and inside which groups; one figure per group, or the single
         * highest (lowest) value when there is nothing to rank. The ranking itself is {@link #rankedGroups}.
         */
        private Plan ranking(Reading r) {
            if (r.outerFn != null) {
                return oneFigureAtATime();
            }
            Plan perThingRanked = rankedByAveragePerThing(r);
            if (perThingRanked != null) {
                return perThingRanked;
            }
            Column countedThing = r.dimensions.stream().filter(r.countedThings::contains).findFirst().orElse(null);
            if (countedThing != null && (!groups.isEmpty() || r.dimensions.size() > 1)) {
                r.dimensions.remove(countedThing);
            } else {
                countedThing = null;
            }
            GroupKey dimension = !groups.isEmpty() ? groups.get(0) : null;
            if (dimension == null && !r.dimensions.isEmpty()) {
                Column d = r.dimensions.remove(0);
                dimension = d.temporal() ? new Plan.BucketKey(d, Bucket.DAY) : new Plan.ColumnKey(d);
            }
            if (!r.measures.isEmpty() && !byNumeric.isEmpty() && !byNumeric.contains(r.measures.get(0))) {
                // "the profit on the biggest line by sales": another column of the row ranked first
                return decline("I can rank by " + byNumeric.get(0).name() + ", but not give " + r.measures.get(0).name()
                        + " of what comes first; ask for the " + byNumeric.get(0).name() + " ranking and read "
                        + r.measures.get(0).name() + " in its table, or rank by " + r.measures.get(0).name() + ".");
            }
            Column measure = !r.measures.isEmpty() ? r.measures.remove(0)
                    : !byNumeric.isEmpty() ? byNumeric.remove(0) : null;
            // "top 3 products by revenue in each region", "which region has the most orders in each month": a
            // ranking of one column inside every group of another, said with each, every or per ("on what date was
            // the biggest order placed" asks for one date, not each date's biggest order)
            GroupKey within = null;
            if (groups.size() == 1 && r.dimensions.size() == 1 && r.measures.isEmpty() && eachGroup
                    && !r.dimensions.get(0).temporal() && !perThing(groups.get(0))) {
                within = groups.get(0);
                dimension = new Plan.ColumnKey(r.dimensions.remove(0));
            }
            if (!r.measures.isEmpty() || !r.dimensions.isEmpty() || groups.size() > 1) {
                return tooMany(r.measures, r.dimensions);
            }
            if (within == null && (r.superlative || r.topWord) && r.n == null && measure != null && dimension != null
                    && !r.count && countedThing == null && r.dimensions.isEmpty() && !whichGroup
                    && (eachGroup || r.fn == null && nonAdditive(measure) && !groups.isEmpty())) {
                // "the highest salary in each department", "lowest temperature by origin": one figure per group
                if (!r.measures.isEmpty()) {
                    return tooMany(r.measures, r.dimensions);
                }
                if (groups.isEmpty()) {
                    groups.add(dimension);
                }
                return grouped(new Plan.Measure(r.fn == Fn.AVG || r.fn == Fn.MEDIAN || r.fn == Fn.SUM ? r.fn
                        : r.rankDescending ? Fn.MAX : Fn.MIN, measure), null);
            }
            if (dimension == null) {
                if (measure != null && r.superlative && toks.stream().anyMatch(x -> x.is("who", "whose", "which"))) {
                    return decline("I can give the " + (r.rankDescending ? "highest " : "lowest ") + measure.name()
                            + " but not whose it is; ask for the top one by name, for example \"top 1 "
                            + suggestionDimension() + " by " + measure.name() + "\".");
                }
                if (measure != null && (r.n == null || r.n == 1) && r.superlative) {
                    return single(new Plan.Measure(r.rankDescending ? Fn.MAX : Fn.MIN, measure));
                }
                return decline("Rank what? Name the column to rank, for example \"top 5 "
                        + suggestionDimension() + " by " + suggestionMeasure() + "\".");
            }
            return rankedGroups(r, dimension, measure, within, countedThing);
        }

        /**
         * "Which region has the highest average revenue per order", "top 3 customers by average order value": each
         * thing's total (an order's), averaged per group, and the groups ranked by that; null when the question is not
         * one average of an amount per thing beside one other group.
         */
        private Plan rankedByAveragePerThing(Reading r) {
            GroupKey perKey = groups.stream().filter(this::perThing).findFirst().orElse(null);
            if (perKey == null || r.fn != Fn.AVG && r.fn != Fn.MEDIAN || r.measures.size() != 1 || r.count || r.distinct
                    || nonAdditive(r.measures.get(0)) || groups.size() > 2 || r.rankDescending == null) {
                return null;
            }
            List<GroupKey> others = groups.stream().filter(g -> !g.equals(perKey)).toList();
            List<Column> named = r.dimensions.stream().filter(d -> !d.equals(((Plan.ColumnKey) perKey).column())).toList();
            GroupKey outer = others.size() == 1 && named.isEmpty() ? others.get(0)
                    : others.isEmpty() && named.size() == 1 ? (named.get(0).temporal()
                            ? new Plan.BucketKey(named.get(0), Bucket.DAY) : new Plan.ColumnKey(named.get(0))) : null;
            if (outer == null || outer.column().equals(perKey.column())) {
                return null;
            }
            Column thing = perKey.column();
            if (!filters.isEmpty() && heldByThing(thing)) {
                return wholeOrTheseRows(thing, "ask about the rows, or without the condition.");
            }
            boolean one = outer instanceof Plan.ColumnKey key && r.saidInSingular.contains(key.column());
            int rows = r.n != null ? r.n : one ? 1 : r.topWord ? 10 : r.superlative ? 1 : 10;
            if (rows > maxRows) {
                return decline("I can list at most " + maxRows + " groups; ask for fewer.");
            }
            return query(new Plan.QuerySpec(Plan.Shape.RANKED, new Plan.Measure(Fn.SUM, r.measures.get(0)),
                    List.of(outer, perKey), filters, r.rankDescending, rows, null, r.fn, skip));
        }

        /**
         * The groups of {@code dimension} ranked (inside every group of {@code within}, when not null): by what
         * figure, how many places, or one place down the ranking.
         */
        private Plan rankedGroups(Reading r, GroupKey dimension, Column measure, GroupKey within, Column countedThing) {
            Fn fn = r.fn;
            Fn rankFn = fn != null && fn != Fn.MIN && fn != Fn.MAX ? fn : fn != null && measure != null ? fn
                    : measure != null ? (!nonAdditive(measure) ? Fn.SUM
                            // "which sensor recorded the highest temperature": the peak; "top 3 by salary": averages
                            : r.superlative && !judgedOnAverage(measure) ? (r.rankDescending ? Fn.MAX : Fn.MIN)
                            : Fn.AVG)
                    : Fn.COUNT_ROWS;
            if (r.count && measure == null) {
                rankFn = Fn.COUNT_ROWS;
            }
            if (countedThing != null && measure != null && within == null) {
                // "sales of the 3 states with the most orders": ranked by orders, showing sales — two figures
                return decline("I rank by one figure and show that figure; here the ranking is by the number of "
                        + countedThing.name() + " values and the figure asked is " + measure.name() + ". Ask for the "
                        + "ranking by one of them.");
            }
            Column ranked = measure;
            if (countedThing != null && measure == null) {
                rankFn = Fn.COUNT_DISTINCT;
                ranked = countedThing;
            }
            if (rankFn == Fn.COUNT_ROWS && !r.count && !yesNoCounted && firstMeasure(dataset) != null
                    && !(firstMeasure(dataset).numeric() && identifier(firstMeasure(dataset)))) {
                // "top products", "the largest order": by revenue? by units? by rows? Not for me to pick.
                return decline("Rank " + dimension.describe() + " by what? For example \"top 5 " + dimension.describe()
                        + " by " + suggestionMeasure() + "\" or \"" + dimension.describe() + " with the most rows\".");
            }
            if (rankFn != Fn.COUNT_ROWS && ranked == null) {
                return decline("Rank by what? Name a numeric column, for example \"top 5 " + dimension.describe()
                        + " by " + suggestionMeasure() + "\".");
            }
            // "the top product" is one, "the top products" ten
            boolean one = dimension instanceof Plan.ColumnKey key && r.saidInSingular.contains(key.column());
            int rows = r.n != null ? r.n : one ? 1 : r.topWord ? 10 : r.superlative ? 1 : 10;
            if (rows > maxRows) {
                return decline("I can list at most " + maxRows + " groups; ask for fewer.");
            }
            Plan.Measure m = new Plan.Measure(rankFn, rankFn == Fn.COUNT_ROWS ? null : ranked);
            Plan failed = perThingCondition(m, List.of(dimension));
            if (failed != null) {
                return failed;
            }
            if (skip > 0 && rows != 1) {
                return decline("I can pick one place of a ranking (\"the second highest region by revenue\") or list "
                        + "the top ones (\"top 3 regions by revenue\"), not both at once.");
            }
            if (within != null) {
                if (skip > 0) {
                    return decline("I can rank inside every group only from the top (or the bottom), not pick the "
                            + "second place in each; ask for the top " + (skip + 1) + " in each instead.");
                }
                return query(new Plan.QuerySpec(Plan.Shape.RANKED_WITHIN, m, List.of(within, dimension), filters,
                        r.rankDescending, rows, null));
            }
            Plan.QuerySpec ranking = new Plan.QuerySpec(Plan.Shape.RANKED, m, List.of(dimension), filters,
                    r.rankDescending, rows, null, null, 0, null, r.rankDescending ? List.of() : countedInGroups());
            return query(skip > 0 ? ranking.skipping(skip) : ranking);
        }

        /** The numeric columns said after "by", as groups (at most two in all). */
        private Plan groupByNumbers() {
            if (!byNumeric.isEmpty()) {
                // "by units" with no ranking: grouping by a number is what was asked
                for (Column c : byNumeric) {
                    groups.add(new Plan.ColumnKey(c));
                }
                if (groups.size() > 2) {
                    return decline("I can group by at most two things at once.");
                }
            }
            return null;
        }

        /** Columns that only say whose rows a figure is over are set aside; an identifier may become a group. */
        private void setAsideCarriers(Reading r) {
            if (!r.measures.isEmpty()) {
                // "total revenue of returned orders": the things the rows belong to, not something to compute; an
                // average of them is per thing ("average revenue of orders" averages each order's total)
                for (java.util.Iterator<Column> it = r.dimensions.iterator(); it.hasNext();) {
                    Column d = it.next();
                    if (r.carriers.contains(d) && !identifier(d) && (r.fn == null || r.fn == Fn.SUM)
                            && r.rankDescending == null && !r.count && !r.distinct) {
                        it.remove();
                    } else if (identifier(d) && !r.countedThings.contains(d)) {
                        it.remove();
                        Plan.ColumnKey key = new Plan.ColumnKey(d);
                        if ((r.fn == Fn.AVG || r.fn == Fn.MEDIAN || r.fn == Fn.MIN || r.fn == Fn.MAX)
                                && groups.size() < 2 && !nonAdditive(r.measures.get(0))) {
                            if (!groups.contains(key)) {
                                groups.add(key); // ("average revenue per order of returned orders": one group)
                            }
                            thingKeys.add(key);
                        }
                    }
                }
            }
        }

        /** "distinct regions", "how many distinct customers": the values of one column, listed or counted. */
        private Plan distinctValues(Reading r) {
            Column target = !r.dimensions.isEmpty() ? r.dimensions.remove(0)
                    : !r.measures.isEmpty() ? r.measures.remove(0) : null;
            if (target == null) {
                return decline("Distinct values of which column? For example \"distinct " + suggestionDimension() + "\".");
            }
            if (!r.measures.isEmpty() || !r.dimensions.isEmpty()) {
                return tooMany(r.measures, r.dimensions);
            }
            if (r.count) {
                Plan.Measure m = new Plan.Measure(Fn.COUNT_DISTINCT, target);
                return groups.isEmpty() ? single(m) : grouped(m, r.n);
            }
            if (!groups.isEmpty()) {
                return grouped(new Plan.Measure(Fn.COUNT_DISTINCT, target), r.n);
            }
            Plan bound = boundOnEachListed(target);
            if (bound != null) {
                return bound;
            }
            return query(new Plan.QuerySpec(Plan.Shape.DISTINCT_VALUES, null, List.of(), filters, false,
                    r.n != null ? Math.min(r.n, maxRows) : maxRows, target));
        }

        /**
         * "Which months of 2023 had revenue above 350,000": a bound on an amount that adds up, next to a list of values
         * each spanning several rows, is about each value's total: the values whose totals meet it, with their totals.
         * Declined when the bound is said of something else ("regions with orders of more than 10 units").
         */
        private Plan boundOnEachListed(Column target) {
            if (!spansRows(target)) {
                return null;
            }
            List<Plan.Bound> bounds = new ArrayList<>();
            List<Plan.Filter> kept = new ArrayList<>();
            splitBounds(target, false, bounds, kept);
            Plan unclear = noneNextToConditions(target, bounds, kept);
            if (unclear != null) {
                return unclear;
            }
            if (!bounds.isEmpty() && !shareAsked && !rateAsked
                    && bounds.stream().allMatch(b -> b.op() == Plan.Op.EQ && b.high() == null)) {
                // "which products were never returned", "customers who bought both Gadget and Widget": the values
                // alone, their figures being the bound itself
                return query(new Plan.QuerySpec(Plan.Shape.DISTINCT_VALUES, null, List.of(), kept, false, maxRows, target,
                        null, 0, null, List.of(), bounds));
            }
            if (!bounds.isEmpty() && !shareAsked && !rateAsked) {
                return query(new Plan.QuerySpec(Plan.Shape.GROUPED, bounds.get(0).measure(),
                        List.of(new Plan.ColumnKey(target)), kept, true, maxRows, null, null, 0, null, List.of(), bounds));
            }
            for (Plan.Filter f : filters) {
                Column bounded = f instanceof Plan.Compare c ? c.column() : f instanceof Plan.Between b ? b.column() : null;
                if (bounded != null && bounded.numeric() && !identifier(bounded) && !nonAdditive(bounded)
                        && !bounded.equals(target)) {
                    return decline("The condition on " + bounded.name() + " would apply to single rows, while one "
                            + target.name() + " spans several rows; I can't filter on each " + target.name() + "'s total. "
                            + "Ask for \"" + bounded.name() + " by " + target.name() + "\" and read the table instead.");
                }
            }
            return null;
        }

        /**
         * The figure when no function was named: a count, a column's total or average, the things an identifier names,
         * or the rows; sets {@code r.figure}, or returns a decline (or a list of values) instead.
         */
        private Plan figureWithoutFunction(Reading r) {
            List<Column> measures = r.measures;
            List<Column> dimensions = r.dimensions;
            List<Plan.Bound> onPeriods = new ArrayList<>();
            if (groups.size() == 1 && groups.get(0) instanceof Plan.BucketKey b && !r.count
                    && (periodKey == null || periodKey.equals(b))
                    && java.util.stream.IntStream.range(0, toks.size()).anyMatch(i -> b.equals(periodNoun(i)))) {
                // "which months had revenue above 5,000": the months, each with its total
                Plan.BucketKey said = periodKey;
                periodKey = b;
                splitBounds(b.column(), true, onPeriods, new ArrayList<>());
                periodKey = onPeriods.isEmpty() ? said : b;
            }
            Plan.Bound periodBound = onPeriods.isEmpty() ? null : onPeriods.get(0);
            if (periodBound != null && measures.isEmpty() && dimensions.isEmpty()) {
                r.figure = periodBound.measure(); // "which months had fewer than 10 shipments": with their counts
            } else if (r.count) {
                r.figure = countedFigure(r);
            } else if (!measures.isEmpty() && Words.nameWords(measures.get(0).name()).contains("nps")) {
                return decline("NPS is the share of promoters (9–10) minus that of detractors (0–6), which I don't "
                        + "compute; ask for \"average " + measures.get(0).name() + "\" or \"distribution of "
                        + measures.get(0).name() + "\".");
            } else if (!measures.isEmpty() && r.amountAsked && nonAdditive(measures.get(0))) {
                return decline("\"How much\" " + measures.get(0).name() + " would add up rates or levels; ask for the "
                        + "average " + measures.get(0).name() + " instead.");
            } else if (!measures.isEmpty() && runningBalance(measures.get(0))) {
                // "balance of the Operating account" is its latest balance, not the average of every balance it had
                Column balance = measures.get(0);
                return decline(balance.name() + " is a running balance: \"the " + balance.name() + "\" is the one on "
                        + "the latest row, which I don't look up. Ask for its lowest, highest or average value, or "
                        + "for the latest " + (firstDate(dataset) == null ? "date" : firstDate(dataset).name()) + ".");
            } else if (!measures.isEmpty()) {
                // "unit price of Gadget", "salary by department": rates and levels are averaged, never added up
                Column target = measures.remove(0);
                r.figure = new Plan.Measure(nonAdditive(target) ? Fn.AVG : Fn.SUM, target);
            } else if (!dimensions.isEmpty() && groups.isEmpty() && (r.list || r.describe
                    || dimensions.size() == 1 && boundedOn(dimensions.get(0), false))) {
                // ("departments with more than 15 employees": those departments, with their figures)
                Column target = dimensions.remove(0);
                if (!dimensions.isEmpty()) {
                    return tooMany(measures, dimensions);
                }
                Plan bound = boundOnEachListed(target);
                if (bound != null) {
                    return bound;
                }
                Column name = identifier(target) ? nameOf(target) : null;
                if (name != null) {
                    // "list the Finance people in Boston": their ids, their names, or their rows?
                    return decline("Which of their columns should I list? For example \"list " + name.name() + " …\", or "
                            + "\"distinct " + target.name() + " …\" for the identifiers.");
                }
                return query(new Plan.QuerySpec(Plan.Shape.DISTINCT_VALUES, null, List.of(), filters, false, maxRows,
                        target));
            } else if (!groups.isEmpty() && dimensions.size() == 1 && identifier(dimensions.get(0))) {
                // "shipments by destination": the things the identifier names, counted per group
                r.figure = new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0));
            } else if (!groups.isEmpty() && (r.amountAsked || r.soldAsked)) {
                return decline("Which amount? Name the column to add up, for example \"total " + suggestionMeasure()
                        + " by " + groups.get(0).describe() + "\".");
            } else if (!groups.isEmpty() && (r.rowNounSeen || eventsNamed() || yesNoCounted
                    || !dimensions.isEmpty() && distributionAsked())) {
                // "orders by region", "hires per year", "managers by city": rows counted
                r.figure = new Plan.Measure(Fn.COUNT_ROWS, null);
            } else if (!groups.isEmpty()) {
                // "figures by region", "time by device": which figure is not said
                return decline("What should I compute by " + groups.get(0).describe() + "? For example \"total "
                        + suggestionMeasure() + " by " + groups.get(0).describe() + "\" or \"how many rows by "
                        + groups.get(0).describe() + "\".");
            } else if (groups.isEmpty() && dimensions.size() == 1 && identifier(dimensions.get(0)) && !filters.isEmpty()
                    && !r.fileWordSeen) {
                // "shipments from Austin to Seattle", "employees hired in 2020": how many of them
                r.figure = new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0));
            } else {
                return decline("What should I compute about " + dimensions.stream().map(Column::name).toList()
                        + "? For example \"how many rows per " + dimensions.get(0).name() + "\" or \"distinct "
                        + dimensions.get(0).name() + "\".");
            }
            return null;
        }

        /** What "how many" counts: rows with a rate, a column's values or total, the things a column names, or rows. */
        private Plan.Measure countedFigure(Reading r) {
            List<Column> measures = r.measures;
            List<Column> dimensions = r.dimensions;
            if (!measures.isEmpty() && nonAdditive(measures.get(0))) {
                // "how many discounts": rows with one, not a sum of rates
                filters.add(new Plan.Compare(measures.remove(0), Plan.Op.NE, BigDecimal.ZERO));
                return !dimensions.isEmpty() && identifier(dimensions.get(0))
                        ? new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0)) : new Plan.Measure(Fn.COUNT_ROWS, null);
            }
            if (!measures.isEmpty() && r.countsColumn && money(measures.get(0))) {
                // "how many sales", "how many debits": the rows that have one; dollars are not counted
                filters.add(new Plan.Compare(measures.remove(0), Plan.Op.NE, BigDecimal.ZERO));
                return new Plan.Measure(Fn.COUNT_ROWS, null);
            }
            if (!measures.isEmpty()) {
                return new Plan.Measure(r.countsColumn ? Fn.SUM : Fn.COUNT_VALUES, measures.remove(0));
            }
            if (!dimensions.isEmpty() && freeText(dimensions.get(0))) {
                return new Plan.Measure(Fn.COUNT_VALUES, dimensions.remove(0)); // "how many comments"
            }
            if (!dimensions.isEmpty() && (!dimensions.get(0).temporal()
                    || dimensions.get(0).type().equalsIgnoreCase("DATE") && boundedOn(dimensions.get(0), true))) {
                // ("how many days had more than 1,500 sessions": the dates of a day column, each a thing)
                return new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0));
            }
            if (r.valueCounted && quantityColumn() != null && !rowsNamed() && !quantityFiltered()) {
                return new Plan.Measure(Fn.SUM, quantityColumn()); // "how many Laptops": units of them
            }
            return new Plan.Measure(Fn.COUNT_ROWS, null);
        }

        /**
         * The figure of the function named: of a numeric column, of the date of the things named ("the first order"),
         * or of a count; sets {@code r.figure}, or returns a decline where the function means nothing of the column.
         */
        private Plan figureOfFunction(Reading r) {
            Fn fn = r.fn;
            List<Column> dimensions = r.dimensions;
            Column target = null;
            if (!r.measures.isEmpty()) {
                target = r.measures.remove(0);
            } else if ((fn == Fn.MIN || fn == Fn.MAX) && !dimensions.isEmpty() && r.moment
                    && r.things.contains(dimensions.get(0))) {
                // "the first order", "when was the last shipment": a moment, so the date column's
                Column date = defaultDateColumn();
                if (date == null) {
                    return decline("The " + fn.words + " " + dimensions.get(0).name() + " by what? Name a column, "
                            + "for example \"" + fn.words + " " + suggestionMeasure() + "\".");
                }
                dimensions.remove(0);
                target = date;
            } else if ((fn == Fn.MIN || fn == Fn.MAX) && !dimensions.isEmpty() && r.things.contains(dimensions.get(0))) {
                // "the cheapest shipment": which one, or its cost?
                String thing = dimensions.get(0).name();
                return decline("The " + fn.words + " " + thing + " by what, and do you want the " + thing + " or its "
                        + "figure? Ask for the figure (\"" + fn.words + " " + suggestionMeasure() + "\") or a ranking (\""
                        + (fn == Fn.MIN ? "bottom" : "top") + " 1 " + thing + " by " + suggestionMeasure() + "\").");
            } else if ((fn == Fn.MIN || fn == Fn.MAX) && !dimensions.isEmpty()
                    && (dimensions.get(0).temporal() || dimensions.get(0).numeric())) {
                target = dimensions.remove(0);
            }
            if (target == null) {
                if (r.count && (fn == Fn.AVG || fn == Fn.MEDIAN) && groups.isEmpty()) {
                    // ("on average how many lines does an order have": not the number of orders)
                    return decline("An " + fn.words + " of a count needs the groups it is counted in, for example \""
                            + fn.words + " number of rows per month\"; or name the column to average.");
                } else if (r.count && !dimensions.isEmpty() && !dimensions.get(0).temporal()) {
                    r.figure = new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0)); // "total number of orders"
                } else if (r.count) {
                    r.figure = new Plan.Measure(Fn.COUNT_ROWS, null);
                } else if (fn == Fn.SUM && !dimensions.isEmpty() && r.things.contains(dimensions.get(0))) {
                    r.figure = new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0)); // "total orders"
                } else if (!dimensions.isEmpty() && dimensions.get(0).numeric()) {
                    return decline("I can't compute the " + fn.words + " of " + dimensions.get(0).name()
                            + ": it identifies rows rather than measuring anything.");
                } else if (!dimensions.isEmpty()) {
                    return decline("I can't compute the " + fn.words + " of " + dimensions.get(0).name()
                            + ": it is not a numeric column.");
                } else if ((fn == Fn.MIN || fn == Fn.MAX) && toks.get(0).is("when") && whenColumn() != null) {
                    // "when did Search last run", "when did S1 last report a warning": the first or last date of them
                    r.figure = new Plan.Measure(fn, whenColumn());
                } else {
                    return decline("The " + fn.words + " of which column? For example \"" + fn.words + " "
                            + suggestionMeasure() + "\".");
                }
            } else if (fn == Fn.SUM && nonAdditive(target) && !(money(target)
                    && !Words.nameWords(target.name()).contains("balance"))) { // "total salary" is a payroll
                // "total age", "total satisfaction": a sum of levels or rates means nothing
                return decline("A total of " + target.name() + " means nothing: it is a level or a rate, not an "
                        + "amount. Ask for its average, minimum or maximum.");
            } else if (r.moment && !target.temporal()) {
                // "the last debit", "the latest balance": the value on the most recent row, not the largest
                return decline("\"" + (fn == Fn.MAX ? "Latest" : "First") + " " + target.name() + "\" means the value "
                        + "of one row in time, which I don't look up; ask for the " + (fn == Fn.MAX ? "maximum " : "minimum ")
                        + target.name() + ", or the " + (fn == Fn.MAX ? "latest " : "earliest ")
                        + (firstDate(dataset) == null ? "date" : firstDate(dataset).name()) + ".");
            } else {
                r.figure = new Plan.Measure(fn, target);
            }
            return null;
        }

        /**
         * The chosen figure overall, by group, or of groups ("average monthly revenue": each month's total, then their
         * average); a decline when columns are left over or a condition is on each thing's total.
         */
        private Plan figurePlan(Reading r) {
            Plan.Measure measure = r.figure;
            Fn fn = r.fn;
            for (GroupKey k : groups) {
                if (perKeys.contains(k) && k instanceof Plan.ColumnKey c
                        && (c.column().kind() == Dataset.Kind.BOOLEAN || yesValue(c.column()) != null)) {
                    // "employees per manager": a ratio of two counts, or the employees split by is_manager?
                    return decline("\"Per " + c.column().name() + "\" could be a ratio (how many for each one that is) or a "
                            + "split by " + c.column().name() + "; ask \"… by " + c.column().name() + "\" for the split.");
                }
            }
            GroupKey perThing = groups.stream().filter(this::perThing).findFirst().orElse(null);
            if (fn == null && measure != null && measure.fn() == Fn.SUM && perThing != null) {
                // "units per order": each order's units, or the average order's? Both are asked so.
                String thing = perThing.describe();
                return decline("\"" + measure.column().name() + " per " + thing + "\" could be each " + thing + "'s total "
                        + "or their average; ask \"" + measure.column().name() + " by " + thing + "\" or \"average "
                        + measure.column().name() + " per " + thing + "\".");
            }
            if (r.outerFn != null) {
                // "average daily maximum temperature": each day's maximum, then their average
                GroupKey inner = groups.size() == 1 && (adjectiveKeys.contains(groups.get(0))
                        || perKeys.contains(groups.get(0))) ? groups.get(0) : null;
                if (inner == null || measure == null || measure.fn() != fn || measure.column() == null
                        || !measure.column().numeric() || !r.measures.isEmpty() || !r.dimensions.isEmpty()) {
                    return oneFigureAtATime();
                }
                return query(new Plan.QuerySpec(Plan.Shape.OF_GROUPS, measure, List.of(inner), filters, true, 1, null,
                        r.outerFn));
            }
            if (!r.measures.isEmpty() || !r.dimensions.isEmpty()) {
                return tooMany(r.measures, r.dimensions);
            }
            Plan bounded = boundedThings(measure);
            if (bounded != null) {
                return bounded;
            }
            Plan failed = perThingCondition(measure, groups);
            if (failed != null) {
                return failed;
            }
            GroupKey inner = fn != null && fn != Fn.SUM && !groups.isEmpty() && groups.size() <= 2 ? innerKey(measure, fn) : null;
            if (inner instanceof Plan.ColumnKey key && !filters.isEmpty() && heldByThing(key.column())) {
                // "average revenue of orders with a discount": of each such order's whole total, or of its discounted
                // lines only?
                return wholeOrTheseRows(key.column(), "ask about the rows (\"average revenue of rows with …\"), or without "
                        + "the condition.");
            }
            if (inner != null) {
                // "average monthly revenue", "average revenue per order by region", "average number of orders per
                // month": each group's own figure first (its total, count, or for a rate its average), then theirs
                List<GroupKey> ordered = new ArrayList<>(groups);
                ordered.remove(inner);
                ordered.add(inner);
                Plan.Measure each = measure.fn() == fn
                        ? new Plan.Measure(nonAdditive(measure.column()) ? fn : Fn.SUM, measure.column()) : measure;
                int rows = ordered.size() == 1 ? 1 : r.n != null ? Math.min(r.n, maxRows) : defaultRows;
                return query(new Plan.QuerySpec(Plan.Shape.OF_GROUPS, each, ordered, filters, true, rows, null, fn));
            }
            Column held = measure.fn().counts() || filters.isEmpty() ? null : heldThing();
            if (held != null) {
                // "total revenue of orders that included a Widget": of those whole orders, or of their Widget lines?
                return wholeOrTheseRows(held, "ask about the rows (\"" + measure.describe() + " of rows with …\"), or "
                        + "count the " + held.name() + " values instead.");
            }
            return groups.isEmpty() ? single(measure) : grouped(measure, r.n);
        }

        /**
         * The group an average (median, minimum, maximum) is over, or null when it is one figure per group. A count is
         * over its only group ("average number of orders per month"); an amount that adds up is over a period said as
         * an adjective ("average monthly revenue", "maximum monthly revenue"), over the things the rows belong to
         * ("average revenue of orders"), and, for an average or median, over a period or thing said with "per"
         * ("average revenue per order"). "Average revenue by customer", "max temperature per sensor" and "average
         * unit price per product" stay one figure per group.
         */
        private GroupKey innerKey(Plan.Measure measure, Fn fn) {
            boolean counts = measure.fn().counts();
            if (!counts && (measure.column() == null || !measure.column().numeric())) {
                return null;
            }
            boolean additive = counts || !nonAdditive(measure.column());
            boolean average = fn == Fn.AVG || fn == Fn.MEDIAN;
            List<GroupKey> candidates = new ArrayList<>();
            for (GroupKey k : groups) {
                boolean perThing = perThing(k);
                // "average salary per employee" with one row per employee is just the average salary
                boolean oneRowEach = perThing && ((Plan.ColumnKey) k).column().distinctCount() != null
                        && ((Plan.ColumnKey) k).column().distinctCount() >= dataset.rowCount();
                // (a Month or Year column is a period too: "average revenue per month in 2023")
                boolean perPeriod = perKeys.contains(k) && (k instanceof Plan.BucketKey
                        || k instanceof Plan.ColumnKey key && calendar(key.column()));
                if (additive && (adjectiveKeys.contains(k) || thingKeys.contains(k) || perThing || perPeriod && average
                        || counts && groups.size() == 1) || !additive && oneRowEach && average) {
                    candidates.add(k);
                }
            }
            return candidates.size() == 1 ? candidates.get(0) : null;
        }

        /**
         * "How many customers have revenue over 1000", "revenue by customer for customers with revenue over 1000": a
         * condition on an amount that adds up, said of things that span several rows, is on each thing's total — the
         * things counted, or the groups kept, are those whose totals meet it. Null when there is no such condition, or
         * when it is not said of the one thing counted or grouped (then {@link #perThingCondition} declines).
         */
        private Plan boundedThings(Plan.Measure measure) {
            if (shareAsked || rateAsked) {
                return null;
            }
            // "on how many days did we spend over 2,000": the days, each with its total; "on how many days were orders
            // placed": the days with rows (an order is on the days of its rows)
            boolean periods = periodAt >= 0 && groups.isEmpty() && (measure.fn() == Fn.COUNT_ROWS
                    || measure.fn() == Fn.COUNT_DISTINCT && identifier(measure.column())
                            && boundsOnThings.stream().noneMatch(e -> e.getKey().equals(measure.column())));
            boolean counting = periods || groups.isEmpty() && measure.fn() == Fn.COUNT_DISTINCT;
            // "revenue from orders with more than 2 lines": the total of the orders that have them
            boolean adding = groups.isEmpty() && measure.fn() == Fn.SUM && !boundsOnThings.isEmpty()
                    && boundsOnThings.stream().allMatch(e -> e.getKey().equals(boundsOnThings.get(0).getKey()));
            Column thing = periods ? periodKey.column() : counting ? measure.column()
                    : adding ? boundsOnThings.get(0).getKey()
                    : groups.size() == 1 && groups.get(0) instanceof Plan.ColumnKey key ? key.column()
                    : groups.size() == 1 && groups.get(0).equals(periodKey) ? periodKey.column() : null;
            if (thing == null || !spansRows(thing)) {
                return null;
            }
            List<Plan.Bound> bounds = new ArrayList<>();
            List<Plan.Filter> kept = new ArrayList<>();
            // the things counted: an amount compared after them is theirs ("in how many months of 2023 did Laptop
            // revenue exceed 150,000"); the groups kept: only after a relative word ("revenue by customer for
            // customers with revenue over 1000")
            splitBounds(thing, !counting, bounds, kept);
            if (bounds.isEmpty() && !periods) {
                return null;
            }
            Plan unclear = noneNextToConditions(thing, bounds, kept);
            if (unclear != null) {
                return unclear;
            }
            if (counting || adding) {
                // each thing's total first, then how many of them meet the bounds (or the total of those that do);
                // periods without bounds: those with rows that meet the conditions ("on how many days did it go
                // above 38 degrees")
                return query(new Plan.QuerySpec(Plan.Shape.OF_GROUPS, !counting ? measure
                        : bounds.isEmpty() ? new Plan.Measure(Fn.COUNT_ROWS, null) : bounds.get(0).measure(),
                        List.of(keyOf(thing)), kept, true, 1, null, counting ? Fn.COUNT_ROWS : Fn.SUM, 0, null,
                        List.of(), bounds));
            }
            Plan.Shape shape = sortDescending != null ? Plan.Shape.RANKED : Plan.Shape.GROUPED;
            return query(new Plan.QuerySpec(shape, measure, groups, kept, sortDescending == null || sortDescending,
                    maxRows, null, null, 0, null, List.of(), bounds));
        }

        /**
         * Whether the question says what the things a column names hold ("orders with a discount", "orders that
         * included Widget"): a holding word right after the thing.
         */
        private boolean heldByThing(Column thing) {
            for (int i = 0; i + 1 < toks.size(); i++) {
                if (toks.get(i).type == T.COL && thing.equals(toks.get(i).column) && spansRows(thing)
                        && (toks.get(i + 1).is("with", "containing", "including")
                                || toks.get(i + 1).is("that", "which") && word(i + 2).matches(
                                        "have|has|had|include|includes|included|contain|contains|contained"))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * "Average revenue of orders with a discount", "total revenue of orders that included a Widget": of the whole of
         * each such thing, or only of those rows? Declined, saying what to ask instead.
         */
        private Plan wholeOrTheseRows(Column thing, String instead) {
            return decline("One " + thing.name() + " has several rows, so \"" + thing.name() + "s with …\" could mean the "
                    + "whole of each one that has such a row, or only those rows; " + instead);
        }

        /** A thing with several rows each, named with what it holds ("orders that included a Widget"); else null. */
        private Column heldThing() {
            for (Tok t : toks) {
                if (t.type == T.COL && t.thing && identifier(t.column) && heldByThing(t.column)) {
                    return t.column;
                }
            }
            return null;
        }

        /** The groups a thing's bounds are per: its values, or the periods of the date column said so ("months"). */
        private GroupKey keyOf(Column thing) {
            return periodKey != null && periodKey.column().equals(thing) ? periodKey : new Plan.ColumnKey(thing);
        }

        /**
         * "Which customers had fewer than 2 orders in 2024": a bound that a thing without any such row meets, next to
         * conditions on rows, which would leave those things out — are they in (with none), or only the ones that have
         * rows? Declined; null when the bounds and conditions don't meet so.
         */
        private Plan noneNextToConditions(Column thing, List<Plan.Bound> bounds, List<Plan.Filter> kept) {
            Plan.Bound zero = bounds.stream().filter(Plan.Bound::admitsZero).findFirst().orElse(null);
            if (zero == null || kept.isEmpty()) {
                return null;
            }
            return decline("Some " + thing.name() + " values may have no rows where "
                    + kept.stream().map(Plan.Filter::describe).collect(java.util.stream.Collectors.joining(" and "))
                    + ": they meet \"" + zero.describe() + "\" with none, but the condition leaves them out. Ask without "
                    + "that condition, or for the figure by " + thing.name() + " and read the table.");
        }

        /**
         * The bounds on each {@code thing}'s count or total — those read as such ({@link #boundsOnThings}) and the
         * comparisons of an amount that adds up said of the thing (after a relative word only, when
         * {@code afterRelative}) — and the rest of the conditions, kept as conditions on rows.
         */
        private void splitBounds(Column thing, boolean afterRelative, List<Plan.Bound> bounds, List<Plan.Filter> kept) {
            boundsOnThings.stream().filter(e -> e.getKey().equals(thing)).forEach(e -> bounds.add(e.getValue()));
            for (Plan.Filter f : filters) {
                Column bounded = f instanceof Plan.Compare c ? c.column() : f instanceof Plan.Between b ? b.column() : null;
                if (bounded == null || !bounded.numeric() || identifier(bounded) || nonAdditive(bounded)
                        || bounded.equals(thing) || !saidOf(thing, bounded)
                        || afterRelative && !comparedPerThing.contains(bounded)) {
                    kept.add(f);
                } else if (f instanceof Plan.Compare c) {
                    bounds.add(new Plan.Bound(new Plan.Measure(Fn.SUM, bounded), c.op(), c.value()));
                } else {
                    Plan.Between b = (Plan.Between) f;
                    bounds.add(new Plan.Bound(new Plan.Measure(Fn.SUM, bounded), null, b.low(), b.high()));
                }
            }
        }

        /**
         * Whether a bound is said of each {@code thing} ("days with more than 1,500 sessions"), a comparison only after
         * a relative word when {@code afterRelative} (as {@link #boundedThings} takes them).
         */
        private boolean boundedOn(Column thing, boolean afterRelative) {
            if (!spansRows(thing)) {
                return false; // a shipment per row: its conditions are on rows
            }
            List<Plan.Bound> bounds = new ArrayList<>();
            splitBounds(thing, afterRelative, bounds, new ArrayList<>());
            return !bounds.isEmpty();
        }

        /**
         * Whether the question says {@code compared} of {@code thing}: the thing is named before the column, and
         * nothing between them names other things or rows ("which months of 2023 had revenue above 350,000", "customers
         * in the North with revenue over 500"; not "regions with orders of more than 10 units").
         */
        private boolean saidOf(Column thing, Column compared) {
            int at = firstFrom(0, t -> t.type == T.COL && compared.equals(t.column));
            int named = -1;
            for (int i = 0; i < at; i++) {
                if (toks.get(i).type == T.COL && thing.equals(toks.get(i).column)
                        || periodKey != null && periodKey.column().equals(thing) && periodKey.equals(periodNoun(i))) {
                    named = i; // (the periods of the date column said as a noun: "months")
                }
            }
            if (at >= toks.size() || named < 0) {
                return false;
            }
            for (int i = named + 1; i < at; i++) {
                Tok t = toks.get(i);
                if (t.type == T.COL || t.type == T.WORD && (ROW_NOUNS.contains(t.singular)
                        || COUNTED_NOUNS.contains(t.singular) || UNIDENTIFIED_ROWS.contains(t.singular))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * "how many customers have revenue over 1000": the condition is on each customer's total, not on single rows;
         * filtering rows would count customers with one large row. Declined when the counted or grouped thing spans
         * several rows (a customer with many orders); exact when each row is one (a shipment per row).
         */
        private Plan perThingCondition(Plan.Measure measure, List<GroupKey> keys) {
            if (comparedPerThing.isEmpty()) {
                return null;
            }
            List<Column> things = new ArrayList<>();
            keys.stream().filter(k -> k instanceof Plan.ColumnKey).forEach(k -> things.add(((Plan.ColumnKey) k).column()));
            if (measure.fn() == Fn.COUNT_DISTINCT) {
                things.add(measure.column());
            }
            for (Column thing : things) {
                if (thing.distinctCount() == null || thing.distinctCount() < dataset.rowCount()) {
                    return decline("The condition on " + comparedPerThing.get(0).name() + " would apply to single rows, "
                            + "while one " + thing.name() + " spans several rows; I can't filter on each " + thing.name()
                            + "'s total. Ask for \"" + comparedPerThing.get(0).name() + " by " + thing.name()
                            + "\" and read the table instead.");
                }
            }
            return null;
        }

        /** "North vs South", "Q1 2024 vs Q2 2024": the compared values or periods side by side, one row each. */
        private GroupKey comparedKey() {
            boolean comparing = toks.stream().anyMatch(t -> t.in(COMPARE_WORDS));
            if (!comparing) {
                return null;
            }
            for (Plan.Filter f : filters) {
                if (f instanceof Plan.OneOf o) {
                    return new Plan.ColumnKey(o.column());
                }
                if (f instanceof Plan.AnyOf any && any.options().stream().allMatch(o -> o instanceof Plan.Compare c
                        && c.op() == Plan.Op.EQ && c.column().equals(((Plan.Compare) any.options().get(0)).column()))) {
                    return new Plan.ColumnKey(((Plan.Compare) any.options().get(0)).column()); // "2023 vs 2024" by Year
                }
                if (f instanceof Plan.AnyOf any && any.options().stream().allMatch(o -> o instanceof Plan.DatePart p
                        && !p.part().equals(DateMentions.DAY_OF_YEAR))
                        && any.options().stream().map(o -> ((Plan.DatePart) o).part()).distinct().count() == 1) {
                    Plan.DatePart first = (Plan.DatePart) any.options().get(0);
                    return new Plan.PartKey(first.column(), first.part());
                }
                if (f instanceof Plan.AnyOf any && any.options().stream().allMatch(o -> o instanceof Plan.DateRange)) {
                    Set<Bucket> spans = new java.util.HashSet<>();
                    for (Plan.Filter o : any.options()) {
                        spans.add(span((Plan.DateRange) o));
                    }
                    if (spans.size() == 1 && !spans.contains(null)) {
                        return new Plan.BucketKey(((Plan.DateRange) any.options().get(0)).column(), spans.iterator().next());
                    }
                }
            }
            return null;
        }

        /**
         * A Month column (no date column) holds "Jan" of every year: grouping or counting by it alone would add up
         * January 2023 and January 2024. Unless the question keeps one year or groups by the year too, it declines.
         */
        private Plan monthsOfSeveralYears(Plan.QuerySpec spec) {
            Column year = calendarColumn("year");
            if (year == null || year.distinctCount() == null || year.distinctCount() < 2) {
                return null;
            }
            List<Column> used = new ArrayList<>();
            spec.groups().forEach(g -> {
                if (g instanceof Plan.ColumnKey k) {
                    used.add(k.column());
                }
            });
            if (spec.measure() != null && spec.measure().column() != null) {
                used.add(spec.measure().column());
            }
            if (spec.listed() != null) {
                used.add(spec.listed());
            }
            Column y = year;
            List<Plan.Filter> flat = new ArrayList<>();
            spec.filters().forEach(f -> flat.addAll(f instanceof Plan.AllOf all ? all.parts() : List.of(f)));
            boolean yearKept = used.contains(year) || flat.stream().anyMatch(f -> f instanceof Plan.Compare c
                    && c.column().equals(y) && c.op() == Plan.Op.EQ || f instanceof Plan.Equals e && e.column().equals(y));
            // "revenue in January" over Month and Year columns: January of which year? (every January added up, unsaid)
            flat.forEach(f -> {
                if (f instanceof Plan.Equals e && !e.negated()) {
                    used.add(e.column());
                } else if (f instanceof Plan.OneOf o) {
                    used.add(o.column());
                }
            });
            for (Column c : used) {
                List<String> words = Words.nameWords(c.name());
                if (!c.equals(year) && calendar(c) && !yearKept && !words.get(words.size() - 1).equals("year")) {
                    return decline(c.name() + " repeats in every " + year.name() + ", so this would add different years "
                            + "together; group \"by " + year.name() + " and " + c.name() + "\" or name one " + year.name()
                            + " (\"where " + year.name() + " = …\").");
                }
            }
            return null;
        }

        /**
         * "Headcount 2019 vs 2020", "employees in 2021": things with one row each, counted in periods of a date the
         * question does not name, which says when each began (hire_date) — on the books then, or hired then?
         * Declined; "hires in 2021", "employees hired in 2021" name the date and are counted.
         */
        private Plan countedAtADateNotTheirs(Plan.QuerySpec spec) {
            Plan.Measure m = spec.measure();
            if (m == null || m.fn() != Fn.COUNT_ROWS && m.fn() != Fn.COUNT_DISTINCT) {
                return null;
            }
            Column counted = m.fn() == Fn.COUNT_DISTINCT ? m.column() : dataset.columns().stream()
                    .filter(c -> identifier(c) && c.distinctCount() != null && c.distinctCount() >= dataset.rowCount())
                    .findFirst().orElse(null);
            if (counted == null || !identifier(counted) || counted.distinctCount() == null
                    || counted.distinctCount() < dataset.rowCount()) {
                return null;
            }
            Set<Column> dates = new java.util.HashSet<>();
            spec.groups().stream().filter(g -> g instanceof Plan.BucketKey).forEach(g -> dates.add(g.column()));
            // (a range open at its start, "since before 2016", can only be of when each began)
            spec.filters().forEach(f -> {
                if (f instanceof Plan.DateRange d && d.from() != null) {
                    dates.add(d.column());
                } else if (f instanceof Plan.AnyOf any) {
                    any.options().stream().filter(o -> o instanceof Plan.DateRange d && d.from() != null)
                            .forEach(o -> dates.add(((Plan.DateRange) o).column()));
                }
            });
            for (Column date : dates) {
                boolean named = toks.stream().anyMatch(t -> t.type == T.COL && date.equals(t.column));
                if (!named && marksABeginning(date)) {
                    return decline(dataset.name() + " has one row per " + counted.name() + ", dated by " + date.name()
                            + ", and no date when one ends: counted in a period, they could be those on the books then "
                            + "or those whose " + date.name() + " falls in it. Ask by " + date.name() + " (\"" + counted.name()
                            + " by year of " + date.name() + "\").");
                }
            }
            return null;
        }

        /**
         * The currency column of an amount aggregated over rows that may be in several currencies: one with several
         * values that the question neither keeps to one of ("… in USD") nor groups by; null when there is none.
         */
        private Column unkeptCurrency(Plan.QuerySpec spec) {
            List<Plan.Measure> amounts = new ArrayList<>();
            amounts.add(spec.measure());
            spec.bounds().forEach(b -> amounts.add(b.measure())); // "categories with debits over 20,000"
            if (amounts.stream().allMatch(m -> m == null || m.column() == null || !m.column().numeric()
                    || m.fn() == Fn.COUNT_DISTINCT || m.fn() == Fn.COUNT_VALUES)) {
                return null;
            }
            for (Column c : dataset.columns()) {
                if (!Words.nameWords(c.name()).stream().anyMatch(w -> w.equals("currency") || w.equals("ccy"))
                        || c.distinctCount() == null || c.distinctCount() < 2) {
                    continue;
                }
                boolean kept = spec.filters().stream().anyMatch(f -> f instanceof Plan.Equals e && e.column().equals(c)
                        && !e.negated()) || spec.groups().stream().anyMatch(g -> g instanceof Plan.ColumnKey k && k.column().equals(c));
                if (!kept) {
                    return c;
                }
            }
            return null;
        }

        /**
         * The same question with every figure split by currency: one total (average, maximum…) per currency, the
         * currency after the question's own groups, so that no figure adds up amounts in different currencies —
         * whether the rows the question keeps are in one currency or several. Null where such a split can't be laid
         * out (a ranking across groups, a nested figure with its own outer group).
         */
        private Plan.QuerySpec splitByCurrency(Plan.QuerySpec spec, Column currency) {
            if (!spec.bounds().isEmpty()) {
                return null; // a bound on totals in one currency each: which currency's totals?
            }
            Plan.GroupKey key = new Plan.ColumnKey(currency);
            return switch (spec.shape()) {
                case SINGLE -> new Plan.QuerySpec(Plan.Shape.GROUPED, spec.measure(), List.of(key), spec.filters(), true,
                        defaultRows, null);
                case GROUPED -> {
                    if (spec.groups().size() > 2) {
                        yield null;
                    }
                    List<GroupKey> keys = new ArrayList<>(spec.groups());
                    keys.add(key);
                    yield new Plan.QuerySpec(Plan.Shape.GROUPED, spec.measure(), keys, spec.filters(), spec.descending(),
                            spec.limit(), null);
                }
                case OF_GROUPS -> spec.groups().size() != 1 ? null
                        : new Plan.QuerySpec(Plan.Shape.OF_GROUPS, spec.measure(), List.of(key, spec.groups().get(0)),
                                spec.filters(), true, defaultRows, null, spec.over());
                case RANKED, RANKED_WITHIN, DISTINCT_VALUES, PLACES_TOTAL -> null;
            };
        }

        private Plan tooMany(List<Column> measures, List<Column> dimensions) {
            List<String> names = new ArrayList<>();
            measures.forEach(c -> names.add(c.name()));
            dimensions.forEach(c -> names.add(c.name()));
            if (names.isEmpty()) {
                // "highest monthly revenue by region": two groupings under one ranking
                return decline("This ranks over two groupings at once; I rank one at a time. Ask for the figure by "
                        + "both (\"revenue by region and month\") and read the table.");
            }
            return decline("I recognised " + quoteList(names) + " but not what to do with "
                    + (names.size() == 1 ? "it" : "them") + "; ask about one measure at a time, and use \"by\" to group.");
        }

        private Plan single(Plan.Measure measure) {
            GroupKey compared = comparedKey();
            if (compared != null) {
                groups.add(compared);
                return grouped(measure, null);
            }
            if (toks.stream().anyMatch(t -> t.in(COMPARE_WORDS))
                    && filters.stream().anyMatch(f -> f instanceof Plan.AnyOf || f instanceof Plan.OneOf)) {
                return decline("I can't put those side by side in one table; ask about each of them in turn.");
            }
            return query(new Plan.QuerySpec(Plan.Shape.SINGLE, measure, List.of(), filters, true, 1, null));
        }

        private Plan grouped(Plan.Measure measure, Integer n) {
            GroupKey compared = comparedKey();
            if (compared != null && !groups.contains(compared) && groups.size() < 2) {
                groups.add(compared);
            }
            int rows = n != null ? Math.min(n, maxRows) : defaultRows;
            if (sortDescending != null && groups.size() == 1) {
                // "revenue by region, highest first": every group, in that order
                return query(new Plan.QuerySpec(Plan.Shape.RANKED, measure, groups, filters, sortDescending, rows, null));
            }
            return query(new Plan.QuerySpec(Plan.Shape.GROUPED, measure, groups, filters, true, rows, null));
        }

        /** "conversion rate by channel": the ratio's two totals and the one over the other in percent, per group. */
        private Plan rate(Plan.QuerySpec spec) {
            Plan.Measure m = spec.measure();
            if (!spec.groups().isEmpty() && toks.stream().anyMatch(t -> t.in(AVG_WORDS) || t.in(MEDIAN_WORDS))) {
                // "average conversion rate across campaigns": the mean of each campaign's rate, or the rate of all?
                return decline("An average of each " + spec.groups().get(0).describe() + "'s rate weighs a small one like a "
                        + "large one; ask for the rate itself (of the totals), or for the rate by "
                        + spec.groups().get(0).describe() + ".");
            }
            if (m == null || m.fn() != Fn.RATIO || spec.over() != null || shareAsked || !(spec.shape() == Plan.Shape.SINGLE
                    || spec.shape() == Plan.Shape.GROUPED || spec.shape() == Plan.Shape.RANKED)) {
                return decline("Which rate, over what? Name its two parts, for example \"conversions per click\".");
            }
            return new Plan.Query(new Plan.QuerySpec(spec.shape(), new Plan.Measure(Fn.SUM, m.column()), spec.groups(),
                    spec.filters(), spec.descending(), spec.limit(), null, null, spec.skip(),
                    new Plan.Share(null, new Plan.Measure(Fn.SUM, m.per())), List.of(), spec.bounds()), score);
        }

        private Plan query(Plan.QuerySpec spec) {
            if (periodAt >= 0 && !spec.groups().contains(periodKey)) {
                // "how many days …" read as the days counted, but the plan is of something else
                return decline("I read \"how many " + periodKey.bucket().label() + "s\" as the " + periodKey.describe()
                        + " values counted, but could not tie the rest of the question to each of them; ask for the "
                        + "figure by " + periodKey.bucket().label() + " and read the table.");
            }
            if (!spec.bounds().containsAll(boundsOnThings.stream().map(Map.Entry::getValue).toList())) {
                // "the region with the most customers with more than 5 orders": a bound on things inside other groups
                Map.Entry<Column, Plan.Bound> first = boundsOnThings.get(0);
                return decline("I can keep the " + first.getKey().name() + " values with " + first.getValue().describe()
                        + " when I list or count them, or give a figure for each of them (\"… by " + first.getKey().name()
                        + "\"), but not inside other groups or rankings.");
            }
            if (rateBound != null && !spec.bounds().contains(rateBound)) {
                return decline("I can keep the groups with " + rateBound.describe() + " when I list them by a column, "
                        + "not otherwise.");
            }
            if (!spec.bounds().isEmpty() && (shareAsked || rateAsked && !spec.bounds().equals(
                    rateBound == null ? null : List.of(rateBound)))) {
                return decline("I can't give rates or shares of the groups that meet a bound; ask for the groups first.");
            }
            if (rateAsked && !(spec.shape() == Plan.Shape.OF_GROUPS && spec.over() == Fn.COUNT_ROWS)) {
                return rate(spec);
            }
            if (spec.shape() == Plan.Shape.OF_GROUPS && (spec.over() == Fn.AVG || spec.over() == Fn.MEDIAN)
                    && spec.groups().size() <= 2 && spec.groups().get(spec.groups().size() - 1) instanceof Plan.BucketKey period
                    && period.bucket() != Bucket.WEEKDAY && spec.bounds().isEmpty() && (spec.measure().fn() == Fn.SUM
                            || spec.measure().fn().counts())) {
                String each = period.bucket().label();
                boolean everyDay = everyDayHasRows(period.column());
                List<Plan.Filter> onRows = spec.filters().stream().filter(f -> !dated(f)).toList();
                // an outer group ("average number of orders per month by region") keeps each group's rows, as a
                // condition would: a region may have months without orders
                boolean outer = spec.groups().size() == 2;
                if (!everyDay && (period.bucket() == Bucket.DAY || period.bucket() == Bucket.WEEK || !onRows.isEmpty() || outer)
                        || period.bucket() == Bucket.WEEK && !wholeWeeks(period.column())) {
                    // "average number of orders per day", "average daily spend in October", "average monthly weight
                    // shipped from Chicago": over the periods with rows, or over every one of the calendar? Where some
                    // have none (or the first and last are partial weeks), the two differ
                    return decline(period.column().name() + " may have no rows in some " + each + "s (or only part of "
                            + "one at either end), so an " + spec.over().words + " per " + each + " could be over the "
                            + each + "s with rows or over every " + each + " of the calendar, which differ; ask for the "
                            + "total and the number of " + each + "s, or the figure by " + each + ".");
                }
                if (!onRows.isEmpty() && !outer) {
                    // "average daily number of failures": a day without one has 0 of them, and counts
                    spec = new Plan.QuerySpec(spec.shape(), spec.measure(), spec.groups(), spec.filters(),
                            spec.descending(), spec.limit(), spec.listed(), spec.over(), spec.skip(), spec.share(), onRows,
                            spec.bounds());
                }
            }
            if (rowsCounted() && spec.measure() != null && spec.measure().fn() == Fn.COUNT_DISTINCT
                    && identifier(spec.measure().column()) && !shareAsked) {
                // "how many lines in orders from the North" counts lines, not orders; "how many lines does an order
                // have" asks about one order, which one is not said
                Column thing = spec.measure().column();
                return decline("The question counts rows, and " + thing.name() + " is named beside them: the rows "
                        + "of one " + thing.name() + " differ from one to the next. Ask for the \"average number of rows "
                        + "per " + thing.name() + "\", the rows \"by " + thing.name() + "\", or the rows alone (\"how many "
                        + "lines in the North\").");
            }
            Plan plan = figures(spec);
            if (!shareAsked || !(plan instanceof Plan.Query query)) {
                return plan;
            }
            // an unkept currency was split off (or the question declined above): its amounts have no single total
            return share(query.spec(), unkeptCurrency(spec) != null);
        }

        /**
         * The figures as a share of their whole. A single figure is the share of the one condition it was asked about
         * ("what share of revenue comes from North"; conditions on dates are the whole: "… in 2024"); figures by group
         * are each group's share of the total under the question's dates, or — for one condition said after what the
         * share is of, with groups said with "each" or "per" — each group's part of its own figure ("the percentage of
         * orders returned in each region"). Other conditions next to groups are declined: "percentage of orders returned
         * by region" or "the share of returned orders in each region" may ask for each region's return rate or for how
         * returns split across regions.
         */
        private Plan share(Plan.QuerySpec spec, boolean splitByCurrency) {
            if (valueRate != null) {
                return valueRateOf(spec);
            }
            Fn fn = spec.measure() == null ? null : spec.measure().fn();
            if (fn != Fn.SUM && fn != Fn.COUNT_ROWS && fn != Fn.COUNT_DISTINCT && fn != Fn.COUNT_VALUES
                    || spec.over() != null
                    // a share of things (orders, customers) is of their identifiers, not of a column's distinct values
                    || fn == Fn.COUNT_DISTINCT && !identifier(spec.measure().column())) {
                return decline("A share is a part of a total or of a count; I can't give one of "
                        + (spec.measure() == null ? "a list of values" : "the " + spec.measure().describe()) + ".");
            }
            if (splitByCurrency) {
                return decline("The amounts are in several currencies, so they have no single total to take a share of; "
                        + "name one currency.");
            }
            List<Plan.Filter> dated = new ArrayList<>();
            List<Plan.Filter> other = new ArrayList<>();
            for (Plan.Filter f : spec.filters()) {
                (f instanceof Plan.DateRange || f instanceof Plan.DatePart || f instanceof Plan.LatestPeriod ? dated : other)
                        .add(f);
            }
            switch (spec.shape()) {
                case SINGLE -> {
                    if (spec.filters().size() == 1) {
                        return new Plan.Query(spec.sharing(new Plan.Share(spec.filters().get(0)), List.of()), score);
                    }
                    if (other.size() == 1) {
                        return new Plan.Query(spec.sharing(new Plan.Share(other.get(0)), dated), score);
                    }
                    Plan.Filter part = other.size() == 2 ? partAfterVerb(other) : null;
                    if (part != null) {
                        // "what percent of employees in Engineering are managers": the whole's condition said with
                        // what the share is of, the part's after the verb
                        List<Plan.Filter> whole = new ArrayList<>(dated);
                        whole.add(other.get(0) == part ? other.get(1) : other.get(0));
                        return new Plan.Query(spec.sharing(new Plan.Share(part), whole), score);
                    }
                    return decline(spec.filters().isEmpty()
                            ? "A share of what? Name the part, for example \"what share of " + suggestionMeasure()
                                    + " comes from " + exampleValue() + "\", or ask \"" + suggestionMeasure() + " share by "
                                    + suggestionDimension() + "\"."
                            : "I can give the share of one condition at a time; which of "
                                    + spec.filters().stream().map(Plan.Filter::describe)
                                            .collect(java.util.stream.Collectors.joining(", "))
                                    + " is the part, and which the whole?");
                }
                case GROUPED, RANKED -> {
                    if (spec.shape() == Plan.Shape.GROUPED && other.size() == 1 && partOfEachGroup(other.get(0))) {
                        return new Plan.Query(spec.sharing(new Plan.Share(other.get(0)), dated), score);
                    }
                    if (other.isEmpty() && !dated.isEmpty() && eachGroup) {
                        // "per region, what percentage of orders were placed in 2024": each region's part in that
                        // period, or how the period's orders split across regions? Not guessed.
                        String by = spec.groups().get(0).describe();
                        return decline("With only a period as the condition and the groups said with \"each\" or "
                                + "\"per\", I can't tell whether you want each " + by + "'s part in that period or how "
                                + "the period splits across " + by + " values; ask \"share of … by " + by + " in …\" for "
                                + "the split, or the share for one " + by + " at a time.");
                    }
                    if (!other.isEmpty()) {
                        String by = spec.groups().get(0).describe();
                        return decline("With " + other.stream().map(Plan.Filter::describe)
                                .collect(java.util.stream.Collectors.joining(" and ")) + ", I can't tell whether you want "
                                + "each " + by + "'s rate or how the matching rows split across " + by + " values. For "
                                + "the rate, name one condition after what it is a share of, and the groups with "
                                + "\"each\" (\"what share of … in each " + by + " …\"); for the split, ask for the "
                                + "share of one " + by + " at a time, or for the shares without that condition.");
                    }
                    return new Plan.Query(spec.sharing(new Plan.Share(null), dated), score);
                }
                default -> {
                    return decline("I can give shares of a total or a count, overall or by group, but not of this.");
                }
            }
        }

        /**
         * "failure rate by site", "return rate in 2024", "which region has the highest return rate", "sensors with a
         * failure rate above 3.5%": the rows where the value holds as a share of the rows, under the question's other
         * conditions — each group's own rate, however the groups were said. Where the rows are the lines of things
         * (an order's lines), the things are counted instead: an order with a returned line is a returned order.
         */
        private Plan valueRateOf(Plan.QuerySpec spec) {
            Plan.Measure m = spec.measure();
            Plan.Filter part = valueRate.part();
            boolean thingsBounded = valueRate.op() != null && spec.shape() == Plan.Shape.SINGLE && m != null
                    && m.fn() == Fn.COUNT_DISTINCT;
            if (m == null || spec.over() != null || !spec.filters().contains(part) || m.fn() != Fn.COUNT_ROWS
                    && !(m.fn() == Fn.COUNT_DISTINCT && (identifier(m.column()) || thingsBounded))) {
                return decline("A rate is a share of the rows (or the things) where " + part.describe() + "; I can give it "
                        + "overall or for each group (\"… rate by " + suggestionDimension() + "\"), but not as "
                        + (m == null ? "a list" : "the " + m.describe()) + " or over groups of groups.");
            }
            Plan.Shape shape = spec.shape();
            List<GroupKey> groups = spec.groups();
            GroupKey measured = groups.stream().filter(g -> g instanceof Plan.ColumnKey key && key.column().numeric()
                    && !identifier(key.column()) && !calendar(key.column())).findFirst().orElse(null);
            if (measured != null) {
                // "failure rate by temperature": one group per reading's value, not ranges of it
                return decline("A rate by " + measured.describe() + " would be one group per distinct value of a "
                        + "measurement; ask for it by a column of categories or by period, or with a range as the "
                        + "condition (\"failure rate where temperature_c is above 30\").".replace("temperature_c",
                                measured.describe()));
            }
            if (thingsBounded) {
                // "sensors with a failure rate above 3.5%": the things named are the groups the bound keeps (and "how
                // many sensors …" counts them)
                groups = List.of(new Plan.ColumnKey(m.column()));
                shape = countAsked() ? Plan.Shape.OF_GROUPS : Plan.Shape.GROUPED;
                m = new Plan.Measure(Fn.COUNT_ROWS, null);
            }
            Column lines = m.fn() == Fn.COUNT_ROWS ? linesOf() : null;
            if (lines != null && groups.stream().anyMatch(g -> g.column().equals(lines))) {
                // "return rate by order", "orders with a return rate above 10%": a rate of an order's own few lines
                return decline("Each " + lines.name() + " has only a few rows (its lines), so its own rate of "
                        + part.describe() + " says little; ask for the rate over " + lines.name() + " values, overall or "
                        + "by another column (\"… rate by " + suggestionDimension() + "\").");
            }
            if (lines != null) {
                m = new Plan.Measure(Fn.COUNT_DISTINCT, lines);
            }
            List<Plan.Filter> whole = spec.filters().stream().filter(f -> f != part).toList();
            Plan.QuerySpec counted = new Plan.QuerySpec(shape, m, groups, spec.filters(), spec.descending(),
                    spec.limit(), spec.listed(), spec.over(), spec.skip(), null, spec.countedInGroups(), List.of());
            Plan.QuerySpec rated = counted.sharing(new Plan.Share(part), whole);
            if (valueRate.op() == null && shape != Plan.Shape.OF_GROUPS) {
                return new Plan.Query(rated, score);
            }
            if (valueRate.op() != null && thingsBounded && shape == Plan.Shape.OF_GROUPS) {
                return new Plan.Query(new Plan.QuerySpec(shape, m, groups, whole, false, spec.limit(), null, Fn.COUNT_ROWS,
                        0, null, List.of(), List.of(Plan.Bound.percentMeeting(m, part, valueRate.op(),
                                valueRate.percent()))), score);
            }
            if (valueRate.op() == null || shape != Plan.Shape.GROUPED) {
                return decline("I can keep the groups whose rate of " + part.describe() + " meets a bound when I list "
                        + "them by a column (\"" + suggestionDimension() + " with a … rate above 3%\"), not otherwise.");
            }
            Plan.Bound bound = Plan.Bound.percentMeeting(m, part, valueRate.op(), valueRate.percent());
            return new Plan.Query(new Plan.QuerySpec(rated.shape(), m, rated.groups(), rated.filters(), rated.descending(),
                    maxRows, rated.listed(), rated.over(), rated.skip(), rated.share(), rated.countedInGroups(),
                    List.of(bound)), score);
        }

        /** Whether "how many" (or "number of") counts rows said as such: "how many lines", "number of readings". */
        private boolean rowsCounted() {
            for (int i = 0; i + 2 < toks.size(); i++) {
                if ((toks.get(i).is("how") && toks.get(i + 1).is("many") || toks.get(i).is("number")
                        && toks.get(i + 1).is("of")) && toks.get(i + 2).type == T.WORD
                        && (ROW_NOUNS.contains(toks.get(i + 2).singular)
                                || UNIDENTIFIED_ROWS.contains(toks.get(i + 2).singular))) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether every day between a date column's first and last has rows, by its summary: as many distinct dates as
         * days in the span (for a timestamp, at least one value an hour); false when the summary can't tell.
         */
        private boolean everyDayHasRows(Column date) {
            java.time.LocalDate[] span = firstAndLastDay(date);
            if (span == null || date.distinctCount() == null) {
                return false;
            }
            long days = java.time.temporal.ChronoUnit.DAYS.between(span[0], span[1]) + 1;
            boolean plainDate = date.type() != null && date.type().equalsIgnoreCase("DATE");
            return date.distinctCount() >= (plainDate ? days : days * 24);
        }

        /** The days of a date column's first and last values, by its summary; null when it can't tell. */
        private static java.time.LocalDate[] firstAndLastDay(Column date) {
            if (date.min() == null || date.max() == null || date.min().length() < 10 || date.max().length() < 10) {
                return null;
            }
            try {
                return new java.time.LocalDate[] {java.time.LocalDate.parse(date.min().substring(0, 10)),
                        java.time.LocalDate.parse(date.max().substring(0, 10))};
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }

        /** Whether a condition is on dates only: a range, a part of the year or week, the latest period, or several. */
        private static boolean dated(Plan.Filter f) {
            return f instanceof Plan.DateRange || f instanceof Plan.DatePart || f instanceof Plan.LatestPeriod
                    || f instanceof Plan.AnyOf any && any.options().stream().allMatch(QuestionPlanner.Analysis::dated)
                    || f instanceof Plan.AllOf all && all.parts().stream().allMatch(QuestionPlanner.Analysis::dated);
        }

        /** Whether a date column's first day is a Monday and its last a Sunday: its weeks are whole. */
        private boolean wholeWeeks(Column date) {
            java.time.LocalDate[] span = firstAndLastDay(date);
            return span != null && span[0].getDayOfWeek() == java.time.DayOfWeek.MONDAY
                    && span[1].getDayOfWeek() == java.time.DayOfWeek.SUNDAY;
        }

        /** Whether the question asks how many: "how many", "count", "number of". */
        private boolean countAsked() {
            for (int i = 0; i < toks.size(); i++) {
                if (toks.get(i).is("how") && word(i + 1).equals("many") || toks.get(i).is("count")
                        || toks.get(i).is("number") && word(i + 1).equals("of")) {
                    return true;
                }
            }
            return false;
        }

        /**
         * The one identifier whose things the rows are parts of — a few rows each, as an order's lines are — or null:
         * "orders" in a table of order lines, but not the sensors of a table of their readings (hundreds each).
         */
        private Column linesOf() {
            Column found = null;
            for (Column c : dataset.columns()) {
                if (identifier(c) && c.distinctCount() != null && c.distinctCount() < dataset.rowCount()
                        && dataset.rowCount() <= 5L * c.distinctCount()) {
                    if (found != null) {
                        return null;
                    }
                    found = c;
                }
            }
            return found;
        }

        /**
         * Of two conditions, the one said after the verb that follows what the share is of ("what percent of employees
         * in Engineering are managers", "what share of Black Friday revenue came from Email"), when the other is said
         * before that verb; null when they are not said so.
         */
        private Plan.Filter partAfterVerb(List<Plan.Filter> conditions) {
            int share = firstFrom(0, t -> t.in(SHARE_WORDS));
            int verb = firstFrom(share + 1, t -> t.is("are", "is", "were", "was", "came", "come", "comes", "had", "have",
                    "has", "work", "works", "worked", "went", "go", "goes"));
            if (verb >= toks.size()) {
                return null;
            }
            Plan.Filter part = null;
            Plan.Filter whole = null;
            for (Plan.Filter f : conditions) {
                Column column = conditionColumn(f);
                if (column == null) {
                    return null;
                }
                List<Integer> said = mentions(column).stream().filter(i -> i > share).toList();
                boolean before = said.stream().anyMatch(i -> i < verb);
                boolean after = said.stream().anyMatch(i -> i > verb);
                if (before == after) {
                    return null;
                }
                if (after) {
                    part = f;
                } else {
                    whole = f;
                }
            }
            return part != null && whole != null ? part : null;
        }

        /**
         * Whether a condition next to groups is each group's part: the groups said with "each", "every" or "per", and
         * the condition named only after what the share is of ("what share of orders in each region were returned",
         * "the percentage of revenue per month that came from Widget"). Named before it ("the percentage of returned
         * orders in each region") or after a group's own share ("each region's share of returned orders"), the
         * matching rows are what is split across the groups.
         */
        private boolean partOfEachGroup(Plan.Filter part) {
            Column column = conditionColumn(part);
            int share = firstFrom(0, t -> t.in(SHARE_WORDS));
            if (!eachGroup || column == null || share >= toks.size() || share > 0 && toks.get(share - 1).is("s")) {
                return false;
            }
            int object = firstFrom(share + 1, t -> !t.is("of", "the", "all", "a", "an", "total"));
            List<Integer> said = mentions(column);
            return !said.isEmpty() && said.stream().allMatch(i -> i > object);
        }

        /**
         * "Who was hired most recently", "who was our most recent customer": the person (or thing) whose date is the
         * earliest or latest, with that date, ties included — named by the thing the question says it is ("who was
         * our … customer": customer_id, or the one name column of that thing), else by the table's one name column;
         * null where neither settles who.
         */
        private Plan.QuerySpec whoseMoment(Plan.QuerySpec spec) {
            List<Column> names = dataset.columns().stream().filter(c -> c.kind() == Dataset.Kind.TEXT
                    && Words.nameWords(c.name()).contains("name")).toList();
            Column who = null;
            if (toks.size() > 1 && toks.get(1).is("was", "is", "were", "are")) {
                for (Tok t : toks) {
                    if (t.type == T.COL && t.thing) {
                        if (who != null && !who.equals(t.column)) {
                            return null;
                        }
                        who = t.column; // "who was our most recent customer"
                    }
                }
            }
            if (who != null) {
                String kind = Words.nameWords(who.name()).get(0);
                List<Column> named = names.stream().filter(c -> Words.nameWords(c.name()).get(0).equals(kind)).toList();
                who = named.size() == 1 ? named.get(0) : who; // the customer's name, where the table has it
            } else if (names.size() == 1 && toks.size() > 1 && toks.get(1).is("was", "is", "were", "are")) {
                who = names.get(0); // "who was hired last": the one column of names
            }
            return who == null ? null : momentOf(spec, who);
        }

        /** The date a "when" asks for: the one a verb names ("shipped"), else the table's one date column; or null. */
        private Column whenColumn() {
            int verb = verbDate();
            if (verb >= 0) {
                return toks.get(verb).column;
            }
            return DataSpan.onlyDateColumn(dataset);
        }

        /** The value of {@code who} whose date (the spec's earliest or latest) comes first or last; null if not one. */
        private Plan.QuerySpec momentOf(Plan.QuerySpec spec, Column who) {
            Plan.Measure m = spec.measure();
            if (m == null || m.column() == null || !m.column().temporal() || m.fn() != Fn.MIN && m.fn() != Fn.MAX
                    || spec.share() != null || !spec.bounds().isEmpty()
                    || spec.filters().stream().anyMatch(f -> who.equals(conditionColumn(f)))) {
                return null;
            }
            return new Plan.QuerySpec(Plan.Shape.RANKED, m, List.of(new Plan.ColumnKey(who)), spec.filters(),
                    m.fn() == Fn.MAX, 1, null);
        }

        private static Column conditionColumn(Plan.Filter f) {
            if (f instanceof Plan.Equals e) {
                return e.column();
            } else if (f instanceof Plan.OneOf o) {
                return o.column();
            } else if (f instanceof Plan.IsTrue t) {
                return t.column();
            } else if (f instanceof Plan.IsNull n) {
                return n.column();
            } else if (f instanceof Plan.Compare c) {
                return c.column();
            } else if (f instanceof Plan.Between b) {
                return b.column();
            }
            return null;
        }

        private String exampleValue() {
            Column d = firstDimension(dataset);
            return d == null || d.topValues().isEmpty() ? "one value" : d.topValues().get(0);
        }

        private Plan figures(Plan.QuerySpec spec) {
            Plan.Measure m = spec.measure();
            if (m != null && m.column() != null && m.column().numeric() && m.fn() != Fn.MIN && m.fn() != Fn.MAX
                    && m.fn() != Fn.COUNT_DISTINCT && m.fn() != Fn.COUNT_VALUES && preAveraged(m.column())) {
                // avg_time_sec per row: averaging (or adding) averages needs the weights they came from
                return decline(m.column().name() + " already holds averages; their " + m.fn().words + " would weigh every "
                        + "row alike and be wrong. Ask for its minimum or maximum, or for the columns it came from.");
            }
            if (skip > 0 && spec.skip() != skip) {
                // "the second highest salary" of rows, "second highest per region": not a place in a ranking of groups
                return decline("I can pick the second (third…) place only in a ranking of groups, for example \"the second "
                        + "highest " + suggestionDimension() + " by " + suggestionMeasure() + "\".");
            }
            if (spec.shape() == Plan.Shape.SINGLE && toks.size() > 1 && toks.get(0).is("which", "what")
                    && toks.get(1).type == T.COL && (toks.get(1).thing || !toks.get(1).column.numeric())
                    && !toks.get(1).column.temporal()) {
                // "which sensor failed first": the sensor whose first failure is the earliest, not only when
                Plan.QuerySpec whose = momentOf(spec, toks.get(1).column);
                if (whose != null) {
                    return query(whose);
                }
            }
            if (spec.shape() == Plan.Shape.SINGLE && !toks.isEmpty() && toks.get(0).is("who", "whom")) {
                Plan.QuerySpec whose = whoseMoment(spec);
                if (whose != null) {
                    return query(whose); // "who was hired most recently": whose hire_date is the latest
                }
                // "who placed the first order": a person, which one figure (the first order date) does not name
                return decline("You asked who; I can give the " + spec.measure().describe() + ", but not whose it is. "
                        + "Ask for the rows instead, for example \"top 1 " + suggestionDimension() + " by "
                        + (spec.measure().column() == null ? suggestionMeasure() : spec.measure().column().name()) + "\".");
            }
            Column currency = unkeptCurrency(spec);
            if (currency != null) {
                Plan.QuerySpec split = splitByCurrency(spec, currency);
                if (split == null) {
                    Column amount = java.util.stream.Stream.concat(java.util.stream.Stream.of(spec.measure()),
                            spec.bounds().stream().map(Plan.Bound::measure)).filter(f -> f != null && f.column() != null
                                    && f.column().numeric()).map(Plan.Measure::column).findFirst().orElseThrow();
                    return decline(amount.name() + " is in several currencies (" + currency.name() + "), and "
                            + (spec.bounds().isEmpty() ? "ranking amounts in different currencies against each other"
                                    : "bounding totals of amounts in different currencies") + " means nothing. Name "
                            + "one (\"… in " + (currency.topValues().isEmpty() ? "USD" : currency.topValues().get(0))
                            + "\") or group \"by " + currency.name() + "\".");
                }
                spec = split;
            }
            Plan merged = monthsOfSeveralYears(spec);
            if (merged != null) {
                return merged;
            }
            Plan stock = countedAtADateNotTheirs(spec);
            if (stock != null) {
                return stock;
            }
            if (spec.measure() != null && spec.measure().column() != null && spec.measure().column().temporal()
                    && spec.measure().fn() != Fn.MIN && spec.measure().fn() != Fn.MAX
                    && spec.measure().fn() != Fn.COUNT_DISTINCT) {
                return decline("I can't compute the " + spec.measure().fn().words + " of a date column ("
                        + spec.measure().column().name() + ").");
            }
            return new Plan.Query(spec, score);
        }
    }

    static String quoteList(List<String> words) {
        List<String> quoted = words.stream().map(w -> w.startsWith("\"") ? w : "\"" + w + "\"").toList();
        return quoted.size() == 1 ? quoted.get(0)
                : String.join(", ", quoted.subList(0, quoted.size() - 1)) + " and " + quoted.get(quoted.size() - 1);
    }

    static Column firstMeasure(Dataset dataset) {
        Column fallback = null;
        for (Column c : dataset.columns()) {
            if (c.numeric()) {
                if (!identifier(c)) {
                    return c;
                }
                fallback = fallback == null ? c : fallback;
            }
        }
        return fallback;
    }

    static Column firstDimension(Dataset dataset) {
        Column fallback = null;
        for (Column c : dataset.columns()) {
            if (c.kind() == Dataset.Kind.TEXT) {
                if (c.distinctCount() == null || c.distinctCount() <= 100) {
                    return c;
                }
                fallback = fallback == null ? c : fallback;
            }
        }
        return fallback;
    }

    static Column firstDate(Dataset dataset) {
        for (Column c : dataset.columns()) {
            if (c.temporal()) {
                return c;
            }
        }
        return null;
    }

    /** Questions this dataset can answer, in its own column names. */
    public static List<String> suggestions(Dataset dataset) {
        List<String> out = new ArrayList<>();
        Column measure = firstMeasure(dataset);
        Column dimension = firstDimension(dataset);
        Column date = firstDate(dataset);
        out.add("How many rows are there?");
        if (measure != null && dimension != null) {
            out.add("Total " + measure.name() + " by " + dimension.name());
            out.add("Top 5 " + dimension.name() + " by " + measure.name());
        } else if (measure != null) {
            out.add("Average " + measure.name());
        }
        if (measure != null && date != null) {
            out.add("Total " + measure.name() + " by month");
        } else if (date != null) {
            out.add("How many rows per month?");
        }
        if (dimension != null) {
            out.add("Distinct values of " + dimension.name());
        }
        out.add("Describe " + (dataset.name() == null ? "the data" : dataset.name()));
        return out;
    }
}
