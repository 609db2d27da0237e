package dev.insight.chat.analyst;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How the analyst compares the words of a question with column names: case, separators and plurals do not matter. */
final class Words {

    private static final Pattern CAMEL = Pattern.compile("(?<=\\p{Ll})(?=\\p{Lu})|(?<=\\p{L})(?=\\p{N})|(?<=\\p{N})(?=\\p{L})");
    private static final Pattern PARTS = Pattern.compile("[\\p{L}\\p{N}]+");

    static final Map<String, Integer> NUMBER_WORDS = Map.ofEntries(Map.entry("zero", 0), Map.entry("one", 1),
            Map.entry("two", 2), Map.entry("three", 3), Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6),
            Map.entry("seven", 7), Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10),
            Map.entry("eleven", 11), Map.entry("twelve", 12), Map.entry("fifteen", 15), Map.entry("twenty", 20),
            Map.entry("thirty", 30), Map.entry("forty", 40), Map.entry("fifty", 50), Map.entry("sixty", 60),
            Map.entry("seventy", 70), Map.entry("eighty", 80), Map.entry("ninety", 90), Map.entry("dozen", 12));

    /** Words that carry no meaning for the planner on their own. */
    static final Set<String> FILLER = Set.of(
            "a", "an", "the", "of", "for", "in", "on", "at", "to", "from", "with", "and", "or", "is", "are", "was",
            "were", "be", "been", "what", "whats", "which", "who", "how", "me", "show", "give", "tell", "list",
            "display", "get", "find", "please", "i", "we", "our", "my", "you", "your", "can", "could", "would", "do",
            "does", "did", "there", "their", "them", "this", "that", "these", "those", "all", "data", "dataset",
            "table", "file", "sheet", "value", "values", "it", "its", "s", "about", "much", "many", "have", "has",
            "had", "sold", "sell", "selling", "sale", "made", "make", "see", "want", "know", "like", "let", "us",
            "some", "any", "whole", "overall", "entire", "across", "each", "every", "per", "by", "where", "when",
            "whose", "having", "than", "as", "so", "far", "just", "only", "also", "then", "into", "up", "out",
            "being", "recorded", "grouped", "down", "split", "group", "breakdown", "sorted", "order",
            "ordered", "rank", "ranked", "ranking", "according", "based", "using", "use", "over", "time", "trend",
            "currently", "now", "here", "versus", "vs", "compare", "compared", "comparison", "respectively", "one",
            "ones", "thing", "things", "field", "fields", "column", "columns", "row", "rows", "record", "records",
            "entry", "entries", "line", "lines", "item", "items", "distribution", "number", "amount", "quantity",
            "figures", "figure", "stats", "statistics", "result", "results", "report", "happened", "appear",
            "appears", "exist", "exists", "present", "included", "include", "contain", "contains", "contained", "generated", "got", "earned",
            "spent", "bought", "combined", "altogether", "together", "going", "headed", "heading",
            // verbs that only carry the sentence: "shipments went to Miami", "orders placed in 2023"
            "among", "amongst", "went", "go", "goes", "came", "come", "placed", "marked", "tracked", "still", "bring", "brought", "reached",
            "work", "works", "working", "responded", "replied", "answered", "run", "ran",
            "place", "placing", "generate", "generates", "landed", "anyone", "anybody", "someone", "worked", "during",
            // "the Support team": the department's people
            "team");

    private Words() {
    }

    /** A column name as comparable words: "UnitPrice", "unit_price" and "Unit Prices" all give [unit, price]. */
    static List<String> nameWords(String name) {
        List<String> words = new ArrayList<>();
        Matcher m = PARTS.matcher(CAMEL.matcher(name).replaceAll(" "));
        while (m.find()) {
            words.add(singular(m.group().toLowerCase(Locale.ROOT)));
        }
        return words;
    }

    /** The name's words joined without singularising ("SalesAmount" → "salesamount"). */
    static String plainKey(String name) {
        StringBuilder key = new StringBuilder();
        Matcher m = PARTS.matcher(CAMEL.matcher(name).replaceAll(" "));
        while (m.find()) {
            key.append(m.group().toLowerCase(Locale.ROOT));
        }
        return key.toString();
    }

    static String key(List<String> singularWords) {
        return String.join("", singularWords);
    }

    /** English plural to singular, good enough for column names (prices, categories, boxes, sales → sale). */
    static String singular(String word) {
        String w = word.toLowerCase(Locale.ROOT);
        if (w.length() <= 3 || !w.endsWith("s") || w.endsWith("ss") || w.endsWith("us") || w.endsWith("is")) {
            return w;
        }
        if (w.length() > 6 && w.matches(".*[bcnprt]uses")) {
            return w.substring(0, w.length() - 2); // statuses, bonuses, campuses, viruses (not causes, houses)
        }
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("zes")) {
            return w.substring(0, w.length() - 2);
        }
        return w.substring(0, w.length() - 1);
    }

    /** A value as comparable text: case and inner spacing do not matter. */
    static String valueKey(String value) {
        return value.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
