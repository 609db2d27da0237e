package dev.insight.chat.analyst;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Periods and numbers said in words, rewritten in the words the planner reads before it reads them: "in 2021 or
 * later" → "since 2021", "the first half of 2024" → "january through june 2024", "the first 10 days of March 2024" →
 * "between 2024-03-01 and 2024-03-10", "a hundred thousand" → "100000". Nothing here depends on the table; what a
 * phrase cannot say exactly ("the first 40 days of February") is left as it was, for the planner to decline.
 */
final class CalendarWords {

    /** "since before 2016": before it; "through the end of 2023": through it. */
    private static final Pattern SINCE_BEFORE = Pattern.compile("\\bsince before\\b");
    private static final Pattern END_OF = Pattern.compile("\\b(?:through|until|till|up to) the end of\\b");

    /** "the first half of 2024", "the last quarter of 2024": the months they are. */
    private static final Pattern HALF = Pattern.compile("\\b(?:the )?(first|1st|second|2nd|last) half of (\\d{4})\\b");
    private static final Pattern QUARTER_OF = Pattern.compile(
            "\\b(?:the )?(first|1st|last|fourth|4th) quarter of (\\d{4})\\b");
    private static final String MONTH = DateMentions.MONTH;
    /** "the first 10 days of March 2024", "the first week of April 2024", "the last 7 days of 2024": those dates. */
    private static final Pattern FIRST_DAYS = Pattern.compile("\\b(?:(?:during|in|over|within) )?(?:the )?(first|last) "
            + "(?:(\\d{1,2}|[a-z]+) )?(days?|weeks?) of (?:" + MONTH + " )?(\\d{4})\\b");
    /** "between January 15 and January 31 2024": one year for both days. */
    private static final Pattern BETWEEN_DAYS = Pattern.compile("\\bbetween " + MONTH + " (\\d{1,2})(?:st|nd|rd|th)? and "
            + MONTH + " (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})\\b");
    /** "a hundred thousand", "three hundred", "1.6 million", "half a million", "minus 2": numbers said in words. */
    private static final Pattern HUNDREDS = Pattern.compile("(?<![\\d.,])\\b(a|an|one|two|three|four|five|six|seven|"
            + "eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|half a|half an|\\d+(?:\\.\\d+)?) "
            + "(hundred|thousand|million)(?: (thousand))?\\b(?! and)");
    private static final Pattern MINUS = Pattern.compile("\\bminus (\\d|[a-z]+\\b)");
    private static final String PERIOD = "((?:" + MONTH + " |q[1-4] )?\\d{4})";
    /** "in 2021 or later", "from 2021 onwards": since; "in 2020 or earlier": through. */
    private static final Pattern LATER = Pattern.compile("\\b(?:(?:in|from|during) )?" + PERIOD
            + " (?:(?:or|and) (?:later|after|since)|onwards?|and beyond)\\b");
    private static final Pattern EARLIER = Pattern.compile("\\b(?:(?:in|during) )?" + PERIOD
            + " (?:or|and) (?:earlier|before)\\b");

    private CalendarWords() {
    }

    /** The question (lower case) with its periods and numbers said plainly. */
    static String plainly(String q) {
        q = LATER.matcher(q).replaceAll("since $1");
        q = EARLIER.matcher(q).replaceAll("through $1");
        q = SINCE_BEFORE.matcher(q).replaceAll("before");
        q = END_OF.matcher(q).replaceAll("through");
        return calendarPhrases(numbersInWords(q));
    }

    /**
     * "a hundred thousand" → "100000", "three hundred" → "300", "minus 2" and "minus two" → "-2". ("A hundred and
     * twenty thousand" is left alone: read in parts it would be two numbers.)
     */
    private static String numbersInWords(String q) {
        String digits = HUNDREDS.matcher(q).replaceAll(m -> {
            String n = m.group(1);
            java.math.BigDecimal base = n.matches("[\\d.]+") ? new java.math.BigDecimal(n)
                    : n.startsWith("half") ? new java.math.BigDecimal("0.5") : n.startsWith("a") ? java.math.BigDecimal.ONE
                    : java.math.BigDecimal.valueOf(Words.NUMBER_WORDS.getOrDefault(n, 0));
            long times = switch (m.group(2)) {
                case "hundred" -> 100;
                case "thousand" -> 1_000;
                default -> 1_000_000;
            };
            return base.signum() == 0 ? m.group()
                    : base.multiply(java.math.BigDecimal.valueOf(times * (m.group(3) != null ? 1_000 : 1)))
                            .stripTrailingZeros().toPlainString();
        });
        return MINUS.matcher(digits).replaceAll(m -> m.group(1).matches("\\d") ? "-" + m.group(1)
                : Words.NUMBER_WORDS.containsKey(m.group(1)) ? "-" + Words.NUMBER_WORDS.get(m.group(1)) : m.group());
    }

    /**
     * Calendar phrases as the dates or months they are: "the first half of 2024" → "january through june 2024",
     * "the last quarter of 2024" → "q4 2024", "the first 10 days of march 2024" → "between 2024-03-01 and
     * 2024-03-10", "between january 15 and january 31 2024" → "between 2024-01-15 and 2024-01-31".
     */
    private static String calendarPhrases(String q) {
        String months = HALF.matcher(q).replaceAll(m -> (m.group(1).startsWith("f") || m.group(1).startsWith("1")
                ? "january through june " : "july through december ") + m.group(2));
        String quarters = QUARTER_OF.matcher(months).replaceAll(m -> (m.group(1).equals("first")
                || m.group(1).equals("1st") ? "q1 " : "q4 ") + m.group(2));
        String days = FIRST_DAYS.matcher(quarters).replaceAll(m -> {
            Integer n = m.group(2) == null ? Integer.valueOf(1) : m.group(2).matches("\\d+")
                    ? Integer.valueOf(m.group(2)) : Words.NUMBER_WORDS.get(m.group(2));
            int year = Integer.parseInt(m.group(5));
            LocalDate start = m.group(4) == null ? LocalDate.of(year, 1, 1) : LocalDate.of(year, month(m.group(4)), 1);
            LocalDate end = m.group(4) == null ? LocalDate.of(year, 12, 31) : start.plusMonths(1).minusDays(1);
            long span = n == null ? 0 : m.group(3).startsWith("week") ? 7L * n : n;
            if (span < 1 || span > end.toEpochDay() - start.toEpochDay() + 1) {
                return m.group(); // "the first 40 days of February": left for the planner to decline
            }
            boolean first = m.group(1).equals("first");
            return "between " + (first ? start : end.minusDays(span - 1)) + " and "
                    + (first ? start.plusDays(span - 1) : end);
        });
        return BETWEEN_DAYS.matcher(days).replaceAll(m -> {
            int year = Integer.parseInt(m.group(5));
            try {
                return "between " + LocalDate.of(year, month(m.group(1)), Integer.parseInt(m.group(2))) + " and "
                        + LocalDate.of(year, month(m.group(3)), Integer.parseInt(m.group(4)));
            } catch (java.time.DateTimeException e) {
                return m.group(); // "February 30": left for the planner to decline
            }
        });
    }

    private static int month(String name) {
        return DateMentions.MONTHS.get(name);
    }
}
