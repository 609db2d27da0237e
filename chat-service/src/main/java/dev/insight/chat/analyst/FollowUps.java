package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import dev.insight.chat.memory.MemoryRecords;
import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follow-ups: a short message that changes one thing of the question before it — "what about 2023?", "and the
 * West?", "by month?", "only Widgets", "and the median?", "and the lowest?", "what about units?", "the top 10
 * instead" — is read as that earlier question with the one thing changed, and planned like any question. The answer
 * says how it was read, and the reading is kept with the question, so that a follow-up of a follow-up builds on it.
 *
 * <p>What is changed is found in the earlier question's own words: the period it names (or none, then the period is
 * added), the value of the same column (or none, then the value is added), the grouping after "by", the one
 * aggregate word, the one word of a ranking's direction, the one column of the same kind, or its "top N". Where the
 * earlier question holds two of what would change ("2023 vs 2024", "Widget or Gadget", "total and average") or none
 * where one is needed, there is no reading, and a message that is only that change is declined with the earlier
 * question named ({@link #read}).
 */
final class FollowUps {

    /** The key under which a question's reading is kept in its message metadata. */
    static final String READING = "reading";

    private static final String ASIDES = "(?:ok(?:ay)?|great|thanks|thank you|cool|nice|hmm+|right|alright|perfect|good)";
    /** Words a follow-up starts with that carry nothing: "ok, ", "thanks. ", "great! ". */
    private static final Pattern INTERJECTION = Pattern.compile("^(?:" + ASIDES + "[,.!]*\\s+)+", Pattern.CASE_INSENSITIVE);
    /** The same before a question of its own, only where it is set apart ("ok, …", "ok and …"; not "ok rate"). */
    private static final Pattern ASIDE = Pattern.compile(
            "^(?:" + ASIDES + "(?:[,.!]+\\s*|\\s+(?=(?:and|so)\\s)))+", Pattern.CASE_INSENSITIVE);
    private static final Pattern TRAILING = Pattern.compile(
            "(?:[\\s,]+(?:instead|then|too|as well|please|pls|now|only))+$");
    /** "what about …", "and for …", "same for …", "only …": the rest is what changes. */
    private static final Pattern LEAD = Pattern.compile(
            "^(?:(?:and|but|so|now)\\s+)?(?:(?:what|how)\\s+about|what\\s+if\\s+(?:we\\s+look\\s+at|it\\s+was)"
                    + "|(?:the\\s+)?same\\s+(?:thing\\s+|question\\s+|again\\s+)?(?:for|in|with|but)"
                    + "|(?:only|just)(?:\\s+(?:for|in))?|(?:for|in|with))\\s+(?<rest>.+)$"
                    + "|^(?:and|now)\\s+(?<rest2>.+)$");
    private static final Pattern ONLY_A_FOLLOW_UP = Pattern.compile(
            "^(?:(?:and|but|so|now)\\s+)?(?:(?:what|how)\\s+about|(?:the\\s+)?same\\s|only\\s|just\\s)");
    /** "by month", "and by region", "what about by month"; "break it down by product" splits the groups further. */
    private static final Pattern GROUP = Pattern.compile(
            "^(?:(?:and|now|then|but)\\s+)?(?:(?<further>(?:break|split)\\s+(?:it|that|this|them|those)\\s+(?:down\\s+|up\\s+)?"
                    + "|(?:broken|split)(?:\\s+(?:down|up))?\\s+)|(?:group(?:ed)?\\s+(?:it\\s+|that\\s+|this\\s+)?)"
                    + "|(?:what|how)\\s+about\\s+)?(?:by|per|for\\s+each|in\\s+each)\\s+(?<group>.+)$");
    /** "how many of them are in Seattle": a count of the things the question before counted, with one more condition. */
    private static final Pattern OF_THEM = Pattern.compile(
            "^(?:(?:and|so|but)\\s+)?how\\s+many\\s+of\\s+(?:them|those|these)(?:\\s+(?:are|were|is|was|have|had|did|do))?\\s+(?<rest>.+)$");
    /** "top 5 instead", "median instead": a message that says it replaces something. */
    private static final Pattern INSTEAD = Pattern.compile("[\\s,]instead$");
    /** Where the figure of a question ends and what it is of begins: "bounces | by page on tablet". */
    private static final Pattern TAIL = Pattern.compile(
            "\\s(?:by|per|for|in|on|where|during|from|at|among|with|since|before|after|between)\\s");
    private static final Pattern COUNT_QUESTION = Pattern.compile("^(?:how\\s+many|number\\s+of|count)\\b");
    /** Internal prefixes of a fragment: a grouping that splits the groups further, a condition on what was counted. */
    private static final String FURTHER = "further by ";
    private static final String OF_THOSE = "of them ";
    private static final Pattern LEADING_AND = Pattern.compile("^(?:and|so)\\s+(?=\\S)", Pattern.CASE_INSENSITIVE);
    private static final Pattern TOP = Pattern.compile("^(?:the\\s+)?(top|bottom)\\s+(\\d{1,4})$");
    private static final Pattern GROUPED = Pattern.compile("\\b(?:by|per|each)\\b");
    private static final Pattern YEAR = Pattern.compile("\\b(?:19|20)\\d{2}\\b");
    private static final Pattern TOP_IN_QUESTION = Pattern.compile("\\b(?:top|bottom)\\s+\\d{1,4}\\b");
    /** Words that may surround a period or a value in a follow-up without changing it. */
    private static final Set<String> AROUND = Set.of("in", "for", "the", "of", "during", "year", "only", "just",
            "from", "at", "on", "to");
    /** Aggregates that can stand for one another in place ("the total revenue" → "the median revenue"). */
    private static final Set<String> AGGREGATES = Set.of("total", "sum", "average", "avg", "mean", "median", "max",
            "maximum", "min", "minimum");
    private static final Set<String> SUMS = Set.of("total", "sum");
    private static final Pattern SUM_WORD = anyWord(SUMS);
    private static final Pattern AGGREGATE_WORD = anyWord(AGGREGATES);
    /** Words of a ranking's direction that can stand for one another ("the highest revenue" → "the lowest revenue"). */
    private static final Set<String> RANKS = Set.of("highest", "lowest", "most", "least", "fewest", "best", "worst",
            "biggest", "smallest", "largest", "top", "bottom");
    private static final Pattern RANK_WORD = anyWord(RANKS);
    private static final Set<String> CALENDAR = Set.of("hour", "day", "date", "week", "weekday", "month", "quarter",
            "year", "day of week", "day of the week");
    /** Where a grouping said after "by" ends in the earlier question. */
    private static final Set<String> AFTER_GROUP = Set.of("in", "for", "where", "with", "during", "since", "from",
            "after", "before", "between", "among", "over", "under", "above", "below", "of", "that", "who", "which",
            "whose", "excluding", "except", "without", "only", "sorted", "ordered", "ranked", "last", "this", "on",
            "at", "when");
    private static final int MAX_WORDS = 6;
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}'’.-]*");

    private FollowUps() {
    }

    /** What a follow-up changes ("2023", "the west", "by month"), or null when the message is not one. */
    static String fragment(String question) {
        String text = question.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        text = text.replaceAll("[?.!\\s]+$", "");
        text = INTERJECTION.matcher(text).replaceFirst("");
        boolean instead = INSTEAD.matcher(text).find();
        text = TRAILING.matcher(text).replaceFirst("").strip();
        String fragment;
        Matcher ofThem = OF_THEM.matcher(text);
        Matcher group = GROUP.matcher(text);
        Matcher lead = LEAD.matcher(text);
        if (ofThem.matches()) {
            fragment = OF_THOSE + ofThem.group("rest").strip();
        } else if (group.matches()) {
            fragment = (group.group("further") != null ? FURTHER : "by ") + group.group("group").strip();
        } else if (lead.matches()) {
            fragment = (lead.group("rest") != null ? lead.group("rest") : lead.group("rest2")).strip();
        } else if (instead) {
            fragment = text; // "top 5 instead"
        } else {
            return null;
        }
        int words = words(fragment).size();
        return words == 0 || words > MAX_WORDS ? null : fragment;
    }

    static boolean isFollowUp(String question) {
        return fragment(question) != null;
    }

    /**
     * Whether the message can only be a follow-up ("what about …", "same for …", "only …"), not a question of its
     * own that happens to start with "and" or "in".
     */
    static boolean onlyAFollowUp(String question) {
        String text = INTERJECTION.matcher(question.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " "))
                .replaceFirst("");
        return isFollowUp(question) && ONLY_A_FOLLOW_UP.matcher(text).find();
    }

    /** The earlier question as it was read: the newest user message of the window, its reading where it has one. */
    static String previousQuestion(MemoryRecords.ContextWindow context) {
        if (context == null || context.messages() == null) {
            return null;
        }
        for (int i = context.messages().size() - 1; i >= 0; i--) {
            MemoryRecords.Message m = context.messages().get(i);
            if ("user".equals(m.role())) {
                Object reading = m.metadata() == null ? null : m.metadata().get(READING);
                return reading instanceof String s && !s.isBlank() ? s : m.content();
            }
        }
        return null;
    }

    /** A message planned against one file: its plan, and the question it was read as where that is not the message. */
    record Read(Plan plan, String reading) {
    }

    /**
     * Plans a message after the {@code previous} question (null when there is none) on one file. A follow-up is read
     * as the previous question with its change made; a figure asked alone ("and the click-through rate?") is asked of
     * what the question before was of ("… by channel"). Where the message is a change that has no place in the
     * question before ("and Gizmo?" after "revenue for Widget or Gadget"), or a few words that can only be a follow-up
     * ("what about the weather?"), it is declined rather than answered alone ("how many rows are Gizmo"); a message
     * that may be a question of its own ("and how many rows are there?", "what about revenue by region in 2023?") is
     * planned as it stands, without the words that only carry the conversation ("ok, and …").
     */
    static Read read(QuestionPlanner planner, String question, String previous, Dataset dataset) {
        try {
            return readAfter(planner, question, previous, dataset);
        } catch (RuntimeException e) {
            // as in the planner: a message these rules meet in a way they did not foresee is declined, never a 500
            Log.errorf(e, "The analyst's follow-up reading failed on a message about %s", dataset.name());
            return new Read(new Plan.Decline(QuestionPlanner.PLANNER_FAILED, List.of(), 0), null);
        }
    }

    private static Read readAfter(QuestionPlanner planner, String question, String previous, Dataset dataset) {
        String fragment = previous == null ? null : fragment(question);
        if (fragment != null) {
            // "what about euros?" after "total debits in USD": the currency the ledger holds as EUR
            fragment = MoneyWords.currencyCodes(fragment, previous.toLowerCase(Locale.ROOT) + " " + fragment, dataset);
        }
        List<String> parts = changes(fragment, dataset);
        String reading = combine(previous, parts, dataset);
        if (reading == null && fragment != null && parts.isEmpty()) {
            reading = figureOf(planner, previous, core(fragment), dataset);
        }
        if (reading != null) {
            return new Read(planner.plan(reading, dataset), reading);
        }
        if (fragment != null && (!parts.isEmpty()
                || onlyAFollowUp(question) && words(core(fragment)).size() <= 2)) {
            return new Read(new Plan.Decline("This reads like a follow-up to your question \u201c" + previous + "\u201d, "
                    + "but I could not tell which part of it to change; please ask it as a whole question.",
                    QuestionPlanner.suggestions(dataset), 0), null);
        }
        String alone = LEADING_AND.matcher(ASIDE.matcher(question.strip()).replaceFirst("")).replaceFirst("");
        return new Read(planner.plan(alone.isBlank() ? question : alone, dataset), null);
    }

    /**
     * A figure asked alone after a question of something ("impressions by channel" → "and the click-through
     * rate?"): the figure of that something ("click-through rate by channel"). Null where the words are not a figure
     * on their own, or the question before was of nothing but its figure.
     */
    private static String figureOf(QuestionPlanner planner, String previous, String figure, Dataset dataset) {
        if (figure.isEmpty() || words(figure).size() > 4
                || !(planner.plan(figure, dataset) instanceof Plan.Query q) || !q.spec().groups().isEmpty()
                || !q.spec().filters().isEmpty() || q.spec().measure() == null) {
            return null;
        }
        String before = plain(previous);
        String lower = before.toLowerCase(Locale.ROOT);
        int cut = lower.length();
        Matcher tail = TAIL.matcher(lower);
        if (tail.find()) {
            cut = tail.start();
        }
        for (DateMentions.Mention m : DateMentions.find(lower)) {
            cut = Math.min(cut, m.start());
        }
        String of = before.substring(Math.min(cut, before.length())).strip();
        Matcher by = Pattern.compile("^(?:by|per)\\s+(?:the\\s+)?(.+?)(?:\\s|$)").matcher(of.toLowerCase(Locale.ROOT));
        Column ranked = by.find() ? columnNamed(by.group(1), dataset) : null;
        if (of.isEmpty() || cut == 0 || ranked != null && numeric(ranked)) {
            return null; // "top 5 customers by sales": what it ranks by is no part of what it is of
        }
        return figure + " " + of;
    }

    /** What a follow-up changes, once read against a file's columns. */
    enum Change {
        /** "by month", "by product": the grouping; "break it down by channel": a grouping inside it. */
        GROUP,
        /** "the top 5", "the bottom 3". */
        TOP,
        /** "2023", "in Q1 2024", "since March 2024". */
        PERIOD,
        /** "the average", "the median". */
        AGGREGATE,
        /** "the lowest", "the worst", "the bottom": the direction of a ranking. */
        RANK,
        /** "the West", "gadgets": a value of a text column; "the managers": a yes/no column. */
        VALUE,
        /** "units", "unit price", "by profit": a column of the same kind. */
        COLUMN,
        /** "how many of them are in Seattle": one more condition on what was counted. */
        OF_THOSE
    }

    /** What the fragment changes in a question about this file, or null when it is more than one such thing. */
    static Change change(String fragment, Dataset dataset) {
        if (fragment == null) {
            return null;
        }
        if (fragment.startsWith(OF_THOSE)) {
            Change condition = change(fragment.substring(OF_THOSE.length()), dataset);
            return condition == Change.VALUE || condition == Change.PERIOD ? Change.OF_THOSE : null;
        }
        if (fragment.startsWith("by ") || fragment.startsWith(FURTHER)) {
            String wanted = grouping(fragment);
            boolean calendar = CALENDAR.contains(wanted) || CALENDAR.contains(Words.singular(wanted));
            Column named = columnNamed(wanted, dataset);
            if (named != null && numeric(named)) {
                // "and by profit?" after "top 5 customers by sales": what it ranks by
                return fragment.startsWith("by ") ? Change.COLUMN : null;
            }
            return calendar || named != null ? Change.GROUP : null;
        }
        if (TOP.matcher(fragment).matches()) {
            return Change.TOP;
        }
        String period = period(fragment);
        if (period != null) {
            return period.isEmpty() ? null : Change.PERIOD;
        }
        String core = core(fragment);
        if (core.isEmpty()) {
            return null;
        }
        if (AGGREGATES.contains(core)) {
            return Change.AGGREGATE;
        }
        if (RANKS.contains(core)) {
            return Change.RANK;
        }
        int space = core.indexOf(' ');
        if (space > 0 && AGGREGATES.contains(core.substring(0, space))
                && change(core.substring(space + 1), dataset) == Change.COLUMN) {
            return Change.AGGREGATE; // "the average salary"
        }
        if (!holdersOf(valueSaid(core, dataset), dataset).isEmpty()) {
            return Change.VALUE;
        }
        Column named = columnNamed(core, dataset);
        if (named == null) {
            return null;
        }
        return named.kind() == Dataset.Kind.BOOLEAN ? Change.VALUE : Change.COLUMN;
    }

    /** The column or period a grouping fragment names: "by the month" → "month". */
    private static String grouping(String fragment) {
        String rest = fragment.startsWith(FURTHER) ? fragment.substring(FURTHER.length()) : fragment.substring(3);
        return rest.strip().replaceFirst("^the\\s+", "");
    }

    /**
     * The earlier question with the follow-up's changes made, or null when a change cannot be placed in it, the
     * fragment is no change, or the question comes out the same.
     */
    static String combine(String previous, String fragment, Dataset dataset) {
        return combine(previous, changes(fragment, dataset), dataset);
    }

    private static String combine(String previous, List<String> parts, Dataset dataset) {
        if (previous == null || parts.isEmpty()) {
            return null;
        }
        // "ok, and total revenue by region": what the question was
        String combined = LEADING_AND.matcher(ASIDE.matcher(previous.strip()).replaceFirst("")).replaceFirst("");
        for (String part : parts) {
            combined = combineOne(combined, part, change(part, dataset), dataset);
            if (combined == null) {
                return null;
            }
        }
        return plain(combined).equalsIgnoreCase(plain(previous)) ? null : combined;
    }

    /**
     * The fragment as changes of one thing each: itself where it is one; its period and the rest where it is a period
     * and one other change ("the West in 2023", "by month for 2024"); empty where it is neither.
     */
    static List<String> changes(String fragment, Dataset dataset) {
        if (fragment == null) {
            return List.of();
        }
        if (change(fragment, dataset) != null) {
            return List.of(fragment);
        }
        List<DateMentions.Mention> mentions = DateMentions.find(fragment);
        if (mentions.size() != 1 || DateMentions.mentionsRelativePeriod(fragment)) {
            return List.of();
        }
        DateMentions.Mention m = mentions.get(0);
        String period = fragment.substring(m.start(), m.end()).strip();
        String rest = (fragment.substring(0, m.start()) + " " + fragment.substring(m.end())).strip()
                .replaceAll("^(?:and|,)\\s+|\\s+(?:and|,)$", "").replaceAll("\\s+", " ");
        Change other = rest.isEmpty() ? null : change(rest, dataset);
        return change(period, dataset) == Change.PERIOD && other != null && other != Change.PERIOD
                ? List.of(period, rest) : List.of();
    }

    private static String combineOne(String previous, String fragment, Change change, Dataset dataset) {
        String mark = previous.strip().endsWith("?") ? "?" : "";
        String before = plain(previous);
        // spans are found in the lower-case form and cut from the question as written, where the two line up
        String lower = before.toLowerCase(Locale.ROOT);
        String text = lower.length() == before.length() ? before : lower;
        String core = core(fragment);
        String combined = switch (change) {
            case GROUP -> regroup(text, lower, grouping(fragment), fragment.startsWith(FURTHER), dataset);
            case TOP -> {
                Matcher top = TOP.matcher(fragment);
                List<int[]> said = spans(TOP_IN_QUESTION, lower);
                yield top.matches() && said.size() == 1 ? replace(text, said.get(0), top.group(1) + " " + top.group(2))
                        : null;
            }
            case PERIOD -> withPeriod(text, lower, period(fragment));
            case AGGREGATE -> reaggregate(text, lower, core, dataset);
            case RANK -> {
                List<int[]> said = spans(RANK_WORD, lower);
                yield said.size() == 1 ? replace(text, said.get(0), core) : null;
            }
            case VALUE -> {
                String value = valueSaid(core, dataset);
                List<Column> holders = holdersOf(value, dataset);
                // a yes/no column named ("just the managers") is a condition added
                yield holders.isEmpty() ? text + " for " + core : withValue(text, lower, value, holders, dataset);
            }
            case COLUMN -> {
                String said = fragment.startsWith("by ") ? grouping(fragment) : core;
                yield withColumn(text, lower, said, columnNamed(said, dataset), dataset);
            }
            case OF_THOSE -> {
                // "how many engineers do we have" → "how many of them are in Seattle": only after a count
                String condition = fragment.substring(OF_THOSE.length());
                yield COUNT_QUESTION.matcher(lower).find()
                        ? combineOne(text, condition, change(condition, dataset), dataset) : null;
            }
        };
        if (combined == null) {
            return null;
        }
        return plain(combined) + mark;
    }

    /**
     * The earlier question with its one aggregate word replaced ("the median"), and its measure too where the
     * follow-up names one ("the average salary").
     */
    private static String reaggregate(String text, String lower, String core, Dataset dataset) {
        int space = core.indexOf(' ');
        String word = space > 0 ? core.substring(0, space) : core;
        String base = text;
        if (space > 0) {
            String column = core.substring(space + 1);
            Column named = columnNamed(column, dataset);
            // "and the avg on page?": no one column is named after the aggregate word, so there is no reading
            base = named == null ? null : withColumn(text, lower, column, named, dataset);
            if (base == null) {
                return null;
            }
        }
        String said = base.toLowerCase(Locale.ROOT);
        String written = said.length() == base.length() ? base : said;
        if (SUMS.contains(word) && dataset.columns().stream()
                .anyMatch(c -> numeric(c) && ColumnRoles.nonAdditive(c) && mention(c, said) != null)) {
            return null; // "and the total?" after "average unit price": prices do not add up
        }
        if (space < 0 && !SUMS.contains(word) && SUM_WORD.matcher(said).find() && GROUPED.matcher(said).find()) {
            return null; // "and the average?" after "total revenue per region": of the rows, or of the totals?
        }
        List<int[]> spans = spans(AGGREGATE_WORD, said);
        return spans.size() == 1 ? replace(written, spans.get(0), word) : null;
    }

    /**
     * The earlier question with its one column of the same kind (a measure, or not) replaced; the same question where
     * it names that column already ("the average salary" after "the total salary bill").
     */
    private static String withColumn(String text, String lower, String core, Column named, Dataset dataset) {
        if (mention(named, lower) != null) {
            return text;
        }
        if (numeric(named) && ColumnRoles.nonAdditive(named)
                && SUM_WORD.matcher(lower).find()) {
            return null; // "what about unit price?" after "total revenue": prices do not add up
        }
        List<int[]> said = new ArrayList<>();
        for (Column c : dataset.columns()) {
            if (c != named && numeric(c) == numeric(named)) {
                int[] span = mention(c, lower);
                if (span != null) {
                    said.add(span);
                }
            }
        }
        return said.size() == 1 ? replace(text, said.get(0), core) : null;
    }

    /**
     * The period a fragment names, as it is to be said in the question ("in 2023", "since march 2024"); empty when
     * the fragment names a period with more around it, or more than one; null when it names none.
     */
    private static String period(String asked) {
        if (DateMentions.mentionsRelativePeriod(asked)) {
            return "";
        }
        // a year said alone ("2023") is a period only after "in"
        String fragment = DateMentions.find(asked).isEmpty() ? "in " + asked : asked;
        List<DateMentions.Mention> mentions = DateMentions.find(fragment);
        if (mentions.isEmpty()) {
            return null;
        }
        DateMentions.Mention m = mentions.get(0);
        String rest = fragment.substring(0, m.start()) + " " + fragment.substring(m.end());
        if (mentions.size() > 1 || words(rest).stream().anyMatch(w -> !AROUND.contains(w))) {
            return "";
        }
        String said = fragment.substring(m.start(), m.end()).strip();
        return said.matches("^(?:between|from|after|since|before|until|till|through|up to|in|during|on|for|of|within)\\b.*")
                ? said : "in " + said;
    }

    /** The earlier question with its one period replaced, or with the period added where it named none. */
    private static String withPeriod(String text, String lower, String period) {
        if (DateMentions.mentionsRelativePeriod(lower)) {
            return null;
        }
        List<DateMentions.Mention> mentions = DateMentions.find(lower);
        if (mentions.size() > 1) {
            return null; // "2023 vs 2024", "from March to May": which one changes?
        }
        if (mentions.isEmpty()) {
            return text + " " + period;
        }
        DateMentions.Mention m = mentions.get(0);
        Matcher year = YEAR.matcher(lower.substring(m.start(), m.end()));
        if (!DateMentions.find(period).isEmpty() && DateMentions.find(period).get(0).partOfYear() && year.find()) {
            period = period + " " + year.group(); // "what about April?" after "in March 2024": April 2024
        }
        return replace(text, new int[] {m.start(), m.end()}, period);
    }

    /** The earlier question with the one value of the same column replaced, or the value added where it named none. */
    private static String withValue(String text, String lower, String core, List<Column> holders, Dataset dataset) {
        List<int[]> said = new ArrayList<>();
        for (Column c : holders) {
            List<String> values = new ArrayList<>(c.topValues());
            values.sort(Comparator.comparingInt(String::length).reversed()); // "North East" before "North"
            for (String v : values) {
                Pattern p = Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(v.strip().toLowerCase(Locale.ROOT))
                        + "(?:e?s)?(?![\\p{L}\\p{N}])");
                for (int[] span : spans(p, lower)) {
                    if (said.stream().noneMatch(s -> s[0] < span[1] && span[0] < s[1])) {
                        said.add(span);
                    }
                }
            }
        }
        if (said.size() > 1) {
            return null; // "Widget vs Gadget": which one changes?
        }
        String shown = heldAs(core, holders);
        if (said.isEmpty() && dataset.columns().stream().anyMatch(c -> c.kind() == Dataset.Kind.TEXT
                && ColumnRoles.identifier(c) && !holders.contains(c) && !valuesNamed(lower, c).isEmpty())) {
            return null; // "at the South Plant" after "sensor S2": S2 is where it is; both, or the other one instead?
        }
        return said.isEmpty() ? text + " for " + shown : replace(text, said.get(0), shown);
    }

    /** Where the question names a value of the column. */
    private static List<int[]> valuesNamed(String lower, Column c) {
        List<int[]> found = new ArrayList<>();
        for (String v : c.topValues()) {
            found.addAll(spans(Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(v.strip().toLowerCase(Locale.ROOT))
                    + "(?![\\p{L}\\p{N}])"), lower));
        }
        return found;
    }

    /**
     * The earlier question grouped by what the follow-up says instead of what it said, or grouped where it was not;
     * {@code further}: by what it said and then by this ("break that down by channel").
     */
    private static String regroup(String text, String lower, String group, boolean further, Dataset dataset) {
        List<DateMentions.Mention> periods = DateMentions.find(lower);
        Matcher by = Pattern.compile("\\b(?:broken down by|by|per|for each|in each)\\s+").matcher(lower);
        List<int[]> groupings = new ArrayList<>();
        while (by.find()) {
            int end = by.end();
            Matcher word = WORD.matcher(lower);
            int last = by.end();
            while (word.find(end)) {
                int at = word.start();
                String w = word.group();
                boolean period = periods.stream().anyMatch(p -> p.start() <= at && at < p.end());
                if (period || AFTER_GROUP.contains(w) || lower.substring(end, at).strip().matches(".*[,;?].*")) {
                    break;
                }
                last = word.end();
                end = word.end();
            }
            String said = lower.substring(by.end(), last).replaceFirst("^the\\s+", "");
            Column c = columnNamed(said, dataset);
            boolean per = by.group().startsWith("per");
            if (said.isBlank() || c != null && numeric(c)
                    || per && (CALENDAR.contains(Words.singular(said)) || c != null && ColumnRoles.identifier(c))) {
                // "by revenue" after a ranking is the measure it ranks by, and "average revenue per order" or "orders
                // per month" the unit of an average: neither is a grouping to replace
                continue;
            }
            groupings.add(new int[] {by.start(), last});
        }
        if (groupings.size() > 1) {
            return null;
        }
        if (groupings.isEmpty()) {
            return text + " by " + group;
        }
        int[] span = groupings.get(0);
        return replace(text, span, further ? text.substring(span[0], span[1]) + " and " + group : "by " + group);
    }

    /** The fragment without the words around a value or a column: "for the West" → "west". */
    private static String core(String fragment) {
        List<String> words = new ArrayList<>(Arrays.asList(fragment.split("\\s+")));
        while (!words.isEmpty() && AROUND.contains(words.get(0))) {
            words.remove(0);
        }
        return String.join(" ", words).strip();
    }

    /** The value without the column named after it: "east region" → "east" where Region holds East. */
    private static String valueSaid(String core, Dataset dataset) {
        int space = core.lastIndexOf(' ');
        if (space > 0) {
            String value = core.substring(0, space).strip();
            Column named = columnNamed(core.substring(space + 1), dataset);
            if (named != null && holdersOf(value, dataset).contains(named)) {
                return value;
            }
        }
        return core;
    }

    /** Text columns holding the value the words say (singular or plural, any case). */
    private static List<Column> holdersOf(String core, Dataset dataset) {
        String key = Words.valueKey(core);
        List<Column> holders = new ArrayList<>();
        for (Column c : dataset.columns()) {
            if (c.kind() != Dataset.Kind.TEXT) {
                continue;
            }
            for (String v : c.topValues()) {
                String value = Words.valueKey(v);
                if (!value.isEmpty() && (value.equals(key) || Words.singular(key).equals(value)
                        || (value + "s").equals(key) || (value + "es").equals(key))) {
                    holders.add(c);
                    break;
                }
            }
        }
        return holders;
    }

    /** The value as the data holds it where the words are exactly that value ("west" → "West"), else the words. */
    private static String heldAs(String core, List<Column> holders) {
        for (Column c : holders) {
            for (String v : c.topValues()) {
                if (Words.valueKey(v).equals(Words.valueKey(core))) {
                    return v.strip();
                }
            }
        }
        return core;
    }

    /** The one column the words name ("unit price", "units", "the product"), or null. */
    private static Column columnNamed(String words, Dataset dataset) {
        List<String> said = Words.nameWords(words);
        if (said.isEmpty()) {
            return null;
        }
        String key = Words.key(said);
        List<Column> exact = new ArrayList<>();
        List<Column> within = new ArrayList<>();
        for (Column c : dataset.columns()) {
            List<String> name = Words.nameWords(c.name());
            if (Words.key(name).equals(key) || Words.plainKey(c.name()).equals(Words.plainKey(words))) {
                exact.add(c);
            } else if (name.containsAll(said)) {
                within.add(c);
            }
        }
        List<Column> found = exact.isEmpty() ? within : exact;
        return found.size() == 1 ? found.get(0) : null;
    }

    /** Where the question names a column: its name's words in order, any separators, singular or plural. */
    private static int[] mention(Column c, String lower) {
        List<String> name = Words.nameWords(c.name());
        if (name.size() > 1 && name.get(name.size() - 1).length() <= 3) {
            int[] whole = mention(name, lower);
            return whole != null ? whole : mention(name.subList(0, name.size() - 1), lower); // temperature_c, weight_kg
        }
        return mention(name, lower);
    }

    private static int[] mention(List<String> name, String lower) {
        if (name.isEmpty()) {
            return null;
        }
        StringBuilder regex = new StringBuilder("(?<![\\p{L}\\p{N}])(?:");
        for (int i = 0; i < name.size(); i++) {
            regex.append(i == 0 ? "" : "[\\s_-]*").append(Pattern.quote(name.get(i))).append("(?:e?s)?");
        }
        regex.append(")(?![\\p{L}\\p{N}])");
        List<int[]> found = spans(Pattern.compile(regex.toString()), lower);
        return found.size() == 1 ? found.get(0) : null;
    }

    private static boolean numeric(Column c) {
        return c.kind() == Dataset.Kind.NUMBER;
    }

    /** Any of the words, whole. */
    private static Pattern anyWord(Set<String> words) {
        return Pattern.compile("\\b(?:" + String.join("|", words.stream().map(Pattern::quote).toList()) + ")\\b");
    }

    private static List<int[]> spans(Pattern p, String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
        }
        return spans;
    }

    /** A question's text single-spaced, without its closing punctuation. */
    private static String plain(String question) {
        return question.strip().replaceAll("\\s+", " ").replaceAll("[?.!\\s]+$", "");
    }

    private static String replace(String text, int[] span, String with) {
        return text.substring(0, span[0]) + with + text.substring(span[1]);
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            words.add(m.group());
        }
        return words;
    }
}
