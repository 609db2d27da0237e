package dev.insight.chat.analyst;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the periods a question names ("in March 2024", "Q1 2024", "between 2024-01-01 and 2024-02-15", "since
 * 2023", "in March") in its lower-cased text. Relative periods ("last month") are reported so the planner can
 * decline them rather than guess what "now" is.
 */
final class DateMentions {

    /** The part of a {@link Mention} for a day of every year ("March 15"); its value is month × 100 + day. */
    static final String DAY_OF_YEAR = "dayofyear";
    /** The part of a {@link Mention} for a day of every week ("on Mondays"); its value is ISO's, Monday 1 … Sunday 7. */
    static final String DAY_OF_WEEK = "isodow";
    private static final List<String> WEEKDAYS = List.of("monday", "tuesday", "wednesday", "thursday", "friday",
            "saturday", "sunday");
    /** "on Mondays", "on a Friday", "every Sunday": a weekday of every week. */
    private static final Pattern WEEKDAY_BEFORE = Pattern.compile("\\b(?:on|every)\\s+(?:a\\s+|an\\s+)?$"
            + "|\\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\\s*(?:,|or|and)\\s*$");

    /**
     * A period the question names: [from, to) with from or to possibly open, or a month, quarter or day of any year
     * ({@code part} "month", "quarter" or {@link #DAY_OF_YEAR}).
     */
    record Mention(int start, int end, LocalDate from, LocalDate to, String part, int partValue, String label) {
        boolean partOfYear() {
            return part != null;
        }
    }

    /** A month's name or its abbreviation, as a capturing group. */
    static final String MONTH = "(january|february|march|april|may|june|july|august|september|october|november"
            + "|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";
    private static final String MONTH_WORD = MONTH.replaceFirst("^\\(", "(?:");
    private static final String YEAR = "((?:19|20)\\d{2})";
    private static final Pattern YEAR_VS_YEAR = Pattern.compile("(?:19|20)\\d{2}\\s+(?:vs\\.?|versus)\\s+(?:19|20)\\d{2}\\b");
    /** "March vs April": a month compared with a month, which says it is one. */
    private static final Pattern MONTH_VS_MONTH = Pattern.compile(MONTH_WORD + "\\s+(?:vs\\.?|versus)\\s+" + MONTH_WORD
            + "\\b");
    private static final Pattern ATOM = Pattern.compile(
            "\\b(?<iso>(\\d{4})-(\\d{1,2})-(\\d{1,2}))\\b"
                    + "|\\b(?<mdy>" + MONTH + "\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+" + YEAR + ")\\b"
                    + "|\\b(?<dmy>(\\d{1,2})(?:st|nd|rd|th)?\\s+" + MONTH + ",?\\s+" + YEAR + ")\\b"
                    + "|\\b(?<my>" + MONTH + ",?\\s+(?:of\\s+)?" + YEAR + ")\\b"
                    + "|\\b(?<ym>(\\d{4})-(\\d{1,2}))\\b(?!-)"
                    + "|\\b(?<qy>q([1-4])\\s+(?:of\\s+)?" + YEAR + "|" + YEAR + "\\s+q([1-4]))\\b"
                    + "|\\b(?<q>q([1-4]))\\b"
                    + "|\\b(?<y>" + YEAR + ")\\b"
                    + "|\\b(?<md>(?<mdMonth>" + MONTH_WORD + ")\\s+(?<mdDay>\\d{1,2})(?:st|nd|rd|th)?)\\b(?![.,]?\\d)"
                    + "|\\b(?<dm>(?<dmDay>\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?<dmMonth>" + MONTH_WORD + "))\\b"
                    + "|\\b(?<m>" + MONTH + ")\\b"
                    + "|\\b(?<wd>(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?)\\b");
    private static final Pattern RELATIVE = Pattern.compile(
            "\\b(last|this|next|previous|past|current|coming)\\s+(\\d+\\s+)?(days?|weeks?|months?|quarters?|years?)\\b"
                    + "|\\b(yesterday|today|tomorrow|ytd|year to date)\\b");
    private static final Set<String> CONTEXT = Set.of("vs", "versus", "or", "against", "year", "in", "during", "for", "of", "since", "after", "before", "until",
            "till", "through", "from", "between", "and", "to", "on", "within");
    static final Map<String, Integer> MONTHS = Map.ofEntries(Map.entry("january", 1), Map.entry("jan", 1),
            Map.entry("february", 2), Map.entry("feb", 2), Map.entry("march", 3), Map.entry("mar", 3),
            Map.entry("april", 4), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("june", 6), Map.entry("jun", 6),
            Map.entry("july", 7), Map.entry("jul", 7), Map.entry("august", 8), Map.entry("aug", 8),
            Map.entry("september", 9), Map.entry("sep", 9), Map.entry("sept", 9), Map.entry("october", 10),
            Map.entry("oct", 10), Map.entry("november", 11), Map.entry("nov", 11), Map.entry("december", 12),
            Map.entry("dec", 12));

    /** "March, April and May": a month right after a month and a comma. */
    private static final Pattern MONTH_LIST = Pattern.compile("\\b" + MONTH + "\\s*,\\s*$");
    /** A plain number (not a year) then "and"/"to"/"or" right before: what follows is a number too. */
    private static final Pattern NUMBER_BEFORE = Pattern.compile(
            "(?<![\\d.,])(?!(?:19|20)\\d{2}\\b)\\d[\\d,]*(?:\\.\\d+)?\\s+(?:and|to|or)\\s+$");
    private static final Pattern RANGE_DASH = Pattern.compile("\\p{L}\\s*[-–]\\s*$");
    /** A dash and a month right after: "Jan-Mar", "Jan–Mar 2024" start with a month whatever comes before. */
    private static final Pattern DASH_MONTH_AFTER = Pattern.compile("\\s*[-–]\\s*" + MONTH_WORD + "\\b");
    private static final Pattern ORDINAL_QUARTER = Pattern.compile(
            "\\b(?:the\\s+)?(first|1st|second|2nd|third|3rd|fourth|4th)\\s+quarter\\b");

    private DateMentions() {
    }

    /** "the first quarter" reads as "q1" (so that "first" is not taken for a minimum); the rest is left alone. */
    static String normalise(String lower) {
        Matcher m = ORDINAL_QUARTER.matcher(lower);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int quarter = switch (m.group(1)) {
                case "first", "1st" -> 1;
                case "second", "2nd" -> 2;
                case "third", "3rd" -> 3;
                default -> 4;
            };
            m.appendReplacement(out, "q" + quarter);
        }
        m.appendTail(out);
        return out.toString();
    }

    static boolean mentionsRelativePeriod(String lower) {
        return RELATIVE.matcher(lower).find();
    }

    /** One atomic period before operators are applied. */
    private record Atom(int start, int end, LocalDate from, LocalDate to, String part, int partValue, String text) {
    }

    static List<Mention> find(String lower) {
        List<Atom> atoms = new ArrayList<>();
        Matcher m = ATOM.matcher(lower);
        while (m.find()) {
            Atom atom = atom(m, lower);
            if (atom != null) {
                atoms.add(atom);
            }
        }
        List<Mention> mentions = new ArrayList<>();
        for (int i = 0; i < atoms.size(); i++) {
            Atom a = atoms.get(i);
            String before = lower.substring(0, a.start());
            Matcher op = Pattern.compile("\\b(between|from|after|since|before|until|till|through|up to|in|during|on|for|of|within)\\s+(the\\s+)?(year\\s+)?$")
                    .matcher(before);
            String operator = op.find() ? op.group(1) : "";
            int start = op.find(0) ? op.start() : a.start();
            if (i + 1 < atoms.size()) {
                // "between Jan 2024 and Mar 2024", "from March through May 2024", "Jan-Mar 2024", "Q1-Q2 2024"
                Atom b = atoms.get(i + 1);
                String gap = lower.substring(a.end(), b.start());
                boolean range = (operator.equals("between") || operator.equals("from"))
                        && gap.matches("\\s*(and|to|until|till|through|thru|-|–)\\s*")
                        || Set.of("", "in", "during", "for", "of").contains(operator)
                                && gap.matches("\\s*(to|until|till|through|thru|-|–)\\s*");
                if (range) {
                    Atom first = a.part() == null ? a : inYearOf(a, b);
                    String label = (operator.equals("between") ? "between " : "from ") + a.text()
                            + (operator.equals("between") ? " and " : " to ") + b.text();
                    if (first == null || b.part() != null) {
                        // "Jan-Mar": which year? The planner asks.
                        mentions.add(new Mention(start, b.end(), null, null, "ambiguous", 0, label));
                    } else {
                        mentions.add(new Mention(start, b.end(), first.from(), b.to(), null, 0, label));
                    }
                    i++;
                    continue;
                }
            }
            if (a.part() != null) {
                if (!operator.isEmpty() && !Set.of("in", "during", "for", "of", "on", "within", "from").contains(operator)) {
                    // "since March" without a year: which March? The planner declines it.
                    mentions.add(new Mention(start, a.end(), null, null, "ambiguous", 0, operator + " " + a.text()));
                } else {
                    mentions.add(new Mention(start, a.end(), null, null, a.part(), a.partValue(), a.text()));
                }
                continue;
            }
            Mention mention = switch (operator) {
                case "after" -> new Mention(start, a.end(), a.to(), null, null, 0, "after " + a.text());
                // "orders from 2024" are the orders of 2024; "since" is open-ended
                case "since" -> new Mention(start, a.end(), a.from(), null, null, 0, "since " + a.text());
                case "before" -> new Mention(start, a.end(), null, a.from(), null, 0, "before " + a.text());
                case "until", "till", "through", "up to" -> new Mention(start, a.end(), null, a.to(), null, 0,
                        "up to " + a.text());
                case "on" -> new Mention(start, a.end(), a.from(), a.to(), null, 0, "on " + a.text());
                default -> new Mention(start, a.end(), a.from(), a.to(), null, 0, "in " + a.text());
            };
            mentions.add(mention);
        }
        return mentions;
    }

    /**
     * A month or quarter said without a year, in the year of the period that ends the range ("March through May
     * 2024": March 2024); the year before when it would come after that period ("Nov-Feb 2024"). Null when the
     * end is not a calendar month or quarter, or not the same kind.
     */
    private static Atom inYearOf(Atom a, Atom end) {
        if (end.part() != null || end.from() == null || end.to() == null || end.from().getDayOfMonth() != 1) {
            return null;
        }
        boolean month = end.to().equals(end.from().plusMonths(1));
        boolean quarter = end.to().equals(end.from().plusMonths(3)) && (end.from().getMonthValue() - 1) % 3 == 0;
        if (!(a.part().equals("month") && month || a.part().equals("quarter") && quarter)) {
            return null;
        }
        int firstMonth = a.part().equals("month") ? a.partValue() : (a.partValue() - 1) * 3 + 1;
        LocalDate from = LocalDate.of(end.from().getYear(), firstMonth, 1);
        if (from.isAfter(end.from())) {
            from = from.minusYears(1);
        }
        return new Atom(a.start(), a.end(), from, null, null, 0, a.text());
    }

    private static Atom atom(Matcher m, String lower) {
        try {
            if (m.group("iso") != null) {
                LocalDate day = LocalDate.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)));
                return new Atom(m.start(), m.end(), day, day.plusDays(1), null, 0, day.toString());
            }
            if (m.group("mdy") != null) {
                LocalDate day = LocalDate.of(Integer.parseInt(m.group(8)), MONTHS.get(m.group(6)),
                        Integer.parseInt(m.group(7)));
                return new Atom(m.start(), m.end(), day, day.plusDays(1), null, 0, day.toString());
            }
            if (m.group("dmy") != null) {
                LocalDate day = LocalDate.of(Integer.parseInt(m.group(12)), MONTHS.get(m.group(11)),
                        Integer.parseInt(m.group(10)));
                return new Atom(m.start(), m.end(), day, day.plusDays(1), null, 0, day.toString());
            }
            if (m.group("my") != null) {
                LocalDate first = LocalDate.of(Integer.parseInt(m.group(15)), MONTHS.get(m.group(14)), 1);
                return new Atom(m.start(), m.end(), first, first.plusMonths(1), null, 0, monthLabel(first));
            }
            if (m.group("ym") != null) {
                LocalDate first = LocalDate.of(Integer.parseInt(m.group(17)), Integer.parseInt(m.group(18)), 1);
                return new Atom(m.start(), m.end(), first, first.plusMonths(1), null, 0, monthLabel(first));
            }
            if (m.group("qy") != null) {
                int quarter = Integer.parseInt(m.group(20) != null ? m.group(20) : m.group(23));
                int year = Integer.parseInt(m.group(21) != null ? m.group(21) : m.group(22));
                LocalDate first = LocalDate.of(year, (quarter - 1) * 3 + 1, 1);
                return new Atom(m.start(), m.end(), first, first.plusMonths(3), null, 0, "Q" + quarter + " " + year);
            }
            if (m.group("q") != null) {
                int quarter = Integer.parseInt(m.group(25));
                return new Atom(m.start(), m.end(), null, null, "quarter", quarter, "Q" + quarter);
            }
            if (m.group("y") != null) {
                // ("orders 2023 vs 2024": a year compared with a year)
                boolean compared = YEAR_VS_YEAR.matcher(lower).region(m.start(), lower.length()).lookingAt();
                if (!CONTEXT.contains(previousWord(lower, m.start())) && !compared && !bareYear(lower, m.start(), m.end())
                        || NUMBER_BEFORE.matcher(lower.substring(0, m.start())).find()) {
                    return null; // "clicks between 1000 and 2000": a number like the one before it, not a year
                }
                int year = Integer.parseInt(m.group(27));
                LocalDate first = LocalDate.of(year, 1, 1);
                return new Atom(m.start(), m.end(), first, first.plusYears(1), null, 0, Integer.toString(year));
            }
            if (m.group("md") != null || m.group("dm") != null) {
                // "on March 15", "15th of April": a day of every year, like "in March"
                if (!CONTEXT.contains(previousWord(lower, m.start()))) {
                    return null;
                }
                boolean md = m.group("md") != null;
                int month = MONTHS.get(md ? m.group("mdMonth") : m.group("dmMonth"));
                int day = Integer.parseInt(md ? m.group("mdDay") : m.group("dmDay"));
                LocalDate.of(2024, month, day); // a day some year has (February 29 too), else DateTimeException
                String name = Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + day;
                return new Atom(m.start(), m.end(), null, null, DAY_OF_YEAR, month * 100 + day, name);
            }
            if (m.group("wd") != null) {
                if (!WEEKDAY_BEFORE.matcher(lower.substring(0, m.start())).find()) {
                    return null;
                }
                String day = m.group("wd").replaceFirst("s$", "");
                String name = day.substring(0, 1).toUpperCase(Locale.ROOT) + day.substring(1) + "s";
                return new Atom(m.start(), m.end(), null, null, DAY_OF_WEEK, WEEKDAYS.indexOf(day) + 1, name);
            }
            if (m.group("m") != null) {
                // "in March", "from March", and the end of "Jan-Mar"
                if (!CONTEXT.contains(previousWord(lower, m.start()))
                        && !MONTH_VS_MONTH.matcher(lower).region(m.start(), lower.length()).lookingAt()
                        && !RANGE_DASH.matcher(lower.substring(0, m.start())).find()
                        && !MONTH_LIST.matcher(lower.substring(0, m.start())).find()
                        && !DASH_MONTH_AFTER.matcher(lower.substring(m.end())).lookingAt()) {
                    return null;
                }
                int month = MONTHS.get(m.group("m"));
                String name = Month.of(month).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                return new Atom(m.start(), m.end(), null, null, "month", month, name);
            }
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /** Words after which a bare year-like number is something else: a bound, places, an id, a value. */
    private static final Set<String> NOT_A_YEAR_AFTER = Set.of("than", "over", "under", "above", "below", "least", "most",
            "exactly", "top", "bottom", "first", "last", "no", "id", "number", "order", "customer", "employee", "shipment",
            "txn", "transaction", "respondent", "account", "invoice", "ticket", "sku", "zip", "code", "equal", "equals",
            "is", "was", "are", "were", "exceeding", "exceeds",
            "around", "about", "approximately", "roughly", "nearly", "almost", "and", "or", "to", "minus", "plus");
    /** What may follow a bare year: the end, a group, a comparison or another condition. */
    private static final Pattern AFTER_BARE_YEAR = Pattern.compile("\\s*(?:$|\\?|,|\\b(?:by|per|for|vs|versus|v|and|in"
            + "|at|on|from|with|only)\\b)");

    /**
     * "avg order value 2024", "sessions 2024 by device", "revenue north 2024": a year said bare after what it is of,
     * at the end or before a group or condition; not after a bound, a rank, an id or a verb of equality ("more than
     * 2024", "top 2023 customer", "order 2024", "is 2024"), nor after a "#" or a sign.
     */
    private static boolean bareYear(String lower, int start, int end) {
        String before = lower.substring(0, start);
        if (before.isBlank() || before.matches("(?s).*[#=<>$€£+\\-]\\s*$")) {
            return false;
        }
        String previous = previousWord(lower, start);
        // ("per order 2024": a group said before the year, not order number 2024)
        boolean grouped = previousWord(lower, Math.max(0, before.stripTrailing().length() - previous.length()))
                .matches("per|by|each|every");
        return !previous.isEmpty() && (!NOT_A_YEAR_AFTER.contains(previous) || grouped)
                && AFTER_BARE_YEAR.matcher(lower).region(end, lower.length()).lookingAt();
    }

    private static String monthLabel(LocalDate first) {
        return first.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + first.getYear();
    }

    private static String previousWord(String lower, int index) {
        Matcher m = Pattern.compile("([\\p{L}]+)\\s+(?:the\\s+)?$").matcher(lower.substring(0, index));
        return m.find() ? m.group(1) : "";
    }
}
