package dev.insight.chat.analyst;

import static dev.insight.chat.analyst.ColumnRoles.*;
import static dev.insight.chat.analyst.Vocabulary.*;
import static dev.insight.chat.analyst.QuestionPlanner.*;

import dev.insight.chat.analyst.Dataset.Column;
import dev.insight.chat.analyst.Plan.GroupKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one planning run knows of its question: the tokens, the conditions, groups and figures read so far, and
 * small questions about the question that every phase asks. The phases build on it: {@link ValueRecognition} (columns
 * and values), {@link ConditionReading} (comparisons, negations, yes/no), {@link PeriodsAndGroups} (dates, periods,
 * "by"), then QuestionPlanner's own assembly into a plan.
 */
abstract class PlannerState {

    /** Rows listed when the question names no number, and the most it may ask for. */
    final int defaultRows;
    final int maxRows;
    final Dataset dataset;
    final String question;
    final List<Tok> toks = new ArrayList<>();
    final List<Plan.Filter> filters = new ArrayList<>();
    final List<GroupKey> groups = new ArrayList<>();
    final List<Column> byNumeric = new ArrayList<>();
    /** Measures compared after "who", "with", "have"…: "customers who have revenue over 1000". */
    final List<Column> comparedPerThing = new ArrayList<>();
    /**
     * Bounds on what each thing counts or adds up, with the thing they are said of: "departments with more than 20
     * employees" (department: number of employee_id over 20), "pages that had more than 5,000 sessions".
     */
    final List<Map.Entry<Column, Plan.Bound>> boundsOnThings = new ArrayList<>();
    /**
     * "On how many days…", "which months had fewer than 10 shipments": a period of the one date column said as the
     * things counted or listed (bounds on it are keyed by the date column); {@code periodAt} is where "how many" named
     * it, or -1.
     */
    Plan.BucketKey periodKey;
    int periodAt = -1;
    /** Periods found said as a noun before a bound ("which months had…"), taken as the things once the bound is read. */
    Plan.BucketKey periodSaid;

    /**
     * Whether one thing (a value of the column, or a period of the date column said as the things) has several rows;
     * conditions said of things with one row each are on rows.
     */
    boolean spansRows(Column thing) {
        return periodKey != null && periodKey.column().equals(thing) || periodSaid != null && periodSaid.column().equals(thing)
                || thing.distinctCount() != null && thing.distinctCount() < dataset.rowCount();
    }
    /**
     * Columns a condition says a row lacks ("without a discount", "without Widget", "non-discounted"): about things
     * that span several rows ("orders without a discount") that means none of their rows, which a filter can't say.
     */
    final Set<Column> absentOn = new java.util.HashSet<>();
    /** The things such a lack is said of ("campaigns that did not run on Email"), where they span several rows. */
    final Set<Column> absentOf = new java.util.LinkedHashSet<>();
    /** A value said as the question's first word that is also a word like "display" or "show" (declined). */
    Map.Entry<Column, String> fillerValue;
    /** "revenue without discounts": the measure of rows without one, or the measure before them? (declined) */
    Column measureWithout;
    /** A group said with "each", "every" or "per": "the highest salary in each department" is one per group. */
    boolean eachGroup;
    /** "managers by city": a yes/no column named in the plural, whose rows are counted. */
    boolean yesNoCounted;
    /** "revenue per unit": the ratio asked for, once the grouping pass has read it. */
    Plan.Measure ratio;
    /** "campaigns with a conversion rate above 3%": a bound on each group's rate. */
    Plan.Bound rateBound;
    /** Places of a ranking to pass over: 1 for "the second highest". */
    int skip;
    /** "what share of revenue", "percentage of orders": the figure as a part of its whole. */
    boolean shareAsked;
    /** "conversion rate" (said as "conversions per clicks rate"): a ratio of totals given as a rate, in percent. */
    boolean rateAsked;
    /**
     * "failure rate", "return rate": the share of rows (or of the things they make up) where a value or a yes/no column
     * holds, always each group's own; with the bound said right after it ("a failure rate above 3.5%"), when one is.
     */
    ValueRate valueRate;

    /** The condition a rate is of, and the bound on it in percent ({@code op} null when none was said). */
    record ValueRate(Plan.Filter part, Plan.Op op, java.math.BigDecimal percent) {
    }
    /** An explicit order: "sorted from highest to lowest", "lowest first", "descending". */
    Boolean sortDescending;
    /** Groups said with "per" or as an adjective ("revenue per month", "monthly revenue"): an average is over them. */
    final Set<GroupKey> perKeys = new java.util.HashSet<>();
    final Set<GroupKey> adjectiveKeys = new java.util.HashSet<>();
    /** The things the rows belong to, named alongside a measure ("average revenue of orders"). */
    final Set<GroupKey> thingKeys = new java.util.HashSet<>();
    /** "which month had…": the group is what is asked for, ranked. */
    boolean whichGroup;
    final Set<String> fileWords = new java.util.HashSet<>();
    int score;
    /** The question as the date finder read it (mention offsets point into it). */
    String lower = "";
    /** Why a period the question groups by has no date column to group ("monthly" in a file without dates), if so. */
    String dateless = "";

    PlannerState(String question, Dataset dataset, int defaultRows, int maxRows) {
        this.defaultRows = defaultRows;
        this.maxRows = maxRows;
        this.question = question;
        this.dataset = dataset;
        if (dataset.name() != null) {
            for (String w : Words.nameWords(dataset.name())) {
                fileWords.add(w);
            }
        }
    }

    /** Whether the word at i is what "how many", "number of" or "count" counts (then it means rows). */
    boolean counted(int i) {
        return toks.get(i).text.equals("headcount") // a count by itself
                || i >= 2 && toks.get(i - 2).is("how") && toks.get(i - 1).is("many")
                || i >= 1 && toks.get(i - 1).is("count")
                || i >= 2 && toks.get(i - 1).is("of") && toks.get(i - 2).is("number", "count");
    }

    String word(int i) {
        return i < toks.size() && toks.get(i).type == T.WORD ? toks.get(i).text : "";
    }

    void use(int from, int to) {
        for (int k = from; k < to && k < toks.size(); k++) {
            toks.get(k).used = true;
        }
    }

    /** The one numeric column holding quantities (quantity, qty, units), or null. */
    Column quantityColumn() {
        return onlyMeasure(words -> QUANTITY_WORDS.contains(words.get(words.size() - 1)));
    }

    /** The table's one numeric salary, wage or pay column; null when there is none or several. */
    Column payColumn() {
        return onlyMeasure(words -> words.contains("salary") || words.contains("wage") || words.contains("pay"));
    }

    /** The table's one numeric revenue or sales column (its name says so); null when there is none or several. */
    Column revenueColumn() {
        return onlyMeasure(words -> words.contains("revenue") || words.contains("sales") || words.contains("sale"));
    }

    /** The one profit column, or null. */
    Column profitColumn() {
        return onlyMeasure(words -> words.contains("profit"));
    }

    /** The one numeric, non-identifier column whose name's words pass the test; null when none or several do. */
    Column onlyMeasure(java.util.function.Predicate<List<String>> named) {
        Column found = null;
        for (Column c : dataset.columns()) {
            List<String> words = Words.nameWords(c.name());
            if (c.numeric() && !identifier(c) && !words.isEmpty() && named.test(words)) {
                if (found != null) {
                    return null;
                }
                found = c;
            }
        }
        return found;
    }

    /** A balance carried from row to row (an account's balance after each transaction). */
    boolean runningBalance(Column c) {
        return c.numeric() && Words.nameWords(c.name()).contains("balance");
    }

    /** "days" for a column named day: the column's own name in the plural, not an event it records. */
    static boolean namesTheColumnItself(Tok t) {
        String key = Words.plainKey(t.column.name());
        return key.equals(Words.plainKey(t.text)) || key.equals(Words.plainKey(Words.singular(t.text)));
    }

    /** Whether the number is a whole number between the column's smallest and largest values. */
    static boolean withinRange(Tok number, Column column) {
        try {
            BigDecimal n = number.number;
            return n.stripTrailingZeros().scale() <= 0 && column.min() != null && column.max() != null
                    && n.compareTo(new BigDecimal(column.min())) >= 0 && n.compareTo(new BigDecimal(column.max())) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Whether a word of the question was said in the plural ("hires", "managers"). */
    static boolean plural(Tok t) {
        return t.text.indexOf(' ') < 0 && t.text.endsWith("s") && !Words.singular(t.text).equals(t.text);
    }

    /** Whether a date column is named by its event in the plural ("hires" for hire_date): rows to count. */
    boolean eventsNamed() {
        return toks.stream().anyMatch(PlannerState::namesEvents);
    }

    /** "hires" for hire_date, not "days" for day: a date column named by the event it records, in the plural. */
    static boolean namesEvents(Tok t) {
        return t.type == T.COL && t.column.temporal() && plural(t) && !namesTheColumnItself(t);
    }

    /** Whether the question names rows ("lines", "rows", "orders") as what it counts. */
    boolean rowsNamed() {
        return toks.stream().anyMatch(t -> t.type == T.WORD && ROW_NOUNS.contains(t.singular));
    }

    /** Whether the quantity column is already a condition ("… sold more than 10 units"). */
    boolean quantityFiltered() {
        Column quantity = quantityColumn();
        return quantity != null && filters.stream().anyMatch(f -> f instanceof Plan.Compare c && c.column().equals(quantity)
                || f instanceof Plan.Between b && b.column().equals(quantity));
    }

    /** "distribution of satisfaction", "breakdown of X": how many rows have each value. */
    boolean distributionAsked() {
        return toks.stream().anyMatch(t -> t.is("distribution", "breakdown", "histogram", "spread"));
    }

    /** Whether the question writes the word in capitals ("US"): a name, not the common word. */
    boolean acronymInQuestion(String word) {
        Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word.toUpperCase(Locale.ROOT))
                + "(?![\\p{L}\\p{N}])").matcher(question);
        return word.length() >= 2 && m.find();
    }

    boolean hasRankWord() {
        for (Tok t : toks) {
            if (!t.used && (t.in(RANK_UP) || t.in(RANK_DOWN))) {
                return true;
            }
        }
        return false;
    }

    Plan decline(String reason) {
        return new Plan.Decline(reason, suggestions(dataset), score);
    }

    String suggestionMeasure() {
        Column m = firstMeasure(dataset);
        return m == null ? "a numeric column" : m.name();
    }

    String suggestionDimension() {
        Column d = firstDimension(dataset);
        return d == null ? "a text column" : d.name();
    }
}
