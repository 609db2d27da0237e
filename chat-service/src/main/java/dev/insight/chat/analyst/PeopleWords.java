package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words for people that name values or ranges of the table: countries said by abbreviation or by their people ("the
 * US", "UK respondents", "Japanese respondents", "Brazilians") where a column holds the country's name, and the groups
 * of a 0–10 net-promoter answer ("promoters" 9–10, "passives" 7–8, "detractors" 0–6) where a column is named nps.
 */
final class PeopleWords {

    /** Abbreviations, written in capitals ("us" in lower case is a pronoun: "would recommend us"). */
    private static final Pattern ABBREVIATION = Pattern.compile("(?<![\\p{L}\\p{N}])(U\\.?S\\.?A?\\.?|U\\.?K\\.?|UAE)(?![\\p{L}\\p{N}])");
    private static final Map<String, String> ABBREVIATED = Map.of("US", "United States", "USA", "United States", "UK",
            "United Kingdom", "UAE", "United Arab Emirates");
    /** A country's people, singular and plural, and its adjective. */
    private static final Map<String, String> DEMONYMS = new LinkedHashMap<>();

    static {
        String[][] names = {{"american", "United States"}, {"british", "United Kingdom"}, {"japanese", "Japan"},
            {"brazilian", "Brazil"}, {"german", "Germany"}, {"french", "France"}, {"indian", "India"},
            {"canadian", "Canada"}, {"chinese", "China"}, {"mexican", "Mexico"}, {"spanish", "Spain"},
            {"italian", "Italy"}, {"australian", "Australia"}, {"dutch", "Netherlands"}, {"swedish", "Sweden"},
            {"irish", "Ireland"}, {"korean", "South Korea"}, {"polish", "Poland"}, {"portuguese", "Portugal"}};
        for (String[] n : names) {
            DEMONYMS.put(n[0], n[1]);
        }
    }

    private static final Pattern DEMONYM = Pattern.compile("(?i)(?<![\\p{L}\\p{N}])(american|british|japanese|brazilian|"
            + "german|french|indian|canadian|chinese|mexican|spanish|italian|australian|dutch|swedish|irish|korean|polish|"
            + "portuguese)(s)?(?![\\p{L}\\p{N}])");
    private static final Pattern NPS_GROUP = Pattern.compile("\\b(?:the )?(promoters|passives|detractors)\\b");

    private PeopleWords() {
    }

    /** The question with countries said by their names, where the table holds them (before it is lower-cased). */
    static String countries(String asked, Dataset dataset) {
        Matcher a = ABBREVIATION.matcher(asked);
        StringBuilder out = new StringBuilder();
        while (a.find()) {
            String name = ABBREVIATED.get(a.group(1).replace(".", ""));
            a.appendReplacement(out, Matcher.quoteReplacement(name != null && dataset.holdsText(name) ? name : a.group()));
        }
        a.appendTail(out);
        Matcher d = DEMONYM.matcher(out.toString());
        StringBuilder named = new StringBuilder();
        while (d.find()) {
            String country = DEMONYMS.get(d.group(1).toLowerCase(Locale.ROOT));
            // "Brazilians" are respondents from Brazil; "Japanese respondents" those from Japan
            String said = !dataset.holdsText(country) ? d.group() : d.group(2) != null ? "respondents from " + country : country;
            d.appendReplacement(named, Matcher.quoteReplacement(said));
        }
        return d.appendTail(named).toString();
    }

    /**
     * "Promoters", "detractors": the rows (or the things) whose nps answer is in that group, where one numeric column
     * is named nps and holds 0–10.
     */
    static String npsGroups(String lower, Dataset dataset) {
        Column nps = null;
        for (Column c : dataset.columns()) {
            if (c.numeric() && Words.nameWords(c.name()).contains("nps")) {
                if (nps != null) {
                    return lower;
                }
                nps = c;
            }
        }
        if (nps == null || nps.max() == null || !nps.max().matches("10(\\.0+)?")) {
            return lower;
        }
        String column = nps.name().toLowerCase(Locale.ROOT);
        if (NPS_GROUP.matcher(lower).results().map(r -> r.group(1)).distinct().count() > 1) {
            return lower; // ("average satisfaction of promoters, passives and detractors": three figures, not one)
        }
        Matcher m = NPS_GROUP.matcher(lower);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String range = switch (m.group(1)) {
                case "promoters" -> column + " at least 9";
                case "passives" -> column + " between 7 and 8";
                default -> column + " at most 6";
            };
            m.appendReplacement(out, Matcher.quoteReplacement(things(dataset) + " with " + range));
        }
        return m.appendTail(out).toString();
    }

    /** What the rows are, in the plural, as an identifier names them ("respondents" for respondent_id), else "rows". */
    private static String things(Dataset dataset) {
        for (Column c : dataset.columns()) {
            java.util.List<String> words = Words.nameWords(c.name());
            if (words.size() == 2 && words.get(1).equals("id") && c.distinctCount() != null
                    && c.distinctCount() == dataset.rowCount()) {
                return words.get(0) + "s";
            }
        }
        return "rows";
    }
}
