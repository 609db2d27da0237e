package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Plan.Fn;
import dev.insight.chat.analyst.Plan.QuerySpec;
import dev.insight.chat.analyst.Plan.Shape;
import dev.insight.chat.provider.Answer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Says what a query found, in one or two sentences that carry the actual numbers and nothing invented. */
public final class AnswerWriter {

    /** Entries of a grouped result named in the sentence; the rest are in the table. */
    static final int SPOKEN_ENTRIES = 12;

    private AnswerWriter() {
    }

    /** The result of a query as the planner asked for it: columns and rows as file-service returned them. */
    public record Result(List<Answer.Column> columns, List<List<Object>> rows, boolean truncated) {
    }

    /** The sentence, and the table trimmed to what the plan asked for (the planner fetches one row more to know). */
    public record Written(String text, Answer.Table table) {
    }

    public static Written write(QuerySpec spec, Result result, String datasetLabel) {
        List<List<Object>> rows = result.rows();
        boolean more = false;
        // the query reads one row more than it shows, to know there are more; a ranking shows groups tied with its
        // last place too, up to TIED_ROWS of them
        int shown = spec.shape() == Shape.RANKED ? spec.limit() + QuerySpec.TIED_ROWS : spec.limit();
        if (spec.shape() != Shape.SINGLE && spec.shape() != Shape.RANKED_WITHIN && rows.size() > shown) {
            rows = rows.subList(0, shown);
            more = true;
        }
        Answer.Table table = new Answer.Table(result.columns(), rows, more || result.truncated() ? Boolean.TRUE : null);
        String where = where(spec);
        String in = datasetLabel == null ? "" : " in " + datasetLabel;
        if (spec.share() != null && spec.share().difference() && spec.shape() == Shape.RANKED) {
            return new Written(rankedChange(spec, rows, where, in), table);
        }
        if (spec.share() != null && (spec.share().rate() || spec.share().part() != null && spec.shape() == Shape.RANKED)) {
            return new Written(rate(spec, rows, more, where, in), table);
        }
        String text = switch (spec.shape()) {
            case SINGLE -> single(spec, rows, where, in);
            case OF_GROUPS -> {
                if (spec.groups().size() > 1) {
                    yield grouped(spec, rows, more, where, in, spec.groups().subList(0, 1), spec.describeOverGroups());
                }
                Object value = rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
                yield value == null ? "No rows" + in + " match" + conditions(spec) + ", so there is no "
                        + spec.describeOverGroups() + "."
                        : "The " + spec.describeOverGroups() + in + where + " is " + number(value) + ".";
            }
            case GROUPED -> grouped(spec, rows, more, where, in, spec.groups(), spec.measure().describe());
            case RANKED -> ranked(spec, rows, more, where, in);
            case RANKED_WITHIN -> rankedWithin(spec, rows, where, in);
            case DISTINCT_VALUES -> distinctValues(spec, rows, more, where, in);
            case PLACES_TOTAL -> {
                Object value = rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
                String places = (spec.descending() ? "top " : "bottom ") + spec.limit() + " " + spec.groups().get(0).describe()
                        + " values by " + spec.measure().describe();
                yield value == null ? "No rows" + in + " match" + conditions(spec) + ", so there is nothing to add up."
                        : "The " + spec.measure().describe() + " of the " + places + in + where
                                + " (tied places included), added up, is " + number(value) + ".";
            }
        };
        return new Written(text, table);
    }

    private static String single(QuerySpec spec, List<List<Object>> rows, String where, String in) {
        Object value = rows.isEmpty() || rows.get(0).isEmpty() ? null : rows.get(0).get(0);
        Plan.Measure m = spec.measure();
        if (spec.share() != null && spec.share().difference()) {
            String both = where.isEmpty() ? "" : " (both" + where + ")";
            if (spec.share().relative()) {
                return value == null ? "The " + m.describe() + in + " where " + spec.share().minus().describe() + both
                        + " is none or zero, so there is no change in percent to give."
                        : "From the " + m.describe() + in + " where " + spec.share().minus().describe() + " to that where "
                                + spec.share().part().describe() + both + ", the change is " + number(value) + "%.";
            }
            return value == null ? "No rows" + in + " match" + conditions(spec) + ", so there is no difference to give."
                    : "The " + m.describe() + in + " where " + spec.share().part().describe() + ", less the "
                            + m.describe() + " where " + spec.share().minus().describe() + both + ", is " + number(value) + ".";
        }
        if (spec.share() != null) {
            Object whole = rows.isEmpty() ? null : rows.get(0).get(1);
            Object percent = rows.isEmpty() ? null : rows.get(0).get(2);
            String part = "The " + m.describe() + in + " where " + spec.share().part().describe() + where.replaceFirst("^ where", " and");
            if (percent == null) {
                return part + " is " + number(value) + "; the " + m.describe() + where + " is " + number(whole)
                        + ", so there is no share to give.";
            }
            return part + " is " + number(value) + ": " + number(percent) + "% of the " + m.describe() + where
                    + " (" + number(whole) + ").";
        }
        if (m.fn() == Fn.COUNT_ROWS) {
            long n = value == null ? 0 : new BigDecimal(value.toString()).longValue();
            return (n == 1 ? "There is 1 row" : "There are " + number(value) + " rows") + in + where + ".";
        }
        if (m.fn() == Fn.COUNT_VALUES) {
            long n = value == null ? 0 : new BigDecimal(value.toString()).longValue();
            return (n == 1 ? "There is 1 row" : "There are " + number(value) + " rows") + " with a value in "
                    + m.column().name() + in + where + ".";
        }
        if (m.fn() == Fn.COUNT_DISTINCT) {
            return "There " + (isOne(value) ? "is " : "are ") + number(value) + " distinct " + m.column().name()
                    + (isOne(value) ? " value" : " values") + in + where + ".";
        }
        if (value == null) {
            return "There is no " + m.describe() + " to report" + in + where + ": no matching row has a value in "
                    + m.column().name() + ".";
        }
        return "The " + m.describe() + in + where + " is " + number(value) + ".";
    }

    private static String grouped(QuerySpec spec, List<List<Object>> rows, boolean more, String where, String in,
            List<Plan.GroupKey> groups, String measure) {
        String by = groups.stream().map(Plan.GroupKey::describe).collect(Collectors.joining(" and "));
        if (rows.isEmpty() && !spec.bounds().isEmpty()) {
            return noneMeetsBounds(spec, by, in);
        }
        if (rows.isEmpty()) {
            return "No rows" + in + " match" + conditions(spec) + ", so there is no " + measure + " by " + by + ".";
        }
        if (spec.share() != null && spec.share().part() != null) {
            return partOfEachGroup(spec, rows, more, where, in, by);
        }
        int keys = groups.size();
        if (spec.periodsWithNone()) {
            return eachGroup(capitalize(by) + " values" + in + where, rows, more, spec.limit(), row -> label(row, keys));
        }
        return eachGroup(capitalize(measure) + " by " + by + in + where, rows, more, spec.limit(),
                row -> label(row, keys) + ": " + number(row.get(keys)) + percent(spec, row, keys + 1));
    }

    /** "The number of orders where returned, as a percentage of each region's — North: 12 of 40 (30%); …". */
    private static String partOfEachGroup(QuerySpec spec, List<List<Object>> rows, boolean more, String where, String in,
            String by) {
        int keys = spec.groups().size();
        String measure = spec.measure().describe();
        return eachGroup("The " + measure + " where " + spec.share().part().describe() + ", as a percentage of the "
                + measure + " of each " + by + in + where, rows, more, spec.limit(),
                row -> label(row, keys) + ": " + number(row.get(keys)) + " of " + number(row.get(keys + 1)) + " ("
                        + percentOf(row.get(keys + 1), row.get(keys + 2)) + ")");
    }

    /** The head, then the first groups' entries, how many more the table has, and whether groups were cut. */
    private static String eachGroup(String head, List<List<Object>> rows, boolean more, int limit,
            Function<List<Object>, String> entry) {
        StringBuilder text = new StringBuilder(head).append(" — ").append(rows.stream().limit(SPOKEN_ENTRIES).map(entry)
                .collect(Collectors.joining("; ")));
        if (rows.size() > SPOKEN_ENTRIES) {
            text.append("; and ").append(rows.size() - SPOKEN_ENTRIES).append(" more in the table");
        }
        text.append('.');
        if (more) {
            text.append(" Only the first ").append(limit).append(" groups are shown; ask for fewer or filter.");
        }
        return text.toString();
    }

    /**
     * "Illinois (26,240.46) has the largest change in sales.csv, the total Sales where Order Date in 2024, less that where
     * Order Date in 2023."
     */
    private static String rankedChange(QuerySpec spec, List<List<Object>> rows, String where, String in) {
        String change = "the " + spec.measure().describe() + " where " + spec.share().part().describe() + ", less that where "
                + spec.share().minus().describe();
        if (rows.isEmpty()) {
            return "No rows" + in + " match" + conditions(spec) + ", so there is nothing to rank.";
        }
        List<String> names = rows.stream().limit(QuerySpec.TIED_ROWS).map(r -> label(r, 1) + " (" + number(r.get(1)) + ")")
                .toList();
        return String.join(", ", names) + (rows.size() > 1 && spec.limit() == 1 ? " share" : names.size() > 1 ? " have" : " has")
                + " the " + (spec.descending() ? "largest" : "smallest") + " change" + in + where + ", " + change + ".";
    }

    /**
     * "The rate of total conversions over total clicks in campaigns.csv is 2.17% (1,234 of 56,789)", by group or
     * ranked: each group's rate with the totals it comes from; a ranking of the rates of a condition ("the highest
     * share of the number of rows where status is fail") the same way.
     */
    private static String rate(QuerySpec spec, List<List<Object>> rows, boolean more, String where, String in) {
        String rate = spec.share().rate() ? "rate of " + spec.measure().describe() + " over " + spec.share().whole().describe()
                : "share of the " + spec.measure().describe() + " where " + spec.share().part().describe();
        int keys = spec.groups().size();
        if (spec.shape() == Shape.SINGLE) {
            return "The " + rate + in + where + " is " + rateOf(rows.isEmpty() ? null : rows.get(0), 0) + ".";
        }
        String by = spec.groups().stream().map(Plan.GroupKey::describe).collect(Collectors.joining(" and "));
        if (rows.isEmpty() && !spec.bounds().isEmpty()) {
            return noneMeetsBounds(spec, by, in);
        }
        if (rows.isEmpty()) {
            return "No rows" + in + " match" + conditions(spec) + ", so there is no " + rate + " by " + by + ".";
        }
        if (spec.shape() == Shape.RANKED) {
            String place = ordinal(spec.skip() + 1) + (spec.descending() ? "highest " : "lowest ");
            if (spec.limit() == 1) {
                List<String> names = rows.stream().limit(QuerySpec.TIED_ROWS).map(r -> label(r, keys)).toList();
                String who = names.size() == 1 ? names.get(0) + " has"
                        : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1)
                                + (more ? " (and more)" : "") + " share";
                return who + " the " + place + rate + in + where + ": " + rateOf(rows.get(0), keys) + ".";
            }
            return (spec.descending() ? "Top " : "Bottom ") + spec.limit() + " " + by + " by " + rate + in + where + ": "
                    + rows.stream().map(r -> label(r, keys) + ": " + rateOf(r, keys))
                            .collect(Collectors.joining("; ")) + "." + (rows.size() > spec.limit()
                                    ? " Equal rates share a place, so " + rows.size() + " are listed." : "");
        }
        return eachGroup(capitalize(rate) + " by " + by + in + where, rows, more, spec.limit(),
                row -> label(row, keys) + ": " + rateOf(row, keys));
    }

    /** "2.17% (1,234 of 56,789)"; no rate where the whole adds up to zero or has no values. */
    private static String rateOf(List<Object> row, int keys) {
        if (row == null || row.size() < keys + 3 || row.get(keys + 1) == null) {
            return "not to be had: no matching row has values";
        }
        Object percent = row.get(keys + 2);
        return (percent == null ? "not to be had (the whole is zero)" : number(percent) + "%") + " (" + number(row.get(keys))
                + " of " + number(row.get(keys + 1)) + ")";
    }

    /** "highest total revenue"; for a date's first or last moment, "latest hire_date" or "earliest order_date". */
    private static String place(QuerySpec spec, String measure) {
        Plan.Measure m = spec.measure();
        if (m != null && m.column() != null && m.column().temporal() && (m.fn() == Fn.MIN || m.fn() == Fn.MAX)
                && spec.over() == null) {
            return (spec.descending() ? "latest " : "earliest ") + m.column().name();
        }
        return (spec.descending() ? "highest " : "lowest ") + measure;
    }

    private static String ranked(QuerySpec spec, List<List<Object>> rows, boolean more, String where, String in) {
        String dimension = spec.groups().get(0).describe();
        // (ranked by each group's average of its things' totals: "average total revenue per order_id")
        String measure = spec.over() != null ? spec.describeOverGroups() : spec.measure().describe();
        if (rows.isEmpty() && spec.skip() > 0) {
            return "No " + dimension + " has the " + ordinal(spec.skip() + 1) + place(spec, measure) + in + where
                    + ": there are fewer than " + (spec.skip() + 1) + " different figures.";
        }
        if (rows.isEmpty() && !spec.bounds().isEmpty()) {
            return noneMeetsBounds(spec, dimension, in);
        }
        if (rows.isEmpty()) {
            return "No rows" + in + " match" + conditions(spec) + ", so there is nothing to rank.";
        }
        if (spec.limit() == 1 && rows.size() > 1) {
            // tied for one place: all of them (up to TIED_ROWS), never one picked by its name
            List<Object> top = rows.get(0);
            List<String> names = rows.stream().limit(QuerySpec.TIED_ROWS).map(r -> label(r, 1)).toList();
            String who = more || rows.size() > QuerySpec.TIED_ROWS
                    ? "More than " + QuerySpec.TIED_ROWS + " " + dimension + " values (" + String.join(", ", names) + ", …)"
                    : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
            return who + " share the " + ordinal(spec.skip() + 1) + place(spec, measure)
                    + in + where + ": " + number(top.get(1))
                    + (spec.share() == null ? "" : " each, " + percentOf(top.get(1), top.get(2)) + " of the total") + ".";
        }
        if (spec.limit() == 1) {
            return label(rows.get(0), 1) + " has the " + ordinal(spec.skip() + 1) + place(spec, measure) + in + where
                    + ": " + number(rows.get(0).get(1))
                    + (spec.share() == null ? "" : ", " + percentOf(rows.get(0).get(1), rows.get(0).get(2)) + " of the total") + ".";
        }
        List<String> entries = new ArrayList<>();
        for (List<Object> row : rows) {
            entries.add(label(row, 1) + " (" + number(row.get(1)) + (spec.share() == null ? "" : ", " + percentOf(row.get(1), row.get(2)))
                    + ")");
        }
        String text = (spec.descending() ? "Top " : "Bottom ") + spec.limit() + " " + dimension + " by " + measure + in + where
                + ": " + String.join(", ", entries) + ".";
        if (more) {
            text += " More " + dimension + " values tie with the last of these; the table lists the first "
                    + rows.size() + ".";
        } else if (rows.size() > spec.limit()) {
            text += " Equal figures share a place, so " + rows.size() + " are listed.";
        }
        if (rows.size() < spec.limit()) {
            text += " There " + (rows.size() == 1 ? "is" : "are") + " only " + rows.size() + " " + dimension
                    + (rows.size() == 1 ? " value." : " values.");
        }
        return text;
    }

    /** "Top 2 product by total revenue in each region — North: Widget (1,234), Gadget (1,100); South: …". */
    private static String rankedWithin(QuerySpec spec, List<List<Object>> rows, String where, String in) {
        String outer = spec.groups().get(0).describe();
        String inner = spec.groups().get(1).describe();
        String measure = spec.measure().describe();
        if (rows.isEmpty()) {
            return "No rows" + in + " match" + conditions(spec) + ", so there is nothing to rank.";
        }
        java.util.Map<String, List<String>> places = new java.util.LinkedHashMap<>();
        for (List<Object> row : rows) {
            places.computeIfAbsent(label(row, 1), k -> new ArrayList<>())
                    .add(label(row.subList(1, row.size()), 1) + " (" + number(row.get(2)) + ")");
        }
        List<String> entries = new ArrayList<>();
        boolean ties = false;
        for (java.util.Map.Entry<String, List<String>> group : places.entrySet()) {
            ties |= group.getValue().size() > spec.limit();
            if (entries.size() < SPOKEN_ENTRIES) {
                entries.add(group.getKey() + ": " + String.join(", ", group.getValue()));
            }
        }
        String head = spec.limit() == 1
                ? capitalize(inner) + " with the " + place(spec, measure) + " in each " + outer
                : (spec.descending() ? "Top " : "Bottom ") + spec.limit() + " " + inner + " by " + measure + " in each " + outer;
        StringBuilder text = new StringBuilder(head).append(in).append(where).append(" — ").append(String.join("; ", entries));
        if (places.size() > SPOKEN_ENTRIES) {
            text.append("; and ").append(places.size() - SPOKEN_ENTRIES).append(" more ").append(outer).append(" values in the table");
        }
        text.append('.');
        if (ties) {
            text.append(" Equal figures share a place, so some ").append(outer).append(" values list more than ")
                    .append(spec.limit()).append('.');
        }
        return text.toString();
    }

    private static String distinctValues(QuerySpec spec, List<List<Object>> rows, boolean more, String where, String in) {
        String column = spec.listed().name();
        if (rows.isEmpty() && !spec.bounds().isEmpty()) {
            return noneMeetsBounds(spec, column, in);
        }
        if (rows.isEmpty()) {
            return column + " has no values" + in + where + ".";
        }
        List<String> values = rows.stream().limit(50).map(r -> text(r.get(0))).toList();
        if (!spec.bounds().isEmpty()) {
            // "18 customer_id values have no row where returned is true: 4, 5, …"
            boolean one = rows.size() == 1 && !more;
            String text = (more ? "More than " + spec.limit() : Integer.toString(rows.size())) + " " + column
                    + (one ? " value" : " values") + in + (spec.filters().isEmpty() ? "" : " (" + conditions(spec).strip()
                            + ")") + (one ? " has " : " have ") + spec.having().substring(" with ".length()) + ": "
                    + String.join(", ", values) + (rows.size() > 50 ? ", …" : "") + ".";
            return more ? text + " Only the first " + spec.limit() + " are listed." : text;
        }
        String text = column + " has " + (more ? "more than " + spec.limit() : Integer.toString(rows.size())) + " distinct "
                + (rows.size() == 1 && !more ? "value" : "values") + in + where + ": " + String.join(", ", values)
                + (rows.size() > 50 ? ", …" : "") + ".";
        return more ? text + " Only the first " + spec.limit() + " are listed." : text;
    }

    /** " (27.03%)": a group's share of the whole, when shares were asked for. */
    private static String percent(QuerySpec spec, List<Object> row, int index) {
        return spec.share() == null || row.size() <= index ? "" : " (" + percentOf(row.get(index - 1), row.get(index)) + ")";
    }

    /** A figure's share of the whole: none for a group without values, none of a whole that adds up to zero. */
    private static String percentOf(Object value, Object share) {
        if (value == null) {
            return "no values, so no share";
        }
        return share == null ? "no share: the total is zero" : number(share) + "%";
    }

    /** "" for the first place, "second " for the second… */
    private static String ordinal(int place) {
        return switch (place) {
            case 1 -> "";
            case 2 -> "second ";
            case 3 -> "third ";
            case 4 -> "fourth ";
            case 5 -> "fifth ";
            default -> place + "th ";
        };
    }

    /**
     * "No region value (order_date in 2024) has total revenue over 20000.", "Every product value has a row where
     * returned is true.": no group met the bounds.
     */
    private static String noneMeetsBounds(QuerySpec spec, String by, String in) {
        String conditions = spec.filters().isEmpty() ? "" : " (" + conditions(spec).strip() + ")";
        if (spec.bounds().size() == 1 && spec.bounds().get(0).isNone()) {
            return "Every " + by + " value" + in + conditions + " has a row where " + spec.bounds().get(0).of().describe()
                    + ".";
        }
        return "No " + by + " value" + in + conditions + " has " + spec.having().substring(" with ".length()) + ".";
    }

    private static String where(QuerySpec spec) {
        String kept = spec.bounds().isEmpty() || spec.shape() == Shape.OF_GROUPS ? ""
                : ", of the " + (spec.shape() == Shape.DISTINCT_VALUES ? spec.listed().name()
                        : spec.groups().get(0).describe()) + " values" + spec.having();
        if (spec.filters().isEmpty()) {
            return kept;
        }
        return " where " + spec.filters().stream().map(Plan.Filter::describe).collect(Collectors.joining(" and ")) + kept;
    }

    private static String conditions(QuerySpec spec) {
        return spec.filters().isEmpty() ? "" : " " + spec.filters().stream().map(Plan.Filter::describe)
                .collect(Collectors.joining(" and "));
    }

    private static String label(List<Object> row, int keys) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            parts.add(row.get(i) == null ? "(none)" : text(row.get(i)));
        }
        return String.join(" / ", parts);
    }

    private static boolean isOne(Object value) {
        return value != null && new BigDecimal(value.toString()).compareTo(BigDecimal.ONE) == 0;
    }

    static String text(Object value) {
        if (value instanceof Number) {
            return number(value);
        }
        return String.valueOf(value);
    }

    /** 1234 → "1,234"; 1234.5678 → "1,234.57"; 0.001234 → "0.001234"; text stays text. */
    public static String number(Object value) {
        if (value == null) {
            return "(none)";
        }
        BigDecimal n;
        if (value instanceof BigDecimal b) {
            n = b;
        } else if (value instanceof BigInteger b) {
            n = new BigDecimal(b);
        } else if (value instanceof Number num) {
            try {
                n = new BigDecimal(num.toString());
            } catch (NumberFormatException e) {
                return num.toString();
            }
        } else {
            try {
                n = new BigDecimal(value.toString().strip());
            } catch (NumberFormatException e) {
                return value.toString();
            }
        }
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        if (n.abs().compareTo(new BigDecimal("0.01")) >= 0
                && n.setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().scale() <= 0) {
            // whole, or a sum of doubles a hair away from whole (229740.00000000003): say it as a whole number
            n = n.setScale(0, RoundingMode.HALF_UP);
        }
        if (n.stripTrailingZeros().scale() <= 0) {
            return new DecimalFormat("#,##0", symbols).format(n.setScale(0, RoundingMode.UNNECESSARY));
        }
        BigDecimal abs = n.abs();
        if (abs.compareTo(new BigDecimal("0.01")) < 0) {
            return n.round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return new DecimalFormat("#,##0.00", symbols).format(n.setScale(2, RoundingMode.HALF_UP));
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** "describe": the summary file-service computed, told as sentences and as a table of column statistics. */
    public static Written describe(Dataset dataset) {
        StringBuilder text = new StringBuilder();
        text.append(dataset.name()).append(" has ").append(number(dataset.rowCount()))
                .append(dataset.rowCount() == 1 ? " row and " : " rows and ").append(dataset.columns().size())
                .append(dataset.columns().size() == 1 ? " column" : " columns").append(':');
        List<List<Object>> rows = new ArrayList<>();
        for (Dataset.Column c : dataset.columns()) {
            text.append("\n- ").append(c.name()).append(" (").append(c.type()).append(")");
            if (c.numeric() && c.min() != null) {
                text.append(": from ").append(number(c.min())).append(" to ").append(number(c.max()));
                if (c.mean() != null) {
                    text.append(", mean ").append(number(c.mean()));
                }
            } else if (c.temporal() && c.min() != null) {
                text.append(": from ").append(c.min()).append(" to ").append(c.max());
            } else if (c.distinctCount() != null) {
                text.append(": about ").append(number(c.distinctCount())).append(" distinct values");
                if (!c.topValues().isEmpty()) {
                    text.append(", most common ").append(String.join(", ", c.topValues().subList(0, Math.min(3, c.topValues().size()))));
                }
            }
            if (c.nullCount() != null && c.nullCount() > 0) {
                text.append("; ").append(number(c.nullCount())).append(" empty");
            }
            List<Object> row = new ArrayList<>();
            row.add(c.name());
            row.add(c.type());
            row.add(c.nullCount());
            row.add(c.distinctCount());
            row.add(c.min());
            row.add(c.max());
            row.add(c.mean());
            rows.add(row);
        }
        Answer.Table table = new Answer.Table(List.of(new Answer.Column("column", "VARCHAR"),
                new Answer.Column("type", "VARCHAR"), new Answer.Column("null_count", "BIGINT"),
                new Answer.Column("distinct_count", "BIGINT"), new Answer.Column("min", "VARCHAR"),
                new Answer.Column("max", "VARCHAR"), new Answer.Column("mean", "VARCHAR")), rows, null);
        return new Written(text.toString(), table);
    }
}
