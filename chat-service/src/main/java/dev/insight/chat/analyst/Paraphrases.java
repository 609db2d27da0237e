package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everyday wordings said again in the words the planner reads, before it reads them: a superlative adjective of a
 * dimension the table measures ("the heaviest shipment", "how old is the oldest employee": the weight or age column),
 * "the least profitable" (lowest profit), a negated verb of movement ("didn't go to Chicago": not to Chicago) and a
 * unit after a number that names its column ("over 400 kg": the one column measured in kg). Each is rewritten only
 * when the table has exactly one column it can mean; otherwise the question is left as it was, to be answered or
 * declined on its own words.
 *
 * <p>What is left alone on purpose: "the heaviest shipment" said alone asks for a shipment as much as for a weight,
 * and "the coldest site" for a site ranked by some figure of its temperatures; both stay declined.
 */
final class Paraphrases {

    /** An adjective, its comparative and its superlative, the words of the column it measures, and its direction. */
    private record Adjective(String base, String superlative, Set<String> columnWords, boolean up) {
    }

    private static final List<Adjective> ADJECTIVES = List.of(
            new Adjective("heavy", "heaviest", Set.of("weight"), true),
            new Adjective("light", "lightest", Set.of("weight"), false),
            new Adjective("old", "oldest", Set.of("age"), true),
            new Adjective("young", "youngest", Set.of("age"), false),
            new Adjective("hot", "hottest", Set.of("temperature", "temp"), true),
            new Adjective("warm", "warmest", Set.of("temperature", "temp"), true),
            new Adjective("cold", "coldest", Set.of("temperature", "temp"), false),
            new Adjective("cool", "coolest", Set.of("temperature", "temp"), false));

    /** "most profitable", "least satisfied": adjectives said with most and least, and the columns they are about. */
    private static final Map<String, Set<String>> GRADED = Map.of(
            "profitable", Set.of("profit"),
            "satisfied", Set.of("satisfaction"));

    /** Nouns for a table's rows when nothing identifies them: "the hottest reading" is the highest temperature. */
    private static final Set<String> ROW_NOUNS = Set.of("reading", "row", "record", "entry", "measurement",
            "observation");

    /** Units that name the column a number is in, and the words such a column's name has. */
    private static final Map<String, Set<String>> UNITS = Map.of(
            "kg", Set.of("kg", "weight"), "kgs", Set.of("kg", "weight"), "kilograms", Set.of("kg", "weight"),
            "kilos", Set.of("kg", "weight"), "degrees", Set.of("temperature", "temp"),
            "degree", Set.of("temperature", "temp"), "celsius", Set.of("temperature", "temp"));

    private static final Pattern MOVED_NOT = Pattern.compile("\\b(?:did|does|do|was|were|is|are|has|have|had)(?:n't| not) "
            + "(go|goes|gone|come|ship|shipped|send|sent|travel(?:l?ed)?|head(?:ed)?|arrive[ds]?|deliver(?:ed)?) "
            + "(to|from|into|via)\\b");
    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile(
            "\\b(over|above|under|below|(?:more|less|greater|fewer|higher|lower) than|at (?:least|most)) "
            + "(-?\\d[\\d,.]*|zero) ([a-z]+)\\b");
    private static final Pattern IN_UNIT = Pattern.compile(" in ([a-z]+)(?=$|[ ?.!,])");

    /** Long forms of words that column names shorten: "battery voltage" for battery_v, "time in seconds" for _sec. */
    private static final Map<String, String> SHORTENED = Map.of("voltage", "v", "volts", "v", "seconds", "sec",
            "temperature", "temp", "amount", "amt");
    /** Words said after a column's name that add nothing to it: "satisfaction score" is the satisfaction column. */
    private static final Set<String> NAME_TAILS = Set.of("score", "scores", "rating", "ratings", "level", "levels");

    private final Dataset dataset;

    private Paraphrases(Dataset dataset) {
        this.dataset = dataset;
    }

    /** The question (lower case, as the planner's tokeniser reads it) with the wordings above said plainly. */
    static String plainly(String lower, Dataset dataset) {
        Paraphrases p = new Paraphrases(dataset);
        String q = MOVED_NOT.matcher(lower).replaceAll("not $2");
        // "left from Chicago", "left for Boston": where shipments start and end; "left no comment": without one
        q = q.replaceAll("\\bleft from\\b", "from").replaceAll("\\bleft for\\b", "to").replaceAll("\\bleft no\\b", "with no");
        q = p.shortened(q);
        q = p.nameTails(q);
        q = p.units(q);
        for (Adjective a : ADJECTIVES) {
            q = p.superlative(q, a);
        }
        for (Map.Entry<String, Set<String>> g : GRADED.entrySet()) {
            q = p.graded(q, g.getKey(), g.getValue());
        }
        return q;
    }

    /**
     * "how heavy was the heaviest shipment" → "what was the maximum weight_kg"; "the youngest age", "the heaviest
     * shipment weight", "the lightest shipment in kg" → "the minimum …"; "the hottest reading" → "the maximum
     * temperature_c" when readings have no identifier of their own.
     */
    private String superlative(String q, Adjective a) {
        if (!q.matches("(?s).*\\b" + a.superlative() + "\\b.*")) {
            return q;
        }
        Column column = onlyColumn(a.columnWords());
        if (column == null) {
            return q;
        }
        String name = column.name().toLowerCase(Locale.ROOT);
        String extreme = a.up() ? "maximum" : "minimum";
        // "how old is our oldest employee": the figure itself
        Matcher how = Pattern.compile("\\bhow " + a.base() + " (is|was|are|were) (?:(?:the|our|my|your) )?"
                + a.superlative() + "(?: ([a-z]+)(?:'s)?)?\\b").matcher(q);
        if (how.find()) {
            return q.substring(0, how.start()) + "what " + how.group(1) + " the " + extreme + " " + name
                    + of(how.group(2)) + q.substring(how.end());
        }
        // "the age of the oldest person in Sales": the column, named before
        Matcher of = Pattern.compile("\\b([a-z]+) of (?:the|our|my|your) " + a.superlative()
                + "(?: ([a-z]+(?:-[a-z]+)?)(?:'s)?)?\\b").matcher(q);
        if (of.find() && names(column, of.group(1))) {
            // the noun stays when it says more than the rows ("the oldest non-manager": of non-managers)
            String noun = of.group(2);
            return q.substring(0, of.start()) + extreme + " " + name + (noun != null && noun.contains("-") ? " of " + noun
                    : of(noun)) + q.substring(of.end());
        }
        Matcher m = Pattern.compile("\\b" + a.superlative() + "(?: ([a-z]+)(?:'s)?)?(?: ([a-z]+))?").matcher(q);
        if (!m.find()) {
            return q;
        }
        String next = m.group(1);
        String after = m.group(2);
        if (next != null && names(column, next)) {
            return q.substring(0, m.start()) + extreme + q.substring(m.start() + a.superlative().length()); // "youngest age"
        }
        if (next != null && after != null && names(column, after)) {
            // "heaviest shipment weight", "youngest employee's age": the column, of those things
            return q.substring(0, m.start()) + extreme + " " + after + q.substring(m.end());
        }
        String rest = q.substring(m.end());
        Matcher unit = IN_UNIT.matcher(rest);
        if (next != null && unit.find() && names(column, unit.group(1))) {
            // "the lightest shipment to Austin in kg": the figure, in the column's unit
            rest = rest.substring(0, unit.start()) + rest.substring(unit.end());
            return q.substring(0, m.start()) + extreme + " " + name + of(next) + (after == null ? "" : " " + after) + rest;
        }
        if (next != null && ROW_NOUNS.contains(Words.singular(next)) && !identified(Words.singular(next))) {
            return q.substring(0, m.start()) + extreme + " " + name + (after == null ? "" : " " + after) + rest;
        }
        return q;
    }

    /** "which sub-category is the least profitable" → "which sub-category has the lowest profit". */
    private String graded(String q, String adjective, Set<String> words) {
        Matcher m = Pattern.compile("\\b(?:is|are|was|were) (?:the )?(most|least) " + adjective + "\\b").matcher(q);
        if (!m.find() || !q.substring(0, m.start()).matches("(?s).*\\b(which|what)\\b.*")) {
            return q;
        }
        Column column = onlyColumn(words);
        if (column == null) {
            return q;
        }
        return q.substring(0, m.start()) + "has the " + (m.group(1).equals("most") ? "highest " : "lowest ")
                + column.name().toLowerCase(Locale.ROOT) + q.substring(m.end());
    }

    /** "shipments over 400 kg" → "shipments with weight_kg over 400 kg" when no word of the question names it. */
    private String units(String q) {
        Matcher m = NUMBER_WITH_UNIT.matcher(q);
        if (!m.find() || !UNITS.containsKey(m.group(3))) {
            return q;
        }
        Column column = onlyColumn(UNITS.get(m.group(3)));
        if (column == null) {
            return q;
        }
        for (String word : q.split("[^a-z0-9_]+")) {
            if (!word.equals(m.group(3)) && (names(column, word) || word.startsWith("weigh") && !word.startsWith("weight")
                    || word.equals(column.name().toLowerCase(Locale.ROOT)))) {
                return q; // the column is named already: "weighing over 400 kg", "temperature above 30 degrees"
            }
        }
        return q.substring(0, m.start()) + "with " + column.name().toLowerCase(Locale.ROOT) + " " + q.substring(m.start());
    }

    /**
     * What the noun after a superlative adds: nothing when it names the table's rows or the things its identifier
     * names ("the oldest employee": employees are the rows), else " of" it ("the oldest manager": of managers).
     */
    private String of(String noun) {
        if (noun == null || Words.FILLER.contains(noun)) {
            return "";
        }
        String thing = Words.singular(noun);
        boolean rows = ROW_NOUNS.contains(thing) || identified(thing)
                || dataset.name() != null && Words.nameWords(dataset.name()).contains(thing);
        return rows ? "" : " of " + noun;
    }

    /** "battery voltage" → "battery v" where a column is named battery_v and none has the long word. */
    private String shortened(String q) {
        for (Map.Entry<String, String> e : SHORTENED.entrySet()) {
            if (q.matches("(?s).*\\b" + e.getKey() + "\\b.*") && !anyColumnHas(Words.singular(e.getKey()))
                    && anyColumnHas(e.getValue())) {
                q = q.replaceAll("\\b" + e.getKey() + "\\b", e.getValue());
            }
        }
        return q;
    }

    /** "satisfaction score" → "satisfaction" where a column is named so and none is named with "score". */
    private String nameTails(String q) {
        for (Column c : dataset.columns()) {
            String name = c.name().toLowerCase(Locale.ROOT);
            if (!name.matches("[a-z]+")) {
                continue;
            }
            Matcher m = Pattern.compile("\\b" + name + " ([a-z]+)\\b").matcher(q);
            if (m.find() && NAME_TAILS.contains(m.group(1)) && !anyColumnHas(Words.singular(m.group(1)))) {
                q = q.substring(0, m.start()) + name + q.substring(m.end());
            }
        }
        return q;
    }

    private boolean anyColumnHas(String word) {
        return dataset.columns().stream().anyMatch(c -> Words.nameWords(c.name()).contains(word));
    }

    /** The one numeric measure column whose name has one of the words, or null when there is none or several. */
    private Column onlyColumn(Set<String> words) {
        Column found = null;
        for (Column c : dataset.columns()) {
            if (c.numeric() && !ColumnRoles.identifier(c) && Words.nameWords(c.name()).stream().anyMatch(words::contains)) {
                if (found != null) {
                    return null;
                }
                found = c;
            }
        }
        return found;
    }

    private static boolean names(Column column, String word) {
        return word.length() > 1 && Words.nameWords(column.name()).contains(Words.singular(word));
    }

    /** Whether an identifier column names these things ("shipment" for shipment_id). */
    private boolean identified(String thing) {
        return dataset.columns().stream().anyMatch(c -> ColumnRoles.identifier(c)
                && Words.nameWords(c.name()).contains(thing));
    }
}
