package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import dev.insight.chat.analyst.Plan.Bucket;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a column is for, read from its name, kind and summary: an identifier (order_id), a level or rate that is
 * averaged rather than added (unit_price, age, a 0–1 discount), money, a period (Year, Month), free text, a yes/no
 * column. The planner's rules ask these questions; the answers never depend on the question.
 */
final class ColumnRoles {

    /** Last words of numeric columns that name things rather than measure them. */
    private static final Set<String> IDENTIFIER_ENDINGS = Set.of("id", "key", "code");
    /** Words of numeric column names whose values are rates or levels, never added up: price, age, temperature. */
    private static final Set<String> NON_ADDITIVE = Set.of("price", "rate", "ratio", "percent", "percentage", "pct",
            "temperature", "temp", "score", "rating", "age", "salary", "wage", "latitude", "longitude", "lat", "lon",
            "lng", "avg", "average", "mean", "grade", "speed", "humidity", "pressure", "margin", "share", "probability",
            "battery", "voltage", "volt", "level", "ph", "density", "concentration", "index", "efficiency", "utilization",
            "utilisation", "load", "signal", "rssi", "ctr", "roi", "roas", "satisfaction", "nps", "csat", "stars",
            "sentiment", "happiness", "likert", "balance");

    private static final Set<String> YES = Set.of("yes", "y", "true", "t");
    static final Set<String> YES_OR_NO = Set.of("yes", "y", "true", "t", "no", "n", "false", "f");

    private ColumnRoles() {
    }

    /** The "yes" of a text column holding only yes/no (or true/false) values; null for any other column. */
    static String yesValue(Column c) {
        if (c.kind() != Dataset.Kind.TEXT || c.topValues().isEmpty() || c.distinctCount() == null
                || c.distinctCount() > 2 || c.topValues().size() != c.distinctCount()) {
            return null;
        }
        String yes = null;
        for (String v : c.topValues()) {
            String key = v.strip().toLowerCase(Locale.ROOT);
            if (!YES_OR_NO.contains(key)) {
                return null;
            }
            yes = YES.contains(key) ? v : yes;
        }
        return yes;
    }

    /** A calendar month, quarter or year, as the bucket that groups by it; null for any other span. */
    static Bucket span(Plan.DateRange r) {
        if (r.from() == null || r.to() == null || r.from().getDayOfMonth() != 1) {
            return null;
        }
        if (r.to().equals(r.from().plusMonths(1))) {
            return Bucket.MONTH;
        }
        if (r.to().equals(r.from().plusMonths(3)) && (r.from().getMonthValue() - 1) % 3 == 0) {
            return Bucket.QUARTER;
        }
        return r.from().getMonthValue() == 1 && r.to().equals(r.from().plusYears(1)) ? Bucket.YEAR : null;
    }

    /** A numeric column of rates or levels (unit_price, age, temperature) whose sum means nothing. */
    /**
     * Whether a zero in this numeric column means "none": a discount, a price or an amount of 0 is no discount,
     * price or amount; a temperature, an age or a level of 0 is a value like any other.
     */
    static boolean zeroMeansNone(Column c) {
        return c.numeric() && (fraction(c) || !nonAdditive(c) || money(c));
    }

    static boolean nonAdditive(Column c) {
        List<String> words = Words.nameWords(c.name());
        return words.stream().anyMatch(NON_ADDITIVE::contains) || words.size() > 1 && words.get(0).equals("unit")
                && !words.get(words.size() - 1).equals("sold") || fraction(c);
    }

    private static final Set<String> MONEY = Set.of("sale", "sales", "revenue", "amount", "cost", "spend", "price",
            "profit", "value", "income", "budget", "fee", "tax", "salary", "wage", "margin", "turnover", "debit", "credit",
            "payment", "expense", "charge", "deposit", "withdrawal", "balance", "spending", "refund");

    private static final Set<String> FREE_TEXT = Set.of("comment", "note", "memo", "description", "remark", "feedback",
            "message", "text", "notes");

    private static final Set<String> SCORES = Set.of("satisfaction", "nps", "csat", "stars", "sentiment", "happiness",
            "likert", "score", "rating", "grade", "avg", "average", "mean");

    /**
     * Scores and columns that already hold averages: "the country with the lowest satisfaction" is judged on its
     * average, while "the sensor with the highest temperature" is the one with the peak reading.
     */
    static boolean judgedOnAverage(Column c) {
        return Words.nameWords(c.name()).stream().anyMatch(SCORES::contains);
    }

    private static final Set<String> CALENDAR = Set.of("year", "month", "quarter", "week", "day", "yr", "mon");

    /** A column whose values are amounts to compute with: numeric, neither an identifier nor a calendar part. */
    static boolean measurable(Column c) {
        return c.numeric() && !identifier(c) && !calendar(c);
    }

    /** A number or text column naming a period (Year, Month, fiscal_year): a dimension, never a measure. */
    static boolean calendar(Column c) {
        List<String> words = Words.nameWords(c.name());
        return !words.isEmpty() && CALENDAR.contains(words.get(words.size() - 1)) && !c.temporal();
    }

    /** A column of per-row averages (avg_time_sec, mean_price): not to be averaged or added again. */
    static boolean preAveraged(Column c) {
        return Words.nameWords(c.name()).stream().anyMatch(w -> w.equals("avg") || w.equals("average") || w.equals("mean"));
    }

    /** A column of free text (comments, notes): "how many comments" counts those written, not distinct texts. */
    static boolean freeText(Column c) {
        return c.kind() == Dataset.Kind.TEXT && Words.nameWords(c.name()).stream().anyMatch(FREE_TEXT::contains);
    }

    /** A column of money (sales, revenue, cost…): "how many" of it counts rows rather than adding dollars. */
    static boolean money(Column c) {
        return Words.nameWords(c.name()).stream().anyMatch(MONEY::contains);
    }

    /** A column of fractions (a discount of 0.1, a share of 0.25): decimals, all between 0 and 1. */
    private static boolean fraction(Column c) {
        if (!c.numeric() || c.min() == null || c.max() == null || c.type() == null
                || c.type().toUpperCase(Locale.ROOT).contains("INT")) {
            return false;
        }
        try {
            return new BigDecimal(c.min()).signum() >= 0 && new BigDecimal(c.max()).compareTo(BigDecimal.ONE) <= 0
                    && new BigDecimal(c.max()).signum() > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A numeric column that names things rather than measures them: order_id, ZipCode, customer_key. */
    static boolean identifier(Column c) {
        List<String> words = Words.nameWords(c.name());
        return !words.isEmpty() && IDENTIFIER_ENDINGS.contains(words.get(words.size() - 1));
    }
}
