package dev.insight.chat.analyst;

import static dev.insight.chat.analyst.ColumnRoles.*;
import static dev.insight.chat.analyst.Vocabulary.*;

import dev.insight.chat.analyst.Dataset.Column;
import dev.insight.chat.analyst.Plan.Bucket;
import dev.insight.chat.analyst.Plan.Fn;
import dev.insight.chat.analyst.Plan.GroupKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a question in plain English into a query over one dataset, deterministically: no model, no guessing.
 * It recognises columns (whatever their case, separators or plural), values of text columns, numbers, periods and
 * a small vocabulary (total, average, median, top, by, per, monthly, where, over, between, distinct, describe…).
 * Any word it cannot place makes it decline with suggestions rather than answer a different question.
 */
public final class QuestionPlanner {

    private static final Pattern VALUE_LIST = Pattern.compile("\\s*(vs\\.?|versus|and|or|,)\\s", Pattern.CASE_INSENSITIVE);
    private static final Pattern LITERAL = Pattern.compile("\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|(?<![\\p{L}\\p{N}])'([^']+)'(?![\\p{L}\\p{N}])");
    private static final Pattern TOKEN = Pattern.compile(
            "\u0001(\\d+)\u0001|\u0002(\\d+)\u0002|>=|<=|!=|<>|=|>|<|-?\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?%?|-?\\d+(?:\\.\\d+)?%?|[\\p{L}\\p{N}]+|[/\\\\|#@*+^~](?![\\p{L}\\p{N}])");

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
    private record Comparator(Plan.Op op, int next) {
    }

    public Plan plan(String question, Dataset dataset) {
        Analysis a = new Analysis(question, dataset);
        return a.run();
    }

    /** The state of one planning run. */
    private final class Analysis {
        private final Dataset dataset;
        private final String question;
        private final List<Tok> toks = new ArrayList<>();
        private final List<Plan.Filter> filters = new ArrayList<>();
        private final List<GroupKey> groups = new ArrayList<>();
        private final List<Column> byNumeric = new ArrayList<>();
        /** Measures compared after "who", "with", "have"…: "customers who have revenue over 1000". */
        private final List<Column> comparedPerThing = new ArrayList<>();
        /** A group said with "each", "every" or "per": "the highest salary in each department" is one per group. */
        private boolean eachGroup;
        /** "managers by city": a yes/no column named in the plural, whose rows are counted. */
        private boolean yesNoCounted;
        /** "revenue per unit": the ratio asked for, once the grouping pass has read it. */
        private Plan.Measure ratio;
        /** Places of a ranking to pass over: 1 for "the second highest". */
        private int skip;
        /** "what share of revenue", "percentage of orders": the figure as a part of its whole. */
        private boolean shareAsked;
        /** An explicit order: "sorted from highest to lowest", "lowest first", "descending". */
        private Boolean sortDescending;
        /** Groups said with "per" or as an adjective ("revenue per month", "monthly revenue"): an average is over them. */
        private final Set<GroupKey> perKeys = new java.util.HashSet<>();
        private final Set<GroupKey> adjectiveKeys = new java.util.HashSet<>();
        /** The things the rows belong to, named alongside a measure ("average revenue of orders"). */
        private final Set<GroupKey> thingKeys = new java.util.HashSet<>();
        /** "which month had…": the group is what is asked for, ranked. */
        private boolean whichGroup;
        private final Set<String> fileWords = new java.util.HashSet<>();
        private int score;
        /** The question as the date finder read it (mention offsets point into it). */
        private String lower = "";

        Analysis(String question, Dataset dataset) {
            this.question = question;
            this.dataset = dataset;
            if (dataset.name() != null) {
                for (String w : Words.nameWords(dataset.name())) {
                    fileWords.add(w);
                }
            }
        }

        Plan run() {
            String asked = withoutFileName(question);
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
            Matcher latest = LATEST_PERIOD.matcher(lower);
            Bucket latestPeriod = null;
            if (latest.find()) {
                latestPeriod = Bucket.valueOf(latest.group(1).toUpperCase(Locale.ROOT));
                lower = lower.substring(0, latest.start()) + " " + lower.substring(latest.end());
            }
            if (DateMentions.mentionsRelativePeriod(lower)) {
                return decline("I can't tell which period a relative date like \"last month\" means for this data. "
                        + "Name the period instead, for example \"in March 2024\" or \"between 2024-01-01 and 2024-03-31\".");
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
                } else if (m.group(2) != null) {
                    Tok t = new Tok(T.DATE, dates.get(Integer.parseInt(m.group(2))).label());
                    t.date = dates.get(Integer.parseInt(m.group(2)));
                    toks.add(t);
                } else {
                    String s = m.group();
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
                        // "one" is a number only after a bound ("more than one line"); elsewhere a pronoun
                        boolean bound = !toks.isEmpty() && toks.get(toks.size() - 1).type == T.WORD
                                && toks.get(toks.size() - 1).in(BOUND_WORDS);
                        Tok t = new Tok(n != null && (!s.equals("one") || bound) ? T.NUM : T.WORD, s);
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
            for (Tok t : toks) {
                if (t.in(WHY_WORDS)) {
                    return decline("I can compute exact figures from the data (totals, averages, counts, rankings, "
                            + "trends by period) but I can't explain causes or predict the future.");
                }
            }
            Plan failed = valuesInSeveralColumns();
            if (failed != null) {
                return failed;
            }
            failed = comparisons();
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

        /**
         * "40 or over", "9 or more", "50 or less": said as "at least 40", "at most 50", which the comparisons read;
         * "older than 50" as "age more than 50".
         */
        private void orMoreOrLess() {
            // "100k", "2.5m": thousands and millions
            for (int i = 1; i < toks.size(); i++) {
                Tok n = toks.get(i - 1);
                if (n.type == T.NUM && toks.get(i).type == T.WORD && toks.get(i).is("k", "m", "mn")) {
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
        private Plan boundWithoutColumn() {
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

        /**
         * The question without the file's own name ("describe sales_2024.csv", "revenue in orders2.csv"), whose
         * words and digits would otherwise read as columns, numbers or years. The name without its extension goes
         * too when it is not a plain word ("orders2", "Q1 sales"): a plain one ("sales") may also be a column.
         */
        private String withoutFileName(String text) {
            String name = dataset.name();
            if (name == null || name.isBlank()) {
                return text;
            }
            List<String> forms = new ArrayList<>(List.of(name));
            int dot = name.lastIndexOf('.');
            String base = dot > 0 ? name.substring(0, dot) : name;
            if (!base.equals(name) && base.chars().anyMatch(Character::isLetter)
                    && !base.chars().allMatch(Character::isLetter)) {
                forms.add(base);
            }
            String out = text;
            for (String form : forms) {
                out = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(form) + "(?![\\p{L}\\p{N}])",
                        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(out).replaceAll(" ");
            }
            return out;
        }

        // ---- recognition -------------------------------------------------------------------------------------

        private void recogniseColumnsAndValues() {
            Map<String, Column> byKey = new HashMap<>();
            int longest = 1;
            for (Column c : dataset.columns()) {
                List<String> words = Words.nameWords(c.name());
                if (!words.isEmpty()) {
                    byKey.putIfAbsent(Words.key(words), c);
                    byKey.putIfAbsent(Words.plainKey(c.name()), c);
                    longest = Math.max(longest, words.size());
                }
            }
            // "product" for product_name, "price" for UnitPrice: a word that belongs to exactly one column's name
            Map<String, Column> partial = new HashMap<>();
            Set<String> ambiguous = new java.util.HashSet<>();
            // "unit" of unit_price describes the price: "units" must not reach it
            Set<String> modifiers = new java.util.HashSet<>();
            for (Column c : dataset.columns()) {
                List<String> words = Words.nameWords(c.name());
                if (words.size() < 2) {
                    continue;
                }
                if (c.numeric()) {
                    modifiers.addAll(words.subList(0, words.size() - 1));
                }
                for (String w : new LinkedHashSet<>(words)) {
                    if (w.length() < 3 || Words.FILLER.contains(w) || KEYWORDS.contains(w) || byKey.containsKey(w)) {
                        continue;
                    }
                    if (partial.containsKey(w) && !partial.get(w).equals(c)) {
                        ambiguous.add(w);
                    }
                    partial.putIfAbsent(w, c);
                }
            }
            ambiguous.forEach(partial::remove);
            // "orders" for order_id, "employees" for EmployeeID: the thing an identifier column identifies
            Map<String, Column> identified = new HashMap<>();
            Set<String> ambiguousIds = new java.util.HashSet<>();
            for (Column c : dataset.columns()) {
                List<String> words = Words.nameWords(c.name());
                if (words.size() >= 2 && identifier(c) && identified.putIfAbsent(
                        Words.key(words.subList(0, words.size() - 1)), c) != null) {
                    ambiguousIds.add(Words.key(words.subList(0, words.size() - 1)));
                }
            }
            ambiguousIds.forEach(identified::remove);
            // and by the words people use for them: "transactions" for txn_id, "headcount" or "staff" for employee_id
            for (Map.Entry<String, Column> e : List.copyOf(identified.entrySet())) {
                for (String alias : THING_ALIASES.getOrDefault(e.getKey(), List.of())) {
                    if (!byKey.containsKey(alias)) {
                        identified.putIfAbsent(alias, e.getValue());
                    }
                }
            }
            Map<String, Column> measureFiller = new HashMap<>();
            Set<String> ambiguousFiller = new java.util.HashSet<>();
            for (Column c : dataset.columns()) {
                if (!c.numeric() || identifier(c)) {
                    continue;
                }
                for (String w : new LinkedHashSet<>(Words.nameWords(c.name()))) {
                    if (MEASURE_FILLER.contains(w) && measureFiller.putIfAbsent(w, c) != null) {
                        ambiguousFiller.add(w);
                    }
                }
            }
            ambiguousFiller.forEach(measureFiller::remove);
            Map<String, List<Map.Entry<Column, String>>> values = new HashMap<>();
            int longestValue = 1;
            for (Column c : dataset.columns()) {
                if (c.kind() != Dataset.Kind.TEXT) {
                    continue;
                }
                for (String v : c.topValues()) {
                    String key = Words.valueKey(v);
                    if (key.isEmpty() || key.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    values.computeIfAbsent(key, k -> new ArrayList<>()).add(Map.entry(c, v));
                    longestValue = Math.max(longestValue, key.split(" ").length);
                }
            }
            List<Tok> merged = new ArrayList<>();
            int i = 0;
            while (i < toks.size()) {
                Tok t = toks.get(i);
                if (t.type != T.WORD) {
                    merged.add(t);
                    i++;
                    continue;
                }
                Tok match = null;
                int matchedLength = 0;
                for (int len = Math.min(Math.max(longest, longestValue), wordRun(i)); len >= 1 && match == null; len--) {
                    List<Tok> span = toks.subList(i, i + len);
                    StringBuilder key = new StringBuilder();
                    StringBuilder plain = new StringBuilder();
                    StringBuilder singularPlain = new StringBuilder();
                    for (Tok s : span) {
                        key.append(s.singular);
                        plain.append(plain.isEmpty() ? "" : " ").append(s.text);
                        singularPlain.append(singularPlain.isEmpty() ? "" : " ").append(s.singular);
                    }
                    Column column = len <= longest ? byKey.get(key.toString()) : null;
                    if (column == null && len <= longest) {
                        column = byKey.get(plain.toString().replace(" ", ""));
                    }
                    boolean thing = false;
                    if (column == null && len == 1 && !KEYWORDS.contains(t.text)) {
                        column = identified.get(t.singular);
                        thing = column != null;
                    }
                    if (column == null && len == 1 && QUANTITY_WORDS.contains(t.singular)) {
                        column = quantityColumn(); // "units" for a quantity column, "quantity" for units
                    }
                    if (column == null && len == 1 && (REVENUE_WORDS.contains(t.singular) || REVENUE_WORDS.contains(t.text))) {
                        column = revenueColumn(); // "turnover", "income" for the one revenue or sales column
                    }
                    if (column == null && len == 1 && EARN_WORDS.contains(t.text)
                            && !(i > 0 && toks.get(i - 1).is("highest", "best", "lowest", "worst", "most", "least", "top"))) {
                        // "employees earning over 100k": their salary ("the highest paid employee" asks for a person,
                        // whom an employee_id does not name: left to decline)
                        column = payColumn();
                    }
                    if (column == null && len == 1 && t.text.startsWith("weigh") && !t.text.startsWith("weight")) {
                        column = onlyMeasure(words -> words.contains("weight")); // "weighing over 400 kg"
                    }
                    if (column == null && len == 1 && t.text.length() > 5 && t.text.endsWith("ing")) {
                        // "costing at most 50": the column named by the word, said as a verb
                        Column c = byKey.get(t.text.substring(0, t.text.length() - 3));
                        if (c != null && c.numeric() && !identifier(c)) {
                            column = c;
                        }
                    }
                    if (column == null && len == 1 && !KEYWORDS.contains(t.text)
                            && !(modifiers.contains(t.singular) && !t.singular.equals(t.text))) {
                        column = partial.get(t.singular);
                    }
                    if (column == null && len == 1 && !counted(i)) {
                        column = measureFiller.get(t.singular);
                    }
                    if (column == null && len == 1 && t.text.length() > 3 && t.text.endsWith("d")) {
                        // "aged 40", "priced over 10": the column named by the word, said as a verb
                        Column c = byKey.get(t.text.substring(0, t.text.length() - 1));
                        if (c == null) {
                            c = partial.get(t.text.substring(0, t.text.length() - 1));
                        }
                        if (c != null && c.numeric() && !identifier(c)) {
                            column = c;
                        }
                    }
                    if (column == null && len == 1 && t.text.length() > 4 && t.text.endsWith("ed")) {
                        // "hired in 2019" → hire_date, "shipped in March" → ship_date: a verb naming a date column
                        String stem = t.text.substring(0, t.text.length() - 2);
                        for (String candidate : List.of(stem + "e", stem, stem.substring(0, stem.length() - 1))) {
                            Column c = partial.get(candidate);
                            if (c != null && c.temporal()) {
                                column = c;
                                break;
                            }
                        }
                    }
                    if (column != null && len == 1 && KEYWORDS.contains(t.text) && startsColumn(i + 1, byKey, longest)) {
                        column = null; // "total revenue" with a column named "total": the keyword reading wins
                    }
                    if (column != null) {
                        match = new Tok(T.COL, plain.toString());
                        match.column = column;
                        match.thing = thing;
                        matchedLength = len;
                        break;
                    }
                    List<Map.Entry<Column, String>> candidates = values.get(plain.toString());
                    if (candidates == null) {
                        candidates = values.get(singularPlain.toString());
                    }
                    if (candidates != null && !(len == 1 && (Words.FILLER.contains(t.text) || KEYWORDS.contains(t.text))
                            && !capitalisedInQuestion(t.text))) {
                        match = new Tok(T.VAL, plain.toString());
                        match.column = candidates.get(0).getKey();
                        match.value = candidates.get(0).getValue();
                        Map<Column, Map.Entry<Column, String>> byColumn = new LinkedHashMap<>();
                        candidates.forEach(e -> byColumn.putIfAbsent(e.getKey(), e));
                        match.holders = List.copyOf(byColumn.values());
                        matchedLength = len;
                    }
                }
                if (match != null) {
                    merged.add(match);
                    score++;
                    i += matchedLength;
                } else {
                    merged.add(t);
                    i++;
                }
            }
            toks.clear();
            toks.addAll(merged);
        }

        /**
         * Whether the question writes the word capitalised, not as its first word: "spend on Display" names the value
         * Display even though "display" is also a common verb.
         */
        private boolean capitalisedInQuestion(String word) {
            Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word) + "(?![\\p{L}\\p{N}])",
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(question);
            int first = question.length() - question.stripLeading().length();
            while (m.find()) {
                boolean listed = VALUE_LIST.matcher(question.substring(m.end())).lookingAt(); // "Display vs Search"
                if ((m.start() > first || listed) && Character.isUpperCase(question.charAt(m.start()))) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the word at i is what "how many", "number of" or "count" counts (then it means rows). */
        private boolean counted(int i) {
            return toks.get(i).text.equals("headcount") // a count by itself
                    || i >= 2 && toks.get(i - 2).is("how") && toks.get(i - 1).is("many")
                    || i >= 1 && toks.get(i - 1).is("count")
                    || i >= 2 && toks.get(i - 1).is("of") && toks.get(i - 2).is("number", "count");
        }

        private int wordRun(int from) {
            int n = 0;
            while (from + n < toks.size() && toks.get(from + n).type == T.WORD) {
                n++;
            }
            return n;
        }

        private boolean startsColumn(int from, Map<String, Column> byKey, int longest) {
            StringBuilder key = new StringBuilder();
            for (int len = 1; len <= longest && from + len - 1 < toks.size(); len++) {
                Tok t = toks.get(from + len - 1);
                if (t.type != T.WORD) {
                    return false;
                }
                key.append(t.singular);
                if (byKey.containsKey(key.toString())) {
                    return true;
                }
            }
            return false;
        }

        // ---- filters -----------------------------------------------------------------------------------------

        /**
         * A value several columns hold ("Boston" as origin and as destination) belongs to the column named before it
         * ("destination Boston", "origin is Boston"), or to the one "to"/"from" points at ("shipments to Boston");
         * otherwise the question declines rather than pick one.
         */
        private Plan valuesInSeveralColumns() {
            Plan failed = resolveValues();
            if (failed != null) {
                return failed;
            }
            // "blog" for /blog, where /blog/launch-post is a page too: that page alone, or the whole section?
            for (Tok v : toks) {
                if (v.type != T.VAL || v.text.startsWith("/") || !v.value.startsWith("/")) {
                    continue;
                }
                List<String> under = v.column.topValues().stream().filter(o -> o.startsWith(v.value + "/")).toList();
                if (!under.isEmpty()) {
                    return decline("\"" + v.text + "\" could mean " + v.value + " alone or also " + quoteList(under)
                            + "; write the " + v.column.name() + " as it is (\"" + v.value + "\"), or name them all.");
                }
            }
            // "the West region", "destination Boston", "the Widget product": the column's name labels its value
            for (int i = 0; i < toks.size(); i++) {
                Tok v = toks.get(i);
                if (v.type != T.VAL) {
                    continue;
                }
                for (int k : new int[] { i - 1, i + 1 }) {
                    if (k >= 0 && k < toks.size() && toks.get(k).type == T.COL && !toks.get(k).used
                            && toks.get(k).column.equals(v.column) && !toks.get(k).column.numeric()) {
                        toks.get(k).used = true;
                    }
                }
            }
            return null;
        }

        private Plan resolveValues() {
            for (int i = 0; i < toks.size(); i++) {
                Tok v = toks.get(i);
                if (v.type != T.VAL || v.holders.size() < 2) {
                    continue;
                }
                int back = i - 1;
                while (back >= 0 && (toks.get(back).in(LINKING) || toks.get(back).is("=", "the", "equal", "equals"))) {
                    back--;
                }
                Column chosen = null;
                if (back >= 0 && toks.get(back).type == T.COL) {
                    Column named = toks.get(back).column;
                    chosen = holder(v, named::equals);
                }
                int before = i - 1 >= 0 && toks.get(i - 1).is("the") ? i - 2 : i - 1;
                if (chosen == null && before >= 2 && toks.get(before - 1).is("or")
                        && (toks.get(before).is("from") && toks.get(before - 2).is("to")
                                || toks.get(before).is("to") && toks.get(before - 2).is("from"))) {
                    // "shipments to or from Boston": either column holds it
                    Column destination = holder(v, c -> Words.nameWords(c.name()).stream().anyMatch(DESTINATION_WORDS::contains));
                    Column origin = holder(v, c -> Words.nameWords(c.name()).stream().anyMatch(ORIGIN_WORDS::contains));
                    if (destination != null && origin != null) {
                        List<Plan.Filter> either = new ArrayList<>();
                        for (Map.Entry<Column, String> e : v.holders) {
                            if (e.getKey().equals(destination) || e.getKey().equals(origin)) {
                                either.add(new Plan.Equals(e.getKey(), e.getValue(), true, false));
                            }
                        }
                        filters.add(new Plan.AnyOf(either));
                        use(before - 2, i + 1);
                        v.holders = List.of();
                        continue;
                    }
                }
                // "from Boston or Denver": the second value goes where the first went
                int previous = i - 1 >= 0 && toks.get(i - 1).is("or", "and", "nor") ? i - 2 : i - 1;
                if (chosen == null && previous >= 0 && toks.get(previous).type == T.VAL && toks.get(previous).holders.size() <= 1) {
                    Column earlier = toks.get(previous).column;
                    chosen = holder(v, earlier::equals);
                }
                if (chosen == null && before >= 0 && toks.get(before).is("to", "into", "toward", "towards")) {
                    chosen = holder(v, c -> Words.nameWords(c.name()).stream().anyMatch(DESTINATION_WORDS::contains));
                }
                if (chosen == null && before >= 0 && toks.get(before).is("from")) {
                    chosen = holder(v, c -> Words.nameWords(c.name()).stream().anyMatch(ORIGIN_WORDS::contains));
                }
                if (chosen == null) {
                    List<String> names = v.holders.stream().map(e -> e.getKey().name()).toList();
                    return decline("\"" + v.value + "\" is a value of " + quoteList(names) + "; say which, for example \""
                            + names.get(0) + " " + v.value + "\".");
                }
                for (Map.Entry<Column, String> e : v.holders) {
                    if (e.getKey().equals(chosen)) {
                        v.column = chosen;
                        v.value = e.getValue();
                    }
                }
                v.holders = List.of();
            }
            return null;
        }

        /** The one column holding v that the test accepts, or null when none or several do. */
        private static Column holder(Tok v, java.util.function.Predicate<Column> test) {
            List<Column> matching = v.holders.stream().map(Map.Entry::getKey).filter(test).toList();
            return matching.size() == 1 ? matching.get(0) : null;
        }

        private Plan comparisons() {
            for (int i = 0; i < toks.size(); i++) {
                Tok t = toks.get(i);
                if (t.used) {
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
                            filters.add(new Plan.Compare(t.column, cmp.op(), amount(number, t.column)));
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
                } else if (t.type == T.WORD || t.type == T.SYM) {
                    // "more than 10 units", "with at least 3 units"
                    Comparator cmp = comparator(i);
                    if (cmp != null && cmp.op() != Plan.Op.EQ && cmp.op() != Plan.Op.NE && cmp.next() + 1 < toks.size()
                            && toks.get(cmp.next()).type == T.NUM && toks.get(cmp.next() + 1).type == T.COL
                            && toks.get(cmp.next() + 1).column.numeric() && !toks.get(cmp.next() + 1).thing) {
                        Column compared = toks.get(cmp.next() + 1).column;
                        filters.add(new Plan.Compare(compared, cmp.op(), amount(toks.get(cmp.next()), compared)));
                        notePerThing(i, compared);
                        use(i, cmp.next() + 2);
                    }
                }
            }
            return null;
        }

        /**
         * Notes a comparison starting at i that a relative word attaches to the thing before it ("customers who have
         * revenue over 1000", "with a total of more than 5"): it may be about each thing's total.
         */
        private void notePerThing(int i, Column compared) {
            int before = i - 1 >= 0 && toks.get(i - 1).is("a", "an", "any", "total") ? i - 2 : i - 1;
            if (before >= 0 && toks.get(before).in(RELATIVE) && compared.numeric() && !nonAdditive(compared)) {
                comparedPerThing.add(compared);
            }
        }

        /**
         * The index of the next value of the column in a list after index j ("North or South", "North, South"), or -1.
         */
        private int nextListedValue(int j, Column column) {
            int next = j + 1 < toks.size() && toks.get(j + 1).is("or", "and", "nor") ? j + 2 : j + 1;
            return next < toks.size() && toks.get(next).type == T.VAL && !toks.get(next).used
                    && toks.get(next).column.equals(column) ? next : -1;
        }

        /**
         * The number as the column holds it: "10%" is 0.1 in a column of fractions (all values between -1 and 1),
         * and 10 in one of percentages.
         */
        private BigDecimal amount(Tok number, Column column) {
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

        private boolean isEqualityWord(Tok t, int index) {
            return (t.is("is", "was", "are", "were")) && index + 1 < toks.size() && !toks.get(index + 1).is("between")
                    && (toks.get(index + 1).type == T.LIT || toks.get(index + 1).type == T.VAL
                            || toks.get(index + 1).type == T.NUM || toks.get(index + 1).type == T.WORD
                                    && !toks.get(index + 1).in(LINKING) && comparator(index + 1) == null
                            || toks.get(index + 1).is("not"));
        }

        private Plan equality(int columnIndex, Comparator cmp) {
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

        private Comparator comparator(int i) {
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

        private String word(int i) {
            return i < toks.size() && toks.get(i).type == T.WORD ? toks.get(i).text : "";
        }

        private Plan periods() {
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
                if (column == null) {
                    column = defaultDateColumn();
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
        private Column calendarColumn(String period) {
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
        private static List<DateMentions.Mention> withSharedYear(List<DateMentions.Mention> group) {
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
        private static Integer yearOf(DateMentions.Mention m) {
            return m.partOfYear() || m.from() == null || m.to() == null || m.from().getYear() != m.to().minusDays(1).getYear()
                    ? null : m.from().getYear();
        }

        /**
         * A period as conditions on Year and Month columns: whole years by the year, calendar months and quarters by
         * the year and the month (whose values are numbers or month names, "Jan" or "January"). Null when the file
         * cannot say it (a day, a week, an open range, no month column).
         */
        private Plan.Filter calendarFilter(DateMentions.Mention d) {
            Column year = calendarColumn("year");
            Column month = calendarColumn("month");
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
        private Plan.Filter monthsFilter(Column month, List<Integer> numbers) {
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
        private boolean joinsAlternatives(int a, int b) {
            boolean joined = b == a + 1 && lower.substring(toks.get(a).date.end(), toks.get(b).date.start()).contains(",");
            for (int k = a + 1; k < b; k++) {
                if (!toks.get(k).in(ALTERNATIVES)) {
                    return false;
                }
                joined |= toks.get(k).is("and", "or", "nor") || toks.get(k).in(COMPARE_WORDS);
            }
            return joined;
        }

        private static boolean sameColumn(Plan.Filter filter, Column column) {
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
        private static Plan.Filter either(Plan.Filter earlier, Plan.Filter next) {
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

        private Column defaultDateColumn() {
            for (Tok t : toks) {
                if (t.type == T.COL && t.column.temporal()) {
                    return t.column;
                }
            }
            for (Column c : dataset.columns()) {
                if (c.temporal()) {
                    return c;
                }
            }
            return null;
        }

        // ---- grouping ----------------------------------------------------------------------------------------

        private Plan grouping() {
            for (int i = 0; i < toks.size(); i++) {
                Tok t = toks.get(i);
                if (t.used) {
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
            if (groups.size() > 2) {
                return decline("I can group by at most two things at once; the question asks for "
                        + groups.stream().map(GroupKey::describe).toList() + ".");
            }
            return null;
        }

        private String dateless = "";

        private boolean groupKeyAhead(int j) {
            Tok t = toks.get(j);
            return t.type == T.COL && !t.used || t.type == T.WORD && BUCKET_NOUNS.containsKey(t.singular);
        }

        /** Parses one group key at j; returns the index after it, j when there is none, -1 on failure. */
        private int groupKey(int j) {
            Tok t = toks.get(j);
            if (t.type == T.COL && !t.used) {
                if (t.column.numeric() && !identifier(t.column) && !calendar(t.column)) {
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

        private Plan addBucket(Bucket bucket, Column column) {
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

        private void use(int from, int to) {
            for (int k = from; k < to && k < toks.size(); k++) {
                toks.get(k).used = true;
            }
        }

        // ---- negations ---------------------------------------------------------------------------------------

        /**
         * "not in North", "excluding West", "other than Gadget or Gizmo", "apart from Display", "all regions but West":
         * the values after a negation are excluded.
         * A negation left without a value of a column is not understood, and makes the question decline.
         */
        private void negations() {
            for (int i = 0; i < toks.size(); i++) {
                Tok t = toks.get(i);
                int j;
                if (!t.used && t.in(NEGATIONS)) {
                    j = i + 1;
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
                if (j >= toks.size() || toks.get(j).type != T.VAL || toks.get(j).used) {
                    continue;
                }
                Column column = toks.get(j).column;
                toks.get(j).negated = true;
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
            }
        }

        /**
         * A yes/no column left over is a condition: "how many orders were returned" counts the returned ones, "not
         * returned" the others. ("distinct is_manager" still lists its values.)
         */
        private void yesNo() {
            boolean computes = false;
            for (Tok t : toks) {
                if (!t.used && t.in(DISTINCT_WORDS)) {
                    return;
                }
                computes |= t.is("how", "count", "number", "total", "sum", "average", "avg", "mean", "median")
                        || t.type == T.COL && (t.thing || t.column.numeric() && !identifier(t.column));
                if (!t.used && t.type == T.COL && !groups.isEmpty() && plural(t)
                        && (t.column.kind() == Dataset.Kind.BOOLEAN || yesValue(t.column) != null)) {
                    yesNoCounted = true; // "managers by city": the rows where it holds, counted per group
                    computes = true;
                }
            }
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
                // ("never" is left alone: "products never returned" means none of their rows, which a filter can't say)
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
        private void presence() {
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
                if (absent >= 0 && !toks.get(absent).used) {
                    filters.add(!zeroMeansNone(t.column) ? new Plan.IsNull(t.column, false)
                            : new Plan.AnyOf(List.of(new Plan.IsNull(t.column, false),
                                    new Plan.Compare(t.column, Plan.Op.EQ, BigDecimal.ZERO))));
                    use(absent, i + 1);
                }
            }
        }

        /** Several "is" filters on one column mean any of them: a row has one region, never North and South at once. */
        private void mergeAlternatives() {
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

        // ---- assembly ----------------------------------------------------------------------------------------

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
                return decline("I compute one figure at a time: ask for each of them separately (for example \"minimum "
                        + suggestionMeasure() + "\", then \"maximum " + suggestionMeasure() + "\").");
            }
            return null;
        }

        private Plan assemble() {
            for (int i = 0; i + 1 < toks.size(); i++) {
                Comparator cmp = toks.get(i).used ? null : comparator(i);
                if (cmp != null && (cmp.op() == Plan.Op.EQ || cmp.op() == Plan.Op.NE)) {
                    cmp = null; // "what is the average revenue"
                }
                int k = cmp == null ? -1 : cmp.next() < toks.size() && toks.get(cmp.next()).is("the") ? cmp.next() + 1 : cmp.next();
                if (k >= 0 && k < toks.size() && (toks.get(k).in(AVG_WORDS) || toks.get(k).in(MEDIAN_WORDS))) {
                    // "revenue more than the average": a comparison with a figure of the whole, which I don't nest
                    return decline("I can't compare rows with an average of the whole table in one question; ask for the "
                            + "average first, then use the number (\"… over 250\").");
                }
            }
            Plan refused = orderWords();
            if (refused != null) {
                return refused;
            }
            Fn fn = null;
            Boolean rankDescending = null;
            boolean superlative = false;
            boolean topWord = false;
            boolean distinct = false;
            boolean count = false;
            boolean countsColumn = false;
            boolean describe = false;
            boolean list = false;
            Integer n = null;
            List<String> unknown = new ArrayList<>();
            Map<Column, List<String>> values = new LinkedHashMap<>();
            List<Column> measures = new ArrayList<>();
            List<Column> dimensions = new ArrayList<>();
            Set<Column> saidInSingular = new java.util.HashSet<>();
            // what "how many X", "the most X" count: "which department has the most employees"
            Set<Column> countedThings = new java.util.HashSet<>();
            boolean rankAll = false;
            // "first", "last", "latest", "earliest": about time; of a number they mean a row's value, not a min/max
            boolean moment = false;
            boolean fileWordSeen = false;
            boolean valueCounted = false;
            boolean rowNounSeen = false;
            // plural nouns that only say which rows a total is over: "revenue for campaigns that are not active"
            Set<Column> carriers = new java.util.HashSet<>();
            // identifier columns named by what they identify: "the first order" is about orders, not order_id
            Set<Column> things = new java.util.HashSet<>();

            for (int i = 0; i < toks.size(); i++) {
                Tok t = toks.get(i);
                if (t.used) {
                    continue;
                }
                switch (t.type) {
                    case VAL -> {
                        valueCounted |= counted(i);
                        if (t.negated) {
                            filters.add(new Plan.Equals(t.column, t.value, true, true));
                        } else {
                            values.computeIfAbsent(t.column, c -> new ArrayList<>()).add(t.value);
                        }
                    }
                    case COL -> {
                        count |= t.text.equals("headcount"); // a number of people by itself
                        int prev = i - 1;
                        while (prev >= 0 && toks.get(prev).used && toks.get(prev).type == T.COL) {
                            prev--; // "the most returned orders"
                        }
                        if (counted(i) || prev >= 0 && toks.get(prev).is("most", "fewest", "least", "more", "fewer")) {
                            countedThings.add(t.column);
                        }
                        if (t.thing) {
                            things.add(t.column);
                        }
                        if (t.column.numeric() && !identifier(t.column) && !calendar(t.column)) {
                            if (!measures.contains(t.column)) {
                                measures.add(t.column);
                            }
                        } else if (!dimensions.contains(t.column)) {
                            dimensions.add(t.column);
                            String last = t.text.substring(t.text.lastIndexOf(' ') + 1);
                            if (Words.singular(last).equals(last)) {
                                saidInSingular.add(t.column);
                            } else if (i > 0 && (toks.get(i - 1).type == T.VAL || toks.get(i - 1).type == T.COL
                                    && toks.get(i - 1).used || toks.get(i - 1).is("of", "on", "for", "from", "across"))) {
                                carriers.add(t.column); // "spend on active campaigns", "profit of Corporate customers"
                            }
                        }
                    }
                    case NUM -> {
                        boolean rankContext = i > 0 && (toks.get(i - 1).in(RANK_UP) || toks.get(i - 1).in(RANK_DOWN)
                                || toks.get(i - 1).is("first", "last"))
                                || i + 1 < toks.size() && (toks.get(i + 1).in(RANK_UP) || toks.get(i + 1).in(RANK_DOWN))
                                || i + 1 < toks.size() && toks.get(i + 1).type == T.COL && !toks.get(i + 1).column.numeric()
                                        && hasRankWord();
                        if (rankContext && t.percent) {
                            unknown.add(t.text + "%"); // "top 10% of customers" is not the top 10
                        } else if (rankContext && t.number.scale() <= 0 && t.number.signum() > 0) {
                            n = t.number.intValueExact();
                        } else {
                            unknown.add(t.text);
                        }
                    }
                    case LIT -> unknown.add("\"" + t.text + "\"");
                    case SYM -> unknown.add(t.text);
                    case DATE -> {
                    }
                    case WORD -> {
                        String w = t.text;
                        rowNounSeen |= COUNTED_NOUNS.contains(t.singular);
                        if (t.is("rank", "ranked", "ranking", "sort", "sorted", "order", "ordered") && word(i + 1).equals("by")
                                || t.is("rank")) {
                            rankAll = true; // "rank products by revenue", "departments sorted by average salary"
                            continue;
                        }
                        Integer place = ORDINALS.get(w);
                        if (place != null && i + 1 < toks.size() && (toks.get(i + 1).in(RANK_UP) || toks.get(i + 1).in(RANK_DOWN))) {
                            skip = place - 1; // "the second highest region": one place down the ranking
                            continue;
                        }
                        if (w.equals("or") && !alternativeValues(i)) {
                            // "in Boston or in Sales", "cost over 200 or weight under 100": conditions are only ANDed
                            return decline("I can combine conditions on different columns only with \"and\"; ask "
                                    + "about each side of the \"or\" separately.");
                        }
                        if (ROW_NOUNS.contains(t.singular) && i > 0 && toks.get(i - 1).is("most", "fewest", "least", "more",
                                "fewer")) {
                            count = true; // "the region with the most rows"
                        } else if (w.equals("how") && word(i + 1).equals("many") || w.equals("count") || w.equals("number")
                                && word(i + 1).equals("of")) {
                            count = true;
                            // "how many units": the column counts something, so its total; "count of revenue",
                            // "how many orders have a profit": the rows that have one
                            countsColumn |= !w.equals("count") && i + 2 < toks.size() && toks.get(i + 2).type == T.COL
                                    && !toks.get(i + 2).used;
                        } else if (SUM_WORDS.contains(w)) {
                            fn = Fn.SUM;
                        } else if (AVG_WORDS.contains(w)) {
                            fn = Fn.AVG;
                        } else if (MEDIAN_WORDS.contains(w)) {
                            fn = Fn.MEDIAN;
                        } else if (MIN_WORDS.contains(w) && !(w.equals("first") && i + 1 < toks.size() && toks.get(i + 1).type == T.NUM)) {
                            fn = Fn.MIN;
                            moment |= t.is("first", "earliest");
                        } else if (MAX_WORDS.contains(w) && !(w.equals("last") && i + 1 < toks.size() && toks.get(i + 1).type == T.NUM)) {
                            fn = Fn.MAX;
                            moment |= t.is("last", "latest");
                        } else if (RANK_UP.contains(w)) {
                            rankDescending = true;
                            superlative |= SUPERLATIVES.contains(w);
                            topWord |= w.equals("top");
                        } else if (RANK_DOWN.contains(w)) {
                            rankDescending = false;
                            superlative |= SUPERLATIVES.contains(w);
                            topWord |= w.equals("bottom");
                        } else if (SHARE_WORDS.contains(w)) {
                            shareAsked = true;
                        } else if (w.equals("first") || w.equals("last")) {
                            // "first 5" / "last 3" only set N (handled with the number)
                        } else if (DISTINCT_WORDS.contains(w)) {
                            distinct = true;
                        } else if (DESCRIBE_WORDS.contains(w)) {
                            describe = true;
                        } else if (t.in(NEGATIONS)) {
                            unknown.add(t.text); // a negation with nothing recognised to exclude
                        } else if (BUCKET_NOUNS.containsKey(t.singular) && !w.equals("date")) {
                            unknown.add(t.text); // a period word no rule placed: "the first week of March"
                        } else if (w.equals("many") || w.equals("of") || w.equals("and")
                                || w.equals("than") || w.equals("between") || w.equals("more")) {
                            // glue words of constructs handled elsewhere
                        } else if (LIST_WORDS.contains(w)) {
                            list = true;
                        } else if (Words.FILLER.contains(w) && acronymInQuestion(w)) {
                            unknown.add(t.text.toUpperCase(Locale.ROOT)); // "US respondents": a name, not the word "us"
                        } else if (!Words.FILLER.contains(w) && !Words.FILLER.contains(t.singular) && fileWords.contains(t.singular)) {
                            fileWordSeen = true; // "traffic" in web_traffic.csv
                        } else if (!Words.FILLER.contains(w) && !Words.FILLER.contains(t.singular)
                                && !fileWords.contains(t.singular) && !w.equals("csv")
                                && !w.equals("xlsx") && !w.equals("json") && !w.equals("parquet") && !w.equals("tsv")
                                && !KEYWORDS.contains(w)) {
                            unknown.add(t.text);
                        }
                    }
                    default -> {
                    }
                }
            }

            for (Map.Entry<Column, List<String>> v : values.entrySet()) {
                List<String> distinctValues = new ArrayList<>(new LinkedHashSet<>(v.getValue()));
                filters.add(distinctValues.size() == 1 ? new Plan.Equals(v.getKey(), distinctValues.get(0), true, false)
                        : new Plan.OneOf(v.getKey(), distinctValues));
            }
            mergeAlternatives();
            if (shareAsked) {
                // "what percentage of orders…" counts orders; "what" does not ask for a list of them
                list = false;
                count |= measures.isEmpty() && fn == null && !distinct;
            }

            if (!unknown.isEmpty()) {
                return decline("I could not match " + quoteList(unknown) + " to a column, a value or a word I know in "
                        + dataset.name() + ".");
            }
            // "hires per year", "number of hires in 2020": the events a date column records, counted (not the dates)
            for (Tok t : toks) {
                if (namesEvents(t)) {
                    dimensions.remove(t.column);
                }
            }
            boolean nothingAsked = fn == null && rankDescending == null && !count && !distinct && measures.isEmpty()
                    && groups.isEmpty() && dimensions.isEmpty() && byNumeric.isEmpty();
            if (describe && groups.isEmpty() && byNumeric.isEmpty() && fn == null && rankDescending == null && !count
                    && !distinct) {
                return new Plan.Describe(score + 1);
            }
            // "how much did we sell", "what did managers make": an amount, of a column the question did not name
            boolean amountAsked = false;
            for (int i = 0; i < toks.size(); i++) {
                amountAsked |= !toks.get(i).used && toks.get(i).in(AMOUNT_WORDS) && !counted(i); // "how many sales" are rows
            }
            boolean soldAsked = toks.stream().anyMatch(t -> !t.used && t.in(SOLD_WORDS));
            if (nothingAsked || count && measures.isEmpty() && dimensions.isEmpty() && fn == null && rankDescending == null
                    && !distinct && (amountAsked || soldAsked)) {
                // "how many lines sold more than 10 units" counts lines: the rows are named, and units are the condition
                if (soldAsked && !amountAsked && count && quantityColumn() != null && !rowsNamed()
                        && !quantityFiltered()) {
                    // "how many Widgets were sold", "how many items did we sell": the quantity, not the rows
                    return groups.isEmpty() ? single(new Plan.Measure(Fn.SUM, quantityColumn()))
                            : grouped(new Plan.Measure(Fn.SUM, quantityColumn()), n);
                }
                if (amountAsked || soldAsked && !rowsNamed()) {
                    return decline("How much of what? Name the column to add up, for example \"total "
                            + suggestionMeasure() + "\".");
                }
            }
            if (ratio != null && rankDescending != null && (fn == null || fn == Fn.AVG) && !count && !distinct
                    && measures.isEmpty() && skip == 0 && (groups.isEmpty() && dimensions.size() == 1
                            && !dimensions.get(0).temporal() || groups.size() == 1 && dimensions.isEmpty())) {
                // "which channel has the highest cost per click", "top 3 pages by conversions per session"
                GroupKey dimension = groups.isEmpty() ? new Plan.ColumnKey(dimensions.remove(0)) : groups.get(0);
                boolean one = dimension instanceof Plan.ColumnKey key && saidInSingular.contains(key.column());
                int rows = n != null ? n : one || superlative && !topWord ? 1 : 10;
                if (rows > maxRows) {
                    return decline("I can list at most " + maxRows + " groups; ask for fewer.");
                }
                return query(new Plan.QuerySpec(Plan.Shape.RANKED, ratio, List.of(dimension), filters, rankDescending, rows, null));
            }
            if (ratio != null) {
                // "average revenue per unit" is the same ratio of totals; anything else asked of it is not understood
                if (fn != null && fn != Fn.AVG || count || distinct || rankDescending != null || !measures.isEmpty()
                        || !dimensions.isEmpty() || groups.size() > 2) {
                    return decline("I can give " + ratio.describe() + " overall or by a column (\"" + ratio.column().name()
                            + " per " + ratio.per().name() + " by " + suggestionDimension() + "\"), but not ranked, counted "
                            + "or with another figure.");
                }
                return groups.isEmpty() ? single(ratio) : grouped(ratio, n);
            }
            if (nothingAsked) {
                if (!filters.isEmpty() && !fileWordSeen && (rowNounSeen || eventsNamed())) {
                    // "orders in North", "hires in 2020"; not "Rent in March"
                    return single(new Plan.Measure(Fn.COUNT_ROWS, null));
                }
                return decline("I did not recognise a column of " + dataset.name() + " or a question I can answer.");
            }

            if (rankAll && rankDescending == null && (!dimensions.isEmpty() || !groups.isEmpty())
                    && (!measures.isEmpty() || !byNumeric.isEmpty() || count)) {
                rankDescending = sortDescending == null || sortDescending;
                topWord = true;
                n = n != null ? n : defaultRows;
            }
            if (distributionAsked() && groups.isEmpty() && byNumeric.isEmpty() && fn == null && rankDescending == null
                    && !distinct && measures.size() + dimensions.size() == 1) {
                // "distribution of satisfaction": how many rows have each value
                groups.add(new Plan.ColumnKey(!measures.isEmpty() ? measures.remove(0) : dimensions.remove(0)));
                return grouped(new Plan.Measure(Fn.COUNT_ROWS, null), n);
            }
            // rankings: "top 5 product by units", "which region has the highest revenue"
            if (rankDescending != null) {
                Column countedThing = dimensions.stream().filter(countedThings::contains).findFirst().orElse(null);
                if (countedThing != null && (!groups.isEmpty() || dimensions.size() > 1)) {
                    dimensions.remove(countedThing);
                } else {
                    countedThing = null;
                }
                GroupKey dimension = !groups.isEmpty() ? groups.get(0) : null;
                if (dimension == null && !dimensions.isEmpty()) {
                    Column d = dimensions.remove(0);
                    dimension = d.temporal() ? new Plan.BucketKey(d, Bucket.DAY) : new Plan.ColumnKey(d);
                }
                Column measure = !measures.isEmpty() ? measures.remove(0) : !byNumeric.isEmpty() ? byNumeric.remove(0) : null;
                // "top 3 products by revenue in each region", "which region has the most orders in each month": a
                // ranking of one column inside every group of another
                GroupKey within = null;
                if (groups.size() == 1 && dimensions.size() == 1 && measures.isEmpty() && !dimensions.get(0).temporal()) {
                    within = groups.get(0);
                    dimension = new Plan.ColumnKey(dimensions.remove(0));
                }
                if (!measures.isEmpty() || !dimensions.isEmpty() || groups.size() > 1) {
                    return tooMany(measures, dimensions);
                }
                if (within == null && (superlative || topWord) && n == null && measure != null && dimension != null && !count
                        && countedThing == null && dimensions.isEmpty() && !whichGroup
                        && (eachGroup || fn == null && nonAdditive(measure) && !groups.isEmpty())) {
                    // "the highest salary in each department", "lowest temperature by origin": one figure per group
                    if (!measures.isEmpty()) {
                        return tooMany(measures, dimensions);
                    }
                    if (groups.isEmpty()) {
                        groups.add(dimension);
                    }
                    return grouped(new Plan.Measure(fn == Fn.AVG || fn == Fn.MEDIAN || fn == Fn.SUM ? fn
                            : rankDescending ? Fn.MAX : Fn.MIN, measure), null);
                }
                if (dimension == null) {
                    if (measure != null && superlative && toks.stream().anyMatch(x -> x.is("who", "whose", "which"))) {
                        return decline("I can give the " + (rankDescending ? "highest " : "lowest ") + measure.name()
                                + " but not whose it is; ask for the top one by name, for example \"top 1 "
                                + suggestionDimension() + " by " + measure.name() + "\".");
                    }
                    if (measure != null && (n == null || n == 1) && superlative) {
                        return single(new Plan.Measure(rankDescending ? Fn.MAX : Fn.MIN, measure));
                    }
                    return decline("Rank what? Name the column to rank, for example \"top 5 "
                            + suggestionDimension() + " by " + suggestionMeasure() + "\".");
                }
                Fn rankFn = fn != null && fn != Fn.MIN && fn != Fn.MAX ? fn : fn != null && measure != null ? fn
                        : measure != null ? (!nonAdditive(measure) ? Fn.SUM
                                // "which sensor recorded the highest temperature": the peak; "top 3 by salary": averages
                                : superlative && !judgedOnAverage(measure) ? (rankDescending ? Fn.MAX : Fn.MIN) : Fn.AVG)
                        : Fn.COUNT_ROWS;
                if (count && measure == null) {
                    rankFn = Fn.COUNT_ROWS;
                }
                if (countedThing != null && measure == null) {
                    rankFn = Fn.COUNT_DISTINCT;
                    measure = countedThing;
                }
                if (rankFn == Fn.COUNT_ROWS && !count && firstMeasure(dataset) != null
                        && !(firstMeasure(dataset).numeric() && identifier(firstMeasure(dataset)))) {
                    // "top products", "the largest order": by revenue? by units? by rows? Not for me to pick.
                    return decline("Rank " + dimension.describe() + " by what? For example \"top 5 " + dimension.describe()
                            + " by " + suggestionMeasure() + "\" or \"" + dimension.describe() + " with the most rows\".");
                }
                if (rankFn != Fn.COUNT_ROWS && measure == null) {
                    return decline("Rank by what? Name a numeric column, for example \"top 5 " + dimension.describe()
                            + " by " + suggestionMeasure() + "\".");
                }
                // "the top product" is one, "the top products" ten
                boolean one = dimension instanceof Plan.ColumnKey key && saidInSingular.contains(key.column());
                int rows = n != null ? n : one ? 1 : topWord ? 10 : superlative ? 1 : 10;
                if (rows > maxRows) {
                    return decline("I can list at most " + maxRows + " groups; ask for fewer.");
                }
                Plan.Measure m = new Plan.Measure(rankFn, rankFn == Fn.COUNT_ROWS ? null : measure);
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
                            rankDescending, rows, null));
                }
                Plan.QuerySpec ranking = new Plan.QuerySpec(Plan.Shape.RANKED, m, List.of(dimension), filters, rankDescending,
                        rows, null);
                return query(skip > 0 ? ranking.skipping(skip) : ranking);
            }
            if (!byNumeric.isEmpty()) {
                // "by units" with no ranking: grouping by a number is what was asked
                for (Column c : byNumeric) {
                    groups.add(new Plan.ColumnKey(c));
                }
                if (groups.size() > 2) {
                    return decline("I can group by at most two things at once.");
                }
            }

            if (!measures.isEmpty()) {
                // "total revenue of returned orders": the things the rows belong to, not something to compute; an
                // average of them is per thing ("average revenue of orders" averages each order's total)
                for (java.util.Iterator<Column> it = dimensions.iterator(); it.hasNext();) {
                    Column d = it.next();
                    if (carriers.contains(d) && !identifier(d) && (fn == null || fn == Fn.SUM) && rankDescending == null
                            && !count && !distinct) {
                        it.remove();
                    } else if (identifier(d) && !countedThings.contains(d)) {
                        it.remove();
                        if ((fn == Fn.AVG || fn == Fn.MEDIAN || fn == Fn.MIN || fn == Fn.MAX) && groups.size() < 2
                                && !nonAdditive(measures.get(0))) {
                            groups.add(new Plan.ColumnKey(d));
                            thingKeys.add(new Plan.ColumnKey(d));
                        }
                    }
                }
            }
            if (distinct) {
                Column target = !dimensions.isEmpty() ? dimensions.remove(0) : !measures.isEmpty() ? measures.remove(0) : null;
                if (target == null) {
                    return decline("Distinct values of which column? For example \"distinct " + suggestionDimension() + "\".");
                }
                if (!measures.isEmpty() || !dimensions.isEmpty()) {
                    return tooMany(measures, dimensions);
                }
                if (count) {
                    Plan.Measure m = new Plan.Measure(Fn.COUNT_DISTINCT, target);
                    return groups.isEmpty() ? single(m) : grouped(m, n);
                }
                if (!groups.isEmpty()) {
                    return grouped(new Plan.Measure(Fn.COUNT_DISTINCT, target), n);
                }
                return query(new Plan.QuerySpec(Plan.Shape.DISTINCT_VALUES, null, List.of(), filters, false,
                        n != null ? Math.min(n, maxRows) : maxRows, target));
            }

            Plan.Measure measure;
            if (fn == null) {
                if (count) {
                    if (!measures.isEmpty() && nonAdditive(measures.get(0))) {
                        // "how many discounts": rows with one, not a sum of rates
                        filters.add(new Plan.Compare(measures.remove(0), Plan.Op.NE, BigDecimal.ZERO));
                        measure = !dimensions.isEmpty() && identifier(dimensions.get(0))
                                ? new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0)) : new Plan.Measure(Fn.COUNT_ROWS, null);
                    } else if (!measures.isEmpty() && countsColumn && money(measures.get(0))) {
                        // "how many sales", "how many debits": the rows that have one; dollars are not counted
                        filters.add(new Plan.Compare(measures.remove(0), Plan.Op.NE, BigDecimal.ZERO));
                        measure = new Plan.Measure(Fn.COUNT_ROWS, null);
                    } else if (!measures.isEmpty()) {
                        measure = new Plan.Measure(countsColumn ? Fn.SUM : Fn.COUNT_VALUES, measures.remove(0));
                    } else if (!dimensions.isEmpty() && freeText(dimensions.get(0))) {
                        measure = new Plan.Measure(Fn.COUNT_VALUES, dimensions.remove(0)); // "how many comments"
                    } else if (!dimensions.isEmpty() && !dimensions.get(0).temporal()) {
                        measure = new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0));
                    } else if (valueCounted && quantityColumn() != null && !rowsNamed() && !quantityFiltered()) {
                        measure = new Plan.Measure(Fn.SUM, quantityColumn()); // "how many Laptops": units of them
                    } else {
                        measure = new Plan.Measure(Fn.COUNT_ROWS, null);
                    }
                } else if (!measures.isEmpty() && Words.nameWords(measures.get(0).name()).contains("nps")) {
                    return decline("NPS is the share of promoters (9–10) minus that of detractors (0–6), which I don't "
                            + "compute; ask for \"average " + measures.get(0).name() + "\" or \"distribution of "
                            + measures.get(0).name() + "\".");
                } else if (!measures.isEmpty() && amountAsked && nonAdditive(measures.get(0))) {
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
                    measure = new Plan.Measure(nonAdditive(target) ? Fn.AVG : Fn.SUM, target);
                } else if (!dimensions.isEmpty() && groups.isEmpty() && (list || describe)) {
                    Column target = dimensions.remove(0);
                    if (!dimensions.isEmpty()) {
                        return tooMany(measures, dimensions);
                    }
                    return query(new Plan.QuerySpec(Plan.Shape.DISTINCT_VALUES, null, List.of(), filters, false, maxRows,
                            target));
                } else if (!groups.isEmpty() && dimensions.size() == 1 && identifier(dimensions.get(0))) {
                    // "shipments by destination": the things the identifier names, counted per group
                    measure = new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0));
                } else if (!groups.isEmpty() && (amountAsked || soldAsked)) {
                    return decline("Which amount? Name the column to add up, for example \"total " + suggestionMeasure()
                            + " by " + groups.get(0).describe() + "\".");
                } else if (!groups.isEmpty() && (rowNounSeen || eventsNamed() || yesNoCounted
                        || !dimensions.isEmpty() && distributionAsked())) {
                    // "orders by region", "hires per year", "managers by city": rows counted
                    measure = new Plan.Measure(Fn.COUNT_ROWS, null);
                } else if (!groups.isEmpty()) {
                    // "figures by region", "time by device": which figure is not said
                    return decline("What should I compute by " + groups.get(0).describe() + "? For example \"total "
                            + suggestionMeasure() + " by " + groups.get(0).describe() + "\" or \"how many rows by "
                            + groups.get(0).describe() + "\".");
                } else if (groups.isEmpty() && dimensions.size() == 1 && identifier(dimensions.get(0)) && !filters.isEmpty()
                        && !fileWordSeen) {
                    // "shipments from Austin to Seattle", "employees hired in 2020": how many of them
                    measure = new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0));
                } else {
                    return decline("What should I compute about " + dimensions.stream().map(Column::name).toList()
                            + "? For example \"how many rows per " + dimensions.get(0).name() + "\" or \"distinct "
                            + dimensions.get(0).name() + "\".");
                }
            } else {
                Column target = null;
                if (!measures.isEmpty()) {
                    target = measures.remove(0);
                } else if ((fn == Fn.MIN || fn == Fn.MAX) && !dimensions.isEmpty() && things.contains(dimensions.get(0))) {
                    // "the first order", "when was the last shipment": a moment, so the date column's
                    Column date = defaultDateColumn();
                    if (date == null) {
                        return decline("The " + fn.words + " " + dimensions.get(0).name() + " by what? Name a column, "
                                + "for example \"" + fn.words + " " + suggestionMeasure() + "\".");
                    }
                    dimensions.remove(0);
                    target = date;
                } else if ((fn == Fn.MIN || fn == Fn.MAX) && !dimensions.isEmpty()
                        && (dimensions.get(0).temporal() || dimensions.get(0).numeric())) {
                    target = dimensions.remove(0);
                }
                if (target == null) {
                    if (count && !dimensions.isEmpty() && !dimensions.get(0).temporal()) {
                        measure = new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0)); // "total number of orders"
                    } else if (count && (fn == Fn.AVG || fn == Fn.MEDIAN) && groups.isEmpty()) {
                        return decline("An " + fn.words + " of a count needs the groups it is counted in, for example \""
                                + fn.words + " number of rows per month\"; or name the column to average.");
                    } else if (count) {
                        measure = new Plan.Measure(Fn.COUNT_ROWS, null);
                    } else if (fn == Fn.SUM && !dimensions.isEmpty() && things.contains(dimensions.get(0))) {
                        measure = new Plan.Measure(Fn.COUNT_DISTINCT, dimensions.remove(0)); // "total orders"
                    } else if (!dimensions.isEmpty() && dimensions.get(0).numeric()) {
                        return decline("I can't compute the " + fn.words + " of " + dimensions.get(0).name()
                                + ": it identifies rows rather than measuring anything.");
                    } else if (!dimensions.isEmpty()) {
                        return decline("I can't compute the " + fn.words + " of " + dimensions.get(0).name()
                                + ": it is not a numeric column.");
                    } else {
                        return decline("The " + fn.words + " of which column? For example \"" + fn.words + " "
                                + suggestionMeasure() + "\".");
                    }
                } else if (fn == Fn.SUM && nonAdditive(target) && !(money(target)
                        && !Words.nameWords(target.name()).contains("balance"))) { // "total salary" is a payroll
                    // "total age", "total satisfaction": a sum of levels or rates means nothing
                    return decline("A total of " + target.name() + " means nothing: it is a level or a rate, not an "
                            + "amount. Ask for its average, minimum or maximum.");
                } else if (moment && !target.temporal()) {
                    // "the last debit", "the latest balance": the value on the most recent row, not the largest
                    return decline("\"" + (fn == Fn.MAX ? "Latest" : "First") + " " + target.name() + "\" means the value "
                            + "of one row in time, which I don't look up; ask for the " + (fn == Fn.MAX ? "maximum " : "minimum ")
                            + target.name() + ", or the " + (fn == Fn.MAX ? "latest " : "earliest ")
                            + (firstDate(dataset) == null ? "date" : firstDate(dataset).name()) + ".");
                } else {
                    measure = new Plan.Measure(fn, target);
                }
            }
            if (!measures.isEmpty() || !dimensions.isEmpty()) {
                return tooMany(measures, dimensions);
            }
            Plan failed = perThingCondition(measure, groups);
            if (failed != null) {
                return failed;
            }
            GroupKey inner = fn != null && fn != Fn.SUM && !groups.isEmpty() && groups.size() <= 2 ? innerKey(measure, fn) : null;
            if (inner != null) {
                // "average monthly revenue", "average revenue per order by region", "average number of orders per
                // month": each group's own figure first (its total, count, or for a rate its average), then theirs
                List<GroupKey> ordered = new ArrayList<>(groups);
                ordered.remove(inner);
                ordered.add(inner);
                Plan.Measure each = measure.fn() == fn
                        ? new Plan.Measure(nonAdditive(measure.column()) ? fn : Fn.SUM, measure.column()) : measure;
                int rows = ordered.size() == 1 ? 1 : n != null ? Math.min(n, maxRows) : defaultRows;
                return query(new Plan.QuerySpec(Plan.Shape.OF_GROUPS, each, ordered, filters, true, rows, null, fn));
            }
            return groups.isEmpty() ? single(measure) : grouped(measure, n);
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
            boolean counts = measure.fn() == Fn.COUNT_ROWS || measure.fn() == Fn.COUNT_DISTINCT
                    || measure.fn() == Fn.COUNT_VALUES;
            if (!counts && (measure.column() == null || !measure.column().numeric())) {
                return null;
            }
            boolean additive = counts || !nonAdditive(measure.column());
            boolean average = fn == Fn.AVG || fn == Fn.MEDIAN;
            List<GroupKey> candidates = new ArrayList<>();
            for (GroupKey k : groups) {
                boolean perThing = perKeys.contains(k) && k instanceof Plan.ColumnKey key && identifier(key.column());
                // "average salary per employee" with one row per employee is just the average salary
                boolean oneRowEach = perThing && ((Plan.ColumnKey) k).column().distinctCount() != null
                        && ((Plan.ColumnKey) k).column().distinctCount() >= dataset.rowCount();
                boolean perPeriod = perKeys.contains(k) && k instanceof Plan.BucketKey;
                if (additive && (adjectiveKeys.contains(k) || thingKeys.contains(k) || perThing || perPeriod && average
                        || counts && groups.size() == 1) || !additive && oneRowEach && average) {
                    candidates.add(k);
                }
            }
            return candidates.size() == 1 ? candidates.get(0) : null;
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
                if (f instanceof Plan.AnyOf any && any.options().stream().allMatch(o -> o instanceof Plan.DatePart)
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

        /** The one numeric column holding quantities (quantity, qty, units), or null. */
        private Column quantityColumn() {
            return onlyMeasure(words -> QUANTITY_WORDS.contains(words.get(words.size() - 1)));
        }

        /** The table's one numeric salary, wage or pay column; null when there is none or several. */
        private Column payColumn() {
            return onlyMeasure(words -> words.contains("salary") || words.contains("wage") || words.contains("pay"));
        }

        /** The table's one numeric revenue or sales column (its name says so); null when there is none or several. */
        private Column revenueColumn() {
            return onlyMeasure(words -> words.contains("revenue") || words.contains("sales") || words.contains("sale"));
        }

        /** The one numeric, non-identifier column whose name's words pass the test; null when none or several do. */
        private Column onlyMeasure(java.util.function.Predicate<List<String>> named) {
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

        /** Whether the "or" at i joins two values of one column ("North or South"), which a filter takes as either. */
        private boolean alternativeValues(int i) {
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
         * The currency column of an amount aggregated over rows that may be in several currencies: one with several
         * values that the question neither keeps to one of ("… in USD") nor groups by; null when there is none.
         */
        private Column unkeptCurrency(Plan.QuerySpec spec) {
            if (spec.measure() == null || spec.measure().column() == null || !spec.measure().column().numeric()
                    || spec.measure().fn() == Fn.COUNT_DISTINCT || spec.measure().fn() == Fn.COUNT_VALUES) {
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
                case RANKED, RANKED_WITHIN, DISTINCT_VALUES -> null;
            };
        }

        /** A balance carried from row to row (an account's balance after each transaction). */
        private boolean runningBalance(Column c) {
            return c.numeric() && Words.nameWords(c.name()).contains("balance");
        }

        /** "days" for a column named day: the column's own name in the plural, not an event it records. */
        private static boolean namesTheColumnItself(Tok t) {
            String key = Words.plainKey(t.column.name());
            return key.equals(Words.plainKey(t.text)) || key.equals(Words.plainKey(Words.singular(t.text)));
        }

        /** Whether the number is a whole number between the column's smallest and largest values. */
        private static boolean withinRange(Tok number, Column column) {
            try {
                BigDecimal n = number.number;
                return n.stripTrailingZeros().scale() <= 0 && column.min() != null && column.max() != null
                        && n.compareTo(new BigDecimal(column.min())) >= 0 && n.compareTo(new BigDecimal(column.max())) <= 0;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        /** Whether a word of the question was said in the plural ("hires", "managers"). */
        private static boolean plural(Tok t) {
            return t.text.indexOf(' ') < 0 && t.text.endsWith("s") && !Words.singular(t.text).equals(t.text);
        }

        /**
         * "employees in Boston or in Sales": a value of one column or of another, each alone on its side of the "or"
         * (values of one column, "Boston or Denver", are alternatives the usual way).
         */
        private void eitherValue() {
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
        private void acrossAll() {
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

        /** Whether a date column is named by its event in the plural ("hires" for hire_date): rows to count. */
        private boolean eventsNamed() {
            return toks.stream().anyMatch(Analysis::namesEvents);
        }

        /** "hires" for hire_date, not "days" for day: a date column named by the event it records, in the plural. */
        private static boolean namesEvents(Tok t) {
            return t.type == T.COL && t.column.temporal() && plural(t) && !namesTheColumnItself(t);
        }

        /** Whether the question names rows ("lines", "rows", "orders") as what it counts. */
        private boolean rowsNamed() {
            return toks.stream().anyMatch(t -> t.type == T.WORD && ROW_NOUNS.contains(t.singular));
        }

        /** Whether the quantity column is already a condition ("… sold more than 10 units"). */
        private boolean quantityFiltered() {
            Column quantity = quantityColumn();
            return quantity != null && filters.stream().anyMatch(f -> f instanceof Plan.Compare c && c.column().equals(quantity)
                    || f instanceof Plan.Between b && b.column().equals(quantity));
        }

        /** "distribution of satisfaction", "breakdown of X": how many rows have each value. */
        private boolean distributionAsked() {
            return toks.stream().anyMatch(t -> t.is("distribution", "breakdown", "histogram", "spread"));
        }

        /** Whether the question writes the word in capitals ("US"): a name, not the common word. */
        private boolean acronymInQuestion(String word) {
            Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(word.toUpperCase(Locale.ROOT))
                    + "(?![\\p{L}\\p{N}])").matcher(question);
            return word.length() >= 2 && m.find();
        }

        private boolean hasRankWord() {
            for (Tok t : toks) {
                if (!t.used && (t.in(RANK_UP) || t.in(RANK_DOWN))) {
                    return true;
                }
            }
            return false;
        }

        private Plan tooMany(List<Column> measures, List<Column> dimensions) {
            List<String> names = new ArrayList<>();
            measures.forEach(c -> names.add(c.name()));
            dimensions.forEach(c -> names.add(c.name()));
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

        private Plan query(Plan.QuerySpec spec) {
            Plan plan = figures(spec);
            if (!shareAsked || !(plan instanceof Plan.Query query)) {
                return plan;
            }
            return share(query.spec(), query.spec() != spec && unkeptCurrency(spec) != null);
        }

        /**
         * The figures as a share of their whole. A single figure is the share of the one condition it was asked about
         * ("what share of revenue comes from North"; conditions on dates are the whole: "… in 2024"); figures by group
         * are each group's share of the total under the question's dates. Other conditions next to groups are declined:
         * "percentage of orders returned by region" may ask for each region's return rate or for how returns split
         * across regions.
         */
        private Plan share(Plan.QuerySpec spec, boolean splitByCurrency) {
            Fn fn = spec.measure() == null ? null : spec.measure().fn();
            if (fn != Fn.SUM && fn != Fn.COUNT_ROWS && fn != Fn.COUNT_DISTINCT && fn != Fn.COUNT_VALUES
                    || spec.over() != null) {
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
                    if (!other.isEmpty()) {
                        return decline("With " + other.stream().map(Plan.Filter::describe)
                                .collect(java.util.stream.Collectors.joining(" and ")) + ", I can't tell whether you want "
                                + "each group's rate or how the matching rows split across groups; ask for the share "
                                + "of one group at a time, or for the shares without that condition.");
                    }
                    return new Plan.Query(spec.sharing(new Plan.Share(null), dated), score);
                }
                default -> {
                    return decline("I can give shares of a total or a count, overall or by group, but not of this.");
                }
            }
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
            if (spec.shape() == Plan.Shape.SINGLE && !toks.isEmpty() && toks.get(0).is("who", "whom")) {
                // "who was hired most recently": a person, which one figure (the latest hire_date) does not name
                return decline("You asked who; I can give the " + spec.measure().describe() + ", but not whose it is. "
                        + "Ask for the rows instead, for example \"top 1 " + suggestionDimension() + " by "
                        + (spec.measure().column() == null ? suggestionMeasure() : spec.measure().column().name()) + "\".");
            }
            Column currency = unkeptCurrency(spec);
            if (currency != null) {
                Plan.QuerySpec split = splitByCurrency(spec, currency);
                if (split == null) {
                    return decline(spec.measure().column().name() + " is in several currencies (" + currency.name()
                            + "), and ranking amounts in different currencies against each other means nothing. Name "
                            + "one (\"… in " + (currency.topValues().isEmpty() ? "USD" : currency.topValues().get(0))
                            + "\") or group \"by " + currency.name() + "\".");
                }
                spec = split;
            }
            Plan merged = monthsOfSeveralYears(spec);
            if (merged != null) {
                return merged;
            }
            if (spec.measure() != null && spec.measure().column() != null && spec.measure().column().temporal()
                    && spec.measure().fn() != Fn.MIN && spec.measure().fn() != Fn.MAX
                    && spec.measure().fn() != Fn.COUNT_DISTINCT) {
                return decline("I can't compute the " + spec.measure().fn().words + " of a date column ("
                        + spec.measure().column().name() + ").");
            }
            return new Plan.Query(spec, score);
        }

        private Plan decline(String reason) {
            return new Plan.Decline(reason, suggestions(dataset), score);
        }

        private String suggestionMeasure() {
            Column m = firstMeasure(dataset);
            return m == null ? "a numeric column" : m.name();
        }

        private String suggestionDimension() {
            Column d = firstDimension(dataset);
            return d == null ? "a text column" : d.name();
        }
    }

    private static String quoteList(List<String> words) {
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
