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

    /**
     * An adjective and its superlative, the words of the column it measures, its direction, and the patterns of the
     * ways it is said (compiled once): the superlative anywhere, "how old is the oldest …", "the age of the oldest …"
     * and "the oldest [noun] [noun]".
     */
    private record Adjective(String superlative, Set<String> columnWords, boolean up, Pattern said, Pattern how,
            Pattern of, Pattern before) {

        static Adjective of(String base, String superlative, Set<String> columnWords, boolean up) {
            return new Adjective(superlative, columnWords, up, Pattern.compile("\\b" + superlative + "\\b"),
                    Pattern.compile("\\bhow " + base + " (is|was|are|were) (?:(?:the|our|my|your) )?" + superlative
                            + "(?: ([a-z]+)(?:'s)?)?\\b"),
                    Pattern.compile("\\b([a-z]+) of (?:the|our|my|your) " + superlative
                            + "(?: ([a-z]+(?:-[a-z]+)?)(?:'s)?)?\\b"),
                    Pattern.compile("\\b" + superlative + "(?: ([a-z]+)(?:'s)?)?(?: ([a-z]+))?"));
        }
    }

    private static final List<Adjective> ADJECTIVES = List.of(
            Adjective.of("heavy", "heaviest", Set.of("weight"), true),
            Adjective.of("light", "lightest", Set.of("weight"), false),
            Adjective.of("old", "oldest", Set.of("age"), true),
            Adjective.of("young", "youngest", Set.of("age"), false),
            Adjective.of("hot", "hottest", Set.of("temperature", "temp"), true),
            Adjective.of("warm", "warmest", Set.of("temperature", "temp"), true),
            Adjective.of("cold", "coldest", Set.of("temperature", "temp"), false),
            Adjective.of("cool", "coolest", Set.of("temperature", "temp"), false));

    /** An adjective said with most and least, the words of the column it is about, and how it is said. */
    private record Graded(Set<String> columnWords, Pattern said) {

        static Graded of(String adjective, String... columnWords) {
            return new Graded(Set.of(columnWords),
                    Pattern.compile("\\b(?:is|are|was|were) (?:the )?(most|least) " + adjective + "\\b"));
        }
    }

    /** "most profitable", "least satisfied". */
    private static final List<Graded> GRADED = List.of(Graded.of("profitable", "profit"),
            Graded.of("satisfied", "satisfaction"));
    private static final Pattern WHICH = Pattern.compile("\\b(which|what)\\b");

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
    private static final Pattern LONG_FORM = Pattern.compile("\\b(" + String.join("|", SHORTENED.keySet()) + ")\\b");
    /** A word and one said after a column's name that adds nothing to it: "satisfaction score" is satisfaction. */
    private static final Pattern NAME_TAIL = Pattern.compile("\\b([a-z]+) (score|scores|rating|ratings|level|levels)\\b");
    private static final Pattern LEFT = Pattern.compile("\\bleft (from|for|no)\\b");

    private final Dataset dataset;

    private Paraphrases(Dataset dataset) {
        this.dataset = dataset;
    }

    /** The question (lower case, as the planner's tokeniser reads it) with the wordings above said plainly. */
    static String plainly(String lower, Dataset dataset) {
        Paraphrases p = new Paraphrases(dataset);
        String q = MOVED_NOT.matcher(lower).replaceAll("not $2");
        // "left from Chicago", "left for Boston": where shipments start and end; "left no comment": without one
        q = LEFT.matcher(q).replaceAll(m -> switch (m.group(1)) {
            case "from" -> "from";
            case "for" -> "to";
            default -> "with no";
        });
        q = p.shortened(q);
        q = p.nameTails(q);
        q = p.units(q);
        for (Adjective a : ADJECTIVES) {
            q = p.superlative(q, a);
        }
        for (Graded g : GRADED) {
            q = p.graded(q, g);
        }
        return q;
    }

    /**
     * "how heavy was the heaviest shipment" → "what was the maximum weight_kg"; "the youngest age", "the heaviest
     * shipment weight", "the lightest shipment in kg" → "the minimum …"; "the hottest reading" → "the maximum
     * temperature_c" when readings have no identifier of their own.
     */
    private String superlative(String q, Adjective a) {
        if (!a.said().matcher(q).find()) {
            return q;
        }
        Column column = onlyColumn(a.columnWords());
        if (column == null) {
            return q;
        }
        String name = column.name().toLowerCase(Locale.ROOT);
        String extreme = a.up() ? "maximum" : "minimum";
        // "how old is our oldest employee": the figure itself
        Matcher how = a.how().matcher(q);
        if (how.find()) {
            return q.substring(0, how.start()) + "what " + how.group(1) + " the " + extreme + " " + name
                    + of(how.group(2)) + q.substring(how.end());
        }
        // "the age of the oldest person in Sales": the column, named before
        Matcher of = a.of().matcher(q);
        if (of.find() && names(column, of.group(1))) {
            // the noun stays when it says more than the rows ("the oldest non-manager": of non-managers)
            String noun = of.group(2);
            return q.substring(0, of.start()) + extreme + " " + name + (noun != null && noun.contains("-") ? " of " + noun
                    : of(noun)) + q.substring(of.end());
        }
        Matcher m = a.before().matcher(q);
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
    private String graded(String q, Graded graded) {
        Matcher m = graded.said().matcher(q);
        if (!m.find() || !WHICH.matcher(q.substring(0, m.start())).find()) {
            return q;
        }
        Column column = onlyColumn(graded.columnWords());
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
        return LONG_FORM.matcher(q).replaceAll(m -> {
            String shorter = SHORTENED.get(m.group(1));
            return !anyColumnHas(Words.singular(m.group(1))) && anyColumnHas(shorter) ? shorter : m.group(1);
        });
    }

    /** "satisfaction score" → "satisfaction" where a column is named so and none is named with "score". */
    private String nameTails(String q) {
        return NAME_TAIL.matcher(q).replaceAll(m -> columnNamed(m.group(1)) && !anyColumnHas(Words.singular(m.group(2)))
                ? m.group(1) : m.group());
    }

    private boolean columnNamed(String word) {
        return dataset.columns().stream().anyMatch(c -> c.name().toLowerCase(Locale.ROOT).equals(word));
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
