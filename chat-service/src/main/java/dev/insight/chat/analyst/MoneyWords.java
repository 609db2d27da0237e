package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everyday words for a ledger's money, where the table has them as columns: currencies said by name ("in euros",
 * "10,000 dollars") where a column holds their codes, and money in and out ("how much interest did we receive", "how
 * much did we spend on Payroll", "how much money went out in April") where the table has one debit and one credit
 * column.
 */
final class MoneyWords {

    private static final Map<String, String> CODES = Map.of("euro", "EUR", "euros", "EUR", "dollar", "USD", "dollars",
            "USD", "pound", "GBP", "pounds", "GBP", "yen", "JPY");
    private static final Pattern CURRENCY_NAME = Pattern.compile("\\b(euros?|dollars?|pounds?|yen)\\b");
    /** "How much interest did we receive", "how much did the Reserve account take in": money in. */
    private static final Pattern HOW_MUCH_IN = Pattern.compile("\\bhow much (?:money )?((?:[a-z]+ ){0,3}?)(?:did|do|does|has|have)"
            + " ((?:the )?[a-z ]+?) (?:receive|get|take in|bring in|collect)\\b");
    /** "How much did we spend on Payroll", "how much rent did we pay", "how much did the Operating account pay out". */
    private static final Pattern HOW_MUCH_OUT = Pattern.compile("\\bhow much (?:money )?((?:[a-z]+ ){0,3}?)(?:did|do|does|has|have)"
            + " ((?:the )?[a-z ]+?) (?:spend|pay out|pay)\\b");
    /** "How much money went out", "how much came in". */
    private static final Pattern WENT = Pattern.compile("\\bhow much (?:money |cash )?(?:went|goes|go|came|comes|come) (out|in)\\b");
    private static final Pattern SPEND = Pattern.compile("\\b(?:spend|spent|spending)\\b");
    private static final Pattern EVERYTHING = Pattern.compile("\\b(?:across|over) all\\b|\\ball (?:accounts|transactions|"
            + "debits|credits|currencies)\\b|\\bconvert|\\bexchange");
    private static final java.util.Set<String> WE = java.util.Set.of("we", "us", "i", "you", "the company", "our company");

    private MoneyWords() {
    }

    static String plainly(String lower, Dataset dataset) {
        String q = currencyCodes(lower, lower, dataset);
        Column debit = only(dataset, "debit");
        Column credit = only(dataset, "credit");
        if (debit == null || credit == null) {
            return q;
        }
        String in = credit.name().toLowerCase(Locale.ROOT);
        String outgoing = debit.name().toLowerCase(Locale.ROOT);
        q = WENT.matcher(q).replaceAll(m -> "total " + (m.group(1).equals("in") ? in : outgoing));
        q = HOW_MUCH_IN.matcher(q).replaceAll(m -> said(in, m));
        q = HOW_MUCH_OUT.matcher(q).replaceAll(m -> said(outgoing, m));
        // "Travel spend", "did the Corporate Card spend more than 8,000": what went out
        return SPEND.matcher(q).replaceAll(Matcher.quoteReplacement(outgoing));
    }

    /**
     * Currency names as the codes the currency column holds ("in euros" → "in eur"), in {@code lower}; {@code asked} is
     * the whole question they belong to (for a follow-up, the question before it too), which decides whether they may
     * be read so: not of every account ("total debits in dollars across all accounts": converted? — left to decline),
     * nor of a named account ("how much did the Operating account spend in euros": an account keeps its currency).
     */
    static String currencyCodes(String lower, String asked, Dataset dataset) {
        Column currency = currencyColumn(dataset);
        if (currency == null || EVERYTHING.matcher(asked).find() || namesAnAccount(asked, dataset)) {
            return lower;
        }
        Matcher m = CURRENCY_NAME.matcher(lower);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String code = CODES.get(m.group(1));
            boolean held = currency.topValues().stream().anyMatch(v -> v.equalsIgnoreCase(code));
            m.appendReplacement(out, held ? code.toLowerCase(Locale.ROOT) : m.group());
        }
        return m.appendTail(out).toString();
    }

    /** "total credit of interest for the reserve account": what moved, and who moved it unless it is "we". */
    private static String said(String column, java.util.regex.MatchResult m) {
        String what = m.group(1).strip();
        String who = m.group(2).strip();
        return Matcher.quoteReplacement("total " + column + (what.isEmpty() ? "" : " of " + what)
                + (WE.contains(who) ? "" : " for " + who));
    }

    /** Whether the question names a value of an account column. */
    private static boolean namesAnAccount(String lower, Dataset dataset) {
        return dataset.columns().stream().filter(c -> c.kind() == Dataset.Kind.TEXT
                && Words.nameWords(c.name()).contains("account")).flatMap(c -> c.topValues().stream())
                .anyMatch(v -> Pattern.compile("\\b" + Pattern.quote(v.toLowerCase(Locale.ROOT)) + "\\b").matcher(lower).find());
    }

    private static Column currencyColumn(Dataset dataset) {
        return dataset.columns().stream().filter(c -> c.kind() == Dataset.Kind.TEXT
                && Words.nameWords(c.name()).contains("currency")).findFirst().orElse(null);
    }

    private static Column only(Dataset dataset, String word) {
        Column found = null;
        for (Column c : dataset.columns()) {
            if (c.numeric() && Words.nameWords(c.name()).contains(word)) {
                if (found != null) {
                    return null;
                }
                found = c;
            }
        }
        return found;
    }
}
