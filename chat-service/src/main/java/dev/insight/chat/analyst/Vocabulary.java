package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Plan.Bucket;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words the question planner knows, in one place: what asks for which figure, ranks, groups, negates, joins
 * alternatives, names a period, a unit, a thing; every other word of a question must be a column or a value, or the
 * question declines.
 */
final class Vocabulary {

    private Vocabulary() {
    }

    static final Set<String> SUM_WORDS = Set.of("total", "totals", "sum");
    static final Set<String> AVG_WORDS = Set.of("average", "avg", "mean");
    static final Set<String> MEDIAN_WORDS = Set.of("median");
    static final Set<String> MIN_WORDS = Set.of("minimum", "min", "earliest", "cheapest", "first");
    static final Set<String> MAX_WORDS = Set.of("maximum", "max", "latest", "last");
    static final Set<String> RANK_UP = Set.of("top", "highest", "best", "largest", "biggest", "most",
            "greatest", "leading");
    static final Set<String> RANK_DOWN = Set.of("bottom", "lowest", "worst", "smallest", "least", "fewest");
    static final Set<String> SUPERLATIVES = Set.of("highest", "best", "largest", "biggest", "most", "greatest",
            "lowest", "worst", "smallest", "least", "fewest", "leading");
    /** Words that ask for a part of a whole ("percent" right after a number is that number's unit instead). */
    static final Set<String> SHARE_WORDS = Set.of("share", "percentage", "percent", "pct", "proportion", "fraction");
    static final Set<String> DISTINCT_WORDS = Set.of("distinct", "unique", "different");
    static final Set<String> DESCRIBE_WORDS = Set.of("describe", "summarize", "summarise", "summary",
            "overview", "profile", "schema", "structure", "columns", "fields");
    static final Set<String> WHY_WORDS = Set.of("why", "predict", "prediction", "forecast", "projection",
            "project", "will", "should", "cause", "causes", "caused", "reason", "reasons", "explain", "recommend",
            "correlation", "correlate", "correlated", "regression", "estimate");
    static final Set<String> LIST_WORDS = Set.of("list", "show", "what", "which", "name", "names", "values",
            "are", "there", "exist");
    static final Map<String, Bucket> BUCKET_NOUNS = Map.of("day", Bucket.DAY, "date", Bucket.DAY, "week",
            Bucket.WEEK, "month", Bucket.MONTH, "quarter", Bucket.QUARTER, "year", Bucket.YEAR, "weekday",
            Bucket.WEEKDAY);
    static final Map<String, Bucket> BUCKET_ADJECTIVES = Map.of("daily", Bucket.DAY, "weekly", Bucket.WEEK,
            "monthly", Bucket.MONTH, "quarterly", Bucket.QUARTER, "yearly", Bucket.YEAR, "annual", Bucket.YEAR,
            "annually", Bucket.YEAR);
    static final Set<String> GROUP_WORDS = Set.of("by", "per", "each", "every", "across");
    /** Words that exclude the value after them: "revenue not in North", "orders excluding West". */
    static final Set<String> NEGATIONS = Set.of("not", "non", "excluding", "except", "without", "besides");
    /** What may stand between a negation and its value: "not in the", "except for". */
    static final Set<String> NEGATION_GLUE = Set.of("in", "from", "for", "of", "the", "to", "equal", "including",
            "include", "includes", "included", "contain", "contains", "contained", "buy", "bought", "purchase",
            "purchased",
            "on", "at", "a", "an", "based", "located", "living", "live", "lives", "work", "works", "working", "ones",
            "those", "any", "used", "use", "uses", "got", "get", "gets", "paid", "pay", "pays", "went", "go", "goes",
            "ran", "run", "runs", "ordered", "had", "have", "has", "chose", "picked", "selected");
    /** What may join two periods or two values meant together: "Q1 and Q2", "North or South". */
    static final Set<String> ALTERNATIVES = Set.of("and", "or", "nor", "in", "during", "the", "vs", "versus",
            "against", "compared", "to", "with");
    /**
     * Words too common to name a column on their own ("how many sales" counts rows), but which do name the one
     * numeric column whose name holds them when nothing counts them: "sales by month" with a "Sales Amount" column.
     */
    static final Set<String> MEASURE_FILLER = Set.of("sale", "amount", "quantity");
    /** Words of column names that say where something went to, or came from ("shipments to Boston"). */
    static final Set<String> DESTINATION_WORDS = Set.of("destination", "dest", "to", "receiver", "recipient",
            "arrival", "consignee", "target");
    static final Set<String> ORIGIN_WORDS = Set.of("origin", "source", "from", "sender", "departure", "shipper");
    /** Words that ask for an amount: "how much", "what did we make", "sales by region". */
    static final Set<String> AMOUNT_WORDS = Set.of("much", "sale", "sales", "make", "made", "earn", "earned",
            "earning", "earnings", "spend", "spent", "pay", "paid", "income", "turnover");
    /** Words that ask for a quantity when counted: "how many Widgets were sold". */
    static final Set<String> SOLD_WORDS = Set.of("sold", "sell", "selling", "bought", "buy", "purchased");
    static final Set<String> QUANTITY_WORDS = Set.of("unit", "quantity", "qty");
    /** Units written after a number that only repeat what its column holds. */
    static final Set<String> UNIT_WORDS = Set.of("kg", "kgs", "kilograms", "kilos", "degrees", "degree", "celsius",
            "dollars", "bucks", "v", "volt", "volts", "yearsold");
    /** Words after which a number is a bound ("more than one", "at least one"). */
    static final Set<String> BOUND_WORDS = Set.of("than", "least", "most", "over", "under", "above", "below",
            "exactly");
    static final Map<String, Integer> ORDINALS = Map.of("second", 2, "third", 3, "fourth", 4, "fifth", 5,
            "2nd", 2, "3rd", 3, "4th", 4, "5th", 5);
    static final Pattern LATEST_PERIOD = Pattern.compile(
            "\\b(?:(?:in|during|for|over|of|on)\\s+)?(?:the\\s+)?latest\\s+(day|week|month|quarter|year)\\b");
    /** Other words for what a table's one revenue (or sales) column holds. */
    static final Set<String> REVENUE_WORDS = Set.of("turnover", "income", "earnings", "takings");
    /** What people are paid, said as a verb: the table's one salary (or wage, pay) column. */
    static final Set<String> EARN_WORDS = Set.of("earn", "earns", "earning", "earned", "paid", "pay", "pays");
    static final Set<String> ROW_NOUNS = Set.of("row", "record", "entry", "line");
    /**
     * Rows said as what they record, where no identifier names them: "the site with the most readings". (Not
     * "visits" or "events": in a table of daily totals those are a column's sum, not its rows.)
     */
    static final Set<String> UNIDENTIFIED_ROWS = Set.of("reading", "observation", "measurement", "sample");
    /** What people call the things some identifier columns identify (the identifier's name without "id"). */
    static final Map<String, List<String>> THING_ALIASES = Map.of(
            "txn", List.of("transaction"), "trx", List.of("transaction"), "trans", List.of("transaction"),
            "employee", List.of("staff", "people", "person", "headcount", "worker"),
            "emp", List.of("employee", "staff", "people", "person", "headcount", "worker"),
            "respondent", List.of("response", "people", "person"),
            "customer", List.of("client"), "client", List.of("customer"));
    /** Common words for what a row is: "orders by region" counts rows; "figures by region" does not say what. */
    static final Set<String> COUNTED_NOUNS = Set.of("row", "record", "entry", "line", "item", "order", "sale",
            "event", "visit", "transaction", "txn", "ticket", "booking", "purchase", "case", "call", "response",
            "submission", "reading", "observation", "sample", "trip", "ride", "payment");
    /** Words that attach a condition to the thing before them: "customers who bought", "orders with". */
    static final Set<String> RELATIVE = Set.of("who", "whose", "that", "which", "have", "has", "had", "having",
            "with", "bought", "spent", "sold", "earned", "made", "generated");
    /** Verbs and prepositions that say what a thing holds: "orders that contained Widget", "customers with Gadget". */
    static final Set<String> HOLDING = Set.of("include", "includes", "included", "including", "contain", "contains",
            "contained", "containing", "with", "bought", "buy", "buys", "purchased", "ordered", "had", "have", "has");
    /** Words that ask for two things side by side: "North vs South", "compare Q1 and Q2". */
    static final Set<String> COMPARE_WORDS = Set.of("vs", "versus", "compare", "compared", "comparing",
            "comparison", "against", "split");
    static final Set<String> LINKING = Set.of("is", "are", "was", "were", "has", "have", "had", "with", "of",
            "being", "a", "an");
    static final Set<String> KEYWORDS = new java.util.HashSet<>();

    static {
        for (Set<String> set : List.of(SUM_WORDS, AVG_WORDS, MEDIAN_WORDS, MIN_WORDS, MAX_WORDS, RANK_UP, RANK_DOWN,
                DISTINCT_WORDS, DESCRIBE_WORDS, GROUP_WORDS, Set.of("count", "how", "many", "number", "bottom", "top",
                        "between", "and", "not", "than", "where", "overview"))) {
            KEYWORDS.addAll(set);
        }
        KEYWORDS.addAll(BUCKET_NOUNS.keySet());
        KEYWORDS.addAll(BUCKET_ADJECTIVES.keySet());
    }
}
