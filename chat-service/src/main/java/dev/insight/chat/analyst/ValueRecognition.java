package dev.insight.chat.analyst;

import static dev.insight.chat.analyst.ColumnRoles.*;
import static dev.insight.chat.analyst.Vocabulary.*;
import static dev.insight.chat.analyst.QuestionPlanner.*;

import dev.insight.chat.analyst.Dataset.Column;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the columns and the values of text columns a question names, and resolves values held by several columns. */
abstract class ValueRecognition extends PlannerState {

    ValueRecognition(String question, Dataset dataset, int defaultRows, int maxRows) {
        super(question, dataset, defaultRows, maxRows);
    }

    /**
     * The question without the file's own name ("describe sales_2024.csv", "revenue in orders2.csv"), whose
     * words and digits would otherwise read as columns, numbers or years. The name without its extension goes
     * too when it is not a plain word ("orders2", "Q1 sales"): a plain one ("sales") may also be a column.
     */
    String withoutFileName(String text) {
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

    /** A value of a text column written with digits: "18-24", "65+", "2-3 days" (a plain number or date is not). */
    private static final Pattern NUMBERED_VALUE = Pattern.compile("(?<![\\p{L}\\p{N}])\\d");
    private static final Pattern PLAIN_NUMBER_OR_DATE = Pattern.compile("-?[\\d.,]+%?|\\d{4}-\\d{2}(-\\d{2})?.*");
    /** An age range as a survey writes it: "18-24", "25 – 34", "65+". */
    private static final Pattern AGE_RANGE = Pattern.compile("(\\d+)\\s*(?:-|–|to)\\s*(\\d+)|(\\d+)\\s*\\+");
    /** A bound on an age said of people, where ages are kept as ranges: "55 or older", "older than 34", "aged 65+". */
    private static final Pattern AGE_BOUND = Pattern.compile(
            "\\b(?:age[ds]? )?(?<n>\\d+) (?:or|and) (?<w>older|younger)\\b|\\bage[ds]? (?<n2>\\d+) (?:or|and) (?<w2>over|above|up|under|below)\\b"
            + "|\\b(?<w3>older|younger) than (?<n3>\\d+)\\b|\\b(?:(?<w4>over|under) the age of|aged (?<w5>over|above|under|below)) (?<n4>\\d+)\\b"
            + "|\\bage[ds]? (?<n5>\\d+)\\s*\\+"
            + "|(?<=\\b(?:respondents|people|customers|users|those|anyone|employees|participants|everyone|men|women) "
            + "(?:aged |who are |that are |who were |are |were )?)(?<w6>under|over|below|above) (?<n6>\\d+)\\b(?! ?%)");
    /** A span of ages that is not itself a value: "aged 25-44", "aged 25 to 44". */
    private static final Pattern AGE_SPAN = Pattern.compile("\\baged? (?<from>\\d+) ?(?:-|–|to) ?(?<to>\\d+)\\b");

    /** Why a question's age could not be read as the ranges of its column ("50 or older" inside 45-54); null when fine. */
    String unreadableAge;

    /**
     * Values of text columns written with digits ("18-24", "65+"), which the tokens would split into numbers: each
     * becomes a marker (U+0003, its index, U+0003) that is read as that value, and {@code numbered} gets the columns
     * holding it. Where ages are kept as ranges, a bound on the age ("55 or older", "younger than 35") becomes the
     * ranges it covers; one it cuts through is noted in {@link #unreadableAge}.
     */
    String numberedValues(String lower, List<List<Map.Entry<Column, String>>> numbered) {
        Map<String, List<Map.Entry<Column, String>>> byText = new LinkedHashMap<>();
        for (Column c : dataset.columns()) {
            if (c.kind() != Dataset.Kind.TEXT) {
                continue;
            }
            for (String v : c.topValues()) {
                String text = v.strip().toLowerCase(java.util.Locale.ROOT);
                if (NUMBERED_VALUE.matcher(text).find() && !PLAIN_NUMBER_OR_DATE.matcher(text).matches()) {
                    byText.computeIfAbsent(text, k -> new ArrayList<>()).add(Map.entry(c, v));
                }
            }
        }
        String out = lower;
        Column ages = ageRangeColumn();
        if (ages != null) {
            Matcher m = AGE_BOUND.matcher(out);
            StringBuilder read = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(read, Matcher.quoteReplacement(agesWithin(m, ages)));
            }
            Matcher span = AGE_SPAN.matcher(m.appendTail(read).toString());
            StringBuilder spanned = new StringBuilder();
            while (span.find()) {
                span.appendReplacement(spanned, Matcher.quoteReplacement(agesSpanned(span, ages)));
            }
            out = span.appendTail(spanned).toString();
        }
        List<String> texts = new ArrayList<>(byText.keySet());
        texts.sort((a, b) -> b.length() - a.length()); // "18-24" before "8-24"
        for (String text : texts) {
            Matcher m = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(text) + "(?![\\p{L}\\p{N}+])").matcher(out);
            if (m.find()) {
                int index = numbered.size();
                numbered.add(byText.get(text));
                Column holder = byText.get(text).get(0).getKey();
                boolean age = Words.nameWords(holder.name()).contains("age");
                out = m.replaceAll(" \u0003" + index + "\u0003 ");
                if (age) {
                    out = out.replaceAll("\\baged\\s+\u0003" + index + "\u0003", "\u0003" + index + "\u0003"); // "respondents aged 18-24"
                }
            }
        }
        return out;
    }

    /** The one text column whose values are all age ranges ("18-24", "65+"), where no numeric age column is. */
    private Column ageRangeColumn() {
        Column found = null;
        for (Column c : dataset.columns()) {
            if (!Words.nameWords(c.name()).contains("age")) {
                continue;
            }
            if (c.numeric()) {
                return null;
            }
            boolean allKnown = c.kind() == Dataset.Kind.TEXT && c.distinctCount() != null && !c.topValues().isEmpty()
                    && c.topValues().size() >= c.distinctCount();
            if (allKnown && c.topValues().stream().allMatch(v -> AGE_RANGE.matcher(v.strip()).matches())) {
                if (found != null) {
                    return null;
                }
                found = c;
            }
        }
        return found;
    }

    /**
     * The ranges of {@code ages} a bound covers, as their values joined by "or" (each range wholly inside the
     * bound); the bound as said, with {@link #unreadableAge} set, when one range is only partly inside or none is.
     */
    private String agesWithin(Matcher m, Column ages) {
        String word = said(m, "w", "w2", "w3", "w4", "w5", "w6");
        word = word == null ? "over" : word; // ("aged 65+")
        long n = Long.parseLong(said(m, "n", "n2", "n3", "n4", "n5", "n6"));
        // "55 or older", "aged 55 and up", "aged 65+" include the age; "older than 55", "over the age of 55" do not
        boolean inclusive = m.group("n") != null || m.group("n2") != null || m.group("n5") != null;
        boolean upward = Set.of("older", "over", "above", "up").contains(word);
        // the ages the bound holds: [low, high]
        long low = upward ? (inclusive ? n : n + 1) : 0;
        long high = upward ? Long.MAX_VALUE : (inclusive ? n : n - 1);
        return agesBetween(low, high, m.group().strip(), ages);
    }

    /** The first of the named groups that matched, or null. */
    private static String said(Matcher m, String... groups) {
        for (String g : groups) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return null;
    }

    /** "Aged 25-44" where 25-44 is no value: the ranges it is made of (one cut through makes it unreadable). */
    private String agesSpanned(Matcher m, Column ages) {
        long from = Long.parseLong(m.group("from"));
        long to = Long.parseLong(m.group("to"));
        String written = m.group("from") + "-" + m.group("to");
        if (ages.topValues().stream().anyMatch(v -> v.strip().replace(" ", "").equals(written)) || from > to) {
            return m.group(); // a value itself: read as one below
        }
        return agesBetween(from, to, m.group().strip(), ages);
    }

    /** The ranges of {@code ages} inside [low, high] joined by "or", or the words as said with {@link #unreadableAge}. */
    private String agesBetween(long low, long high, String said, Column ages) {
        List<String> covered = new ArrayList<>();
        for (String v : ages.topValues()) {
            Matcher r = AGE_RANGE.matcher(v.strip());
            if (!r.matches()) {
                return said;
            }
            long from = Long.parseLong(r.group(1) != null ? r.group(1) : r.group(3));
            long to = r.group(2) != null ? Long.parseLong(r.group(2)) : Long.MAX_VALUE;
            if (from >= low && to <= high) {
                covered.add(v);
            } else if (to >= low && from <= high) {
                unreadableAge = ages.name() + " keeps ages as ranges, and \"" + said + "\" cuts through "
                        + v + "; ask with whole ranges, for example \"" + ages.name() + " " + v + "\".";
                return said;
            }
        }
        if (covered.isEmpty()) {
            unreadableAge = "No range of " + ages.name() + " is " + said + ".";
            return said;
        }
        covered.sort(java.util.Comparator.comparing(v -> v.strip().replaceAll("\\D.*", "").length() + v.strip()));
        return " " + String.join(" or ", covered.stream().map(v -> v.strip().toLowerCase(java.util.Locale.ROOT)).toList())
                + " ";
    }

    void recogniseColumnsAndValues() {
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
                if (w.length() < 3 || Words.FILLER.contains(w) || KEYWORDS.contains(w) || byKey.containsKey(w)
                        || SHARE_WORDS.contains(w)) {
                    // ("pct" of humidity_pct alone is a percentage asked for, not the humidity)
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
                boolean revenueWord = REVENUE_WORDS.contains(t.singular) || REVENUE_WORDS.contains(t.text);
                // ("earnings" and "income" beside a profit column could be either: left to decline)
                boolean profitToo = (t.text.startsWith("earning") || t.text.equals("income")) && profitColumn() != null;
                if (column == null && len == 1 && revenueWord && !profitToo) {
                    column = revenueColumn(); // "turnover", "income" for the one revenue or sales column
                }
                if (column == null && len == 1 && EARN_WORDS.contains(t.text)
                        && !(i > 0 && toks.get(i - 1).is("highest", "best", "lowest", "worst", "most", "least", "top"))
                        // ("which department pays the most": the highest salary, average or payroll?)
                        && !(t.is("pay", "pays") && (i + 1 < toks.size() && toks.get(i + 1).is("more", "less", "most",
                                "least", "best", "worst") || i + 2 < toks.size() && toks.get(i + 1).is("the")
                                && toks.get(i + 2).is("most", "least", "best", "worst")))) {
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
                if (candidates == null && len == 1) {
                    candidates = statusByVerb(values, t.text);
                }
                if (candidates != null && len == 1 && i == 0 && Words.FILLER.contains(t.text)
                        && !capitalisedInQuestion(t.text)) {
                    fillerValue = candidates.get(0); // "Display conversion rate": show it, or the channel?
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

    /** Endings that make a verb or noun of a status: "failed", "failing", "failures" for fail, "warnings" for warn. */
    private static final List<String> STATUS_ENDINGS = List.of("ures", "ure", "ed", "ings", "ing");

    /**
     * The status a word is a form of ("how many readings failed": status fail), among the values of text columns
     * with few values (at most 20: statuses, not names); null when none or the word is a word of its own.
     */
    private List<Map.Entry<Column, String>> statusByVerb(Map<String, List<Map.Entry<Column, String>>> values,
            String word) {
        if (Words.FILLER.contains(word) || KEYWORDS.contains(word)) {
            return null;
        }
        for (String ending : STATUS_ENDINGS) {
            if (word.endsWith(ending) && word.length() - ending.length() >= 4) {
                List<Map.Entry<Column, String>> found = values.get(word.substring(0, word.length() - ending.length()));
                if (found != null && found.stream().allMatch(e -> e.getKey().distinctCount() != null
                        && e.getKey().distinctCount() <= 20)) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Whether the question writes the word capitalised, not as its first word: "spend on Display" names the value
     * Display even though "display" is also a common verb.
     */
    /**
     * "order lines", "order items": a thing named right before a word for a row only says what kind of row; the rows
     * are what is counted, not the orders.
     */
    void thingsNamingRows() {
        for (int i = 0; i + 1 < toks.size(); i++) {
            Tok t = toks.get(i);
            Tok next = toks.get(i + 1);
            if (t.type == T.COL && t.thing && !t.used && next.type == T.WORD
                    && (ROW_NOUNS.contains(next.singular) || next.singular.equals("item"))) {
                t.used = true;
            }
        }
    }

    boolean capitalisedInQuestion(String word) {
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

    int wordRun(int from) {
        int n = 0;
        while (from + n < toks.size() && toks.get(from + n).type == T.WORD) {
            n++;
        }
        return n;
    }

    boolean startsColumn(int from, Map<String, Column> byKey, int longest) {
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
    Plan valuesInSeveralColumns() {
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

    Plan resolveValues() {
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
    static Column holder(Tok v, java.util.function.Predicate<Column> test) {
        List<Column> matching = v.holders.stream().map(Map.Entry::getKey).filter(test).toList();
        return matching.size() == 1 ? matching.get(0) : null;
    }
}
