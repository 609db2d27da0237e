package dev.insight.chat.analyst;

import dev.insight.chat.analyst.Dataset.Column;
import dev.insight.chat.analyst.Plan.Fn;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "How much more revenue did the West bring in than the East", "how many more orders were placed in 2024 than in
 * 2023": one figure for each side, planned as two questions that differ only in the side they name, and given as their
 * difference (more: the first named less the second; fewer: the second less the first). Where the two sides are not a
 * value against a value of the same column or a period against a period, or the two questions do not plan as the same
 * single figure apart from that side, there is no difference to give (the planner then declines). Changes between two
 * periods ("revenue change from 2023 to 2024", "% growth in sessions from February to March", "which product's revenue
 * grew the most from 2023 to 2024") are the same: each period planned as its own question, the later less the earlier
 * (a fall the other way round), only where the data holds both periods whole.
 */
final class Differences {

    private static final Pattern COMPARED = Pattern.compile("\\bhow (much|many) (more|less|fewer|higher|lower)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern THAN = Pattern.compile("\\bthan\\b", Pattern.CASE_INSENSITIVE);
    /** Small words between "than" and the second side: "than on Social", "than in 2023", "than the East". */
    private static final Pattern LEAD = Pattern.compile("(?:(?:the|in|on|at|for|to|from|by|during|of|with)\\s+)*",
            Pattern.CASE_INSENSITIVE);

    /** "Which product's revenue grew the most", "which sensor's average temperature rose the least": a ranked change. */
    private static final Pattern RANKED_CHANGE = Pattern.compile("^(?:which|what) ([a-z][a-z -]*?)(?:'s|’s) (.+?) "
            + "(grew|rose|increased|went up|changed|fell|dropped|declined|decreased|went down) (?:the )?(most|least)\\b",
            Pattern.CASE_INSENSITIVE);
    /** "From Q1 2024 to Q2 2024": the two periods of a change. */
    private static final Pattern FROM_TO = Pattern.compile("\\bfrom (.+?) (?:to|until|through) (\\S.*)$");
    /** "How much did revenue grow", "by how many percent did clicks grow": what grew is the rest of the question. */
    private static final Pattern CHANGE_VERB = Pattern.compile("^(?:by )?how (?:much|many percent|many %|many) (?:did|has|have|"
            + "had|was|were|does|do) (?:the )?(.+?) (?:grow|grew|grown|change|changed|increase|increased|decrease|decreased|"
            + "decline|declined|drop|dropped|rise|rose|risen|fall|fell|fallen|go up|went up|gone up|go down|went down|gone down)\\b",
            Pattern.CASE_INSENSITIVE);
    /** "% growth in sessions", "revenue change", "the percentage change of units". */
    private static final Pattern CHANGE_NOUN = Pattern.compile("(?:\\bthe )?(?:(?:%|\\bpercent|\\bpercentage|\\brelative) )?"
            + "\\b(?:change|growth|increase|decrease|decline|drop|rise)\\b(?: (?:in|of)\\b)?", Pattern.CASE_INSENSITIVE);
    /** Words of a change that say it went down: its size is the first period's figure less the second's. */
    private static final Pattern FALL = Pattern.compile("\\b(?:drop|dropped|fall|fell|fallen|decline|declined|decrease|"
            + "decreased|go down|went down|gone down|shrink|shrank|shrunk)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern YEAR = Pattern.compile("\\b(?:19|20)\\d{2}\\b");
    private static final Pattern PERCENT = Pattern.compile("%|\\bpercent|\\bpercentage|\\brelative");

    private Differences() {
    }

    /** A side of the comparison as the question writes it: its place, and the column holding it (none for a period). */
    private record Side(int start, int end, Column column) {
    }

    /**
     * The difference the question asks for, or null when it asks for none this can give; {@code planner} plans each
     * side's question.
     */
    static Plan plan(String question, Dataset dataset, BiFunction<String, Dataset, Plan> planner) {
        Plan compared = comparison(question, dataset, planner);
        if (compared == null) {
            compared = change(question, dataset, planner);
        }
        return compared != null ? compared : rankedChange(question, dataset, planner);
    }

    /**
     * "Which product's revenue grew the most from 2023 to 2024", "which sensor's average temperature rose the most from
     * March to April": each group's change (a fall: the first period less the second), ranked; asked as the figure by
     * the group in each period, which must plan as the same grouping under one different condition.
     */
    private static Plan rankedChange(String question, Dataset dataset, BiFunction<String, Dataset, Plan> planner) {
        Matcher ranked = RANKED_CHANGE.matcher(question);
        if (!ranked.find()) {
            return null;
        }
        String lower = question.toLowerCase(Locale.ROOT);
        Matcher fromTo = FROM_TO.matcher(lower);
        if (lower.length() != question.length() || !fromTo.find(ranked.end())) {
            return null;
        }
        String from = fromTo.group(1).strip();
        String after = lower.substring(fromTo.start(2));
        int length = period(after);
        if (period(from) != from.length() || length <= 0 || !lower.substring(fromTo.start(2) + length).isBlank()) {
            return null;
        }
        boolean fall = FALL.matcher(ranked.group(3)).find();
        String asked = ranked.group(2) + " by " + ranked.group(1) + " in ";
        Plan.Query earlier = grouped(planner.apply(asked + from, dataset));
        Plan.Query later = grouped(planner.apply(asked + after.substring(0, length), dataset));
        if (earlier == null || later == null) {
            return null;
        }
        Plan.QuerySpec one = (fall ? earlier : later).spec();
        Plan.QuerySpec other = (fall ? later : earlier).spec();
        Apart apart = Apart.of(one, other);
        if (apart == null || !one.groups().equals(other.groups()) || !whole(apart.one()) || !whole(apart.other())) {
            return null;
        }
        Plan.Share change = new Plan.Share(apart.one(), null, apart.other(), false);
        return new Plan.Query(new Plan.QuerySpec(Plan.Shape.RANKED, one.measure(), one.groups(), apart.common(),
                !ranked.group(4).equalsIgnoreCase("least"), 1, null, null, 0, change), Math.min(earlier.score(), later.score()));
    }

    /** A plan of one figure per group of one column, nothing else: or null. */
    private static Plan.Query grouped(Plan plan) {
        return plan instanceof Plan.Query q && q.spec().shape() == Plan.Shape.GROUPED && q.spec().groups().size() == 1
                && q.spec().share() == null && q.spec().bounds().isEmpty() && q.spec().over() == null ? q : null;
    }

    /** "How much more revenue did the West bring in than the East": the first side less the second. */
    private static Plan comparison(String question, Dataset dataset, BiFunction<String, Dataset, Plan> planner) {
        Matcher compared = COMPARED.matcher(question);
        if (!compared.find()) {
            return null;
        }
        Matcher than = THAN.matcher(question);
        if (!than.find(compared.end())) {
            return null;
        }
        String lower = question.toLowerCase(Locale.ROOT);
        if (lower.length() != question.length()) {
            return null;
        }
        Matcher lead = LEAD.matcher(lower);
        lead.region(Math.min(than.end() + 1, lower.length()), lower.length()).lookingAt();
        int at = lead.end();
        Side second = valueAt(lower, at, dataset);
        Side first;
        if (second != null) {
            first = lastValueBefore(lower, compared.end(), than.start(), second.column());
        } else {
            second = periodAt(lower, than.end(), at);
            first = second == null ? null : lastPeriodBefore(lower, compared.end(), than.start());
        }
        if (first == null || second == null || lower.substring(first.start(), first.end())
                .equals(lower.substring(second.start(), second.end()))) {
            return null;
        }
        // the question about the first side: without the comparative and the "than …" clause
        String asked = question.substring(0, compared.start()) + "how " + compared.group(1)
                + question.substring(compared.end(), than.start()).stripTrailing() + " " + question.substring(second.end());
        int shift = compared.group(2).length() + 1;
        int firstStart = first.start() - shift;
        int firstEnd = first.end() - shift;
        String otherAsked = asked.substring(0, firstStart) + question.substring(second.start(), second.end())
                + asked.substring(firstEnd);
        boolean more = compared.group(2).equalsIgnoreCase("more") || compared.group(2).equalsIgnoreCase("higher");
        return more ? twoSides(asked, otherAsked, dataset, planner, false)
                : twoSides(otherAsked, asked, dataset, planner, false);
    }

    /**
     * "Revenue change from 2023 to 2024", "% growth in sessions from February to March", "how much did Software
     * spending change from Q1 to Q2": the figure of the second period less that of the first (in percent of the first
     * where the question says so).
     */
    private static Plan change(String asked, Dataset dataset, BiFunction<String, Dataset, Plan> planner) {
        String question = Paraphrases.halvesOfTheYear(asked, dataset); // "from the first half of the year to the second"
        String lower = question.toLowerCase(Locale.ROOT);
        Matcher fromTo = FROM_TO.matcher(lower);
        if (lower.length() != question.length() || !fromTo.find()) {
            return null;
        }
        // each period read as it would be after "in" ("in 2023", "in February": a bare number or month name is none)
        String from = fromTo.group(1).strip();
        Matcher year = YEAR.matcher(fromTo.group(2));
        if (!YEAR.matcher(from).find() && year.find()) {
            // "from February to March 2024": February of that year, or of the year before where it comes later
            int said = Integer.parseInt(year.group());
            List<DateMentions.Mention> sameYear = DateMentions.find("in " + from + " " + said);
            List<DateMentions.Mention> to = DateMentions.find("in " + fromTo.group(2));
            boolean before = sameYear.size() == 1 && !to.isEmpty() && sameYear.get(0).from() != null
                    && to.get(0).from() != null && sameYear.get(0).from().isBefore(to.get(0).from());
            from = from + " " + (before ? said : said - 1);
        }
        if (period(from) != from.length()) {
            return null; // "from its first reading to its last" is no period
        }
        String after = lower.substring(fromTo.start(2));
        int length = period(after);
        if (length <= 0) {
            return null;
        }
        int end = fromTo.start(2) + length;
        String rest = (question.substring(0, fromTo.start()) + " " + question.substring(end)).strip();
        Matcher verb = CHANGE_VERB.matcher(rest);
        String said;
        if (verb.find()) {
            said = verb.group();
            rest = verb.group(1) + rest.substring(verb.end());
        } else {
            Matcher noun = CHANGE_NOUN.matcher(rest);
            if (!noun.find()) {
                return null;
            }
            said = noun.group();
            rest = (rest.substring(0, noun.start()) + " " + rest.substring(noun.end())).strip();
        }
        boolean percent = PERCENT.matcher(lower).find();
        // "how much did clicks fall from July to August": the fall, July's less August's
        boolean fall = FALL.matcher(said).find();
        if (fall && percent) {
            return null; // (a fall in percent of the first period: not given)
        }
        String earlier = rest + " in " + from;
        String later = rest + " in " + after.substring(0, length);
        Plan change = fall ? twoSides(earlier, later, dataset, planner, false)
                : twoSides(later, earlier, dataset, planner, percent);
        if (change instanceof Plan.Query q) {
            Plan.Filter first = fall ? q.spec().share().part() : q.spec().share().minus();
            Plan.Filter second = fall ? q.spec().share().minus() : q.spec().share().part();
            LocalDate firstStart = start(first);
            LocalDate secondStart = start(second);
            if (firstStart != null && secondStart != null && !firstStart.isBefore(secondStart)) {
                return new Plan.Decline("In this data " + first.describe() + " does not come before " + second.describe()
                        + ", so there is no change from one to the other to give; name the years.", List.of(), q.score());
            }
            for (Plan.Filter period : List.of(q.spec().share().minus(), q.spec().share().part())) {
                if (!whole(period)) {
                    Column dated = period instanceof Plan.DateRange r ? r.column()
                            : period instanceof Plan.DatePart p ? p.column() : null;
                    String why = dated != null && DataSpan.of(dated) != null
                            ? dated.name() + " runs from " + dated.min() + " to " + dated.max()
                            + (period instanceof Plan.DatePart ? "; name the year" : "")
                            : "a year column doesn't tell whether its year is whole";
                    return new Plan.Decline("The data may not hold the whole of " + period.describe() + " (" + why
                            + "), so a change between the two periods could set a part against a whole; ask for each "
                            + "period's figure, or for periods the data holds whole.", List.of(), q.score());
                }
            }
        }
        return change;
    }

    /** When a period begins: a date range's first day, a month or quarter of a one-year table's first; else null. */
    private static LocalDate start(Plan.Filter period) {
        if (period instanceof Plan.DateRange r) {
            return r.from();
        }
        LocalDate[] range = period instanceof Plan.DatePart p ? DataSpan.oneYear(p) : null;
        return range == null ? null : range[0];
    }

    /**
     * How long the period at the start of {@code text} is ("q1 2024", "the first half of 2023", "february 2024"): the
     * longest run of its words that reads, after "in", as one period; 0 when none does.
     */
    private static int period(String text) {
        for (int end = text.length(); end > 0; end = text.lastIndexOf(' ', end - 1)) {
            if (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                continue;
            }
            String plain = "in " + CalendarWords.plainly(DateMentions.normalise(text.substring(0, end).strip()));
            List<DateMentions.Mention> found = DateMentions.find(plain);
            if (found.size() == 1 && found.get(0).start() <= 3 && found.get(0).end() == plain.length()) {
                return end;
            }
        }
        return 0;
    }

    /**
     * Whether the data holds the whole of the period a condition keeps: a date range inside the date column's first
     * and last day; a year said on a year column can't be told (the report's 2024 may stop in September).
     */
    private static boolean whole(Plan.Filter period) {
        if (period instanceof Plan.DatePart p) {
            // a month or quarter of any year: whole only where the data lies in one year and holds all of it
            LocalDate[] range = DataSpan.oneYear(p);
            LocalDate[] data = DataSpan.of(p.column());
            return range != null && data != null && !data[0].isAfter(range[0]) && !data[1].isBefore(range[1].minusDays(1));
        }
        if (period instanceof Plan.DateRange r) {
            LocalDate[] data = DataSpan.of(r.column());
            return r.from() != null && r.to() != null && data != null && !data[0].isAfter(r.from())
                    && !data[1].isBefore(r.to().minusDays(1));
        }
        return !(period instanceof Plan.Compare c && ColumnRoles.calendar(c.column()));
    }

    /**
     * Plans {@code one} and {@code other}, two questions that differ only in one condition, and gives the figure of
     * the first less that of the second (in percent of the second when {@code relative}); null when they don't plan as
     * the same single figure under one different condition each.
     */
    private static Plan twoSides(String one, String other, Dataset dataset, BiFunction<String, Dataset, Plan> planner,
            boolean relative) {
        if (!(planner.apply(one, dataset) instanceof Plan.Query a)
                || !(planner.apply(other, dataset) instanceof Plan.Query b)) {
            return null;
        }
        Plan.QuerySpec first = a.spec();
        Plan.QuerySpec second = b.spec();
        if (first.shape() != Plan.Shape.SINGLE || second.shape() != Plan.Shape.SINGLE || first.share() != null
                || second.share() != null || !first.bounds().isEmpty() || !second.bounds().isEmpty()) {
            return null;
        }
        Apart apart = Apart.of(first, second);
        return apart == null ? null : new Plan.Query(first.sharing(new Plan.Share(apart.one(), null, apart.other(),
                relative), apart.common()), Math.min(a.score(), b.score()));
    }

    /** Two plans of one measure whose conditions differ in one each: the conditions they share, and the two. */
    private record Apart(List<Plan.Filter> common, Plan.Filter one, Plan.Filter other) {

        /** Null unless each plan has one condition the other lacks and the rest the same (a ratio has no sides). */
        static Apart of(Plan.QuerySpec first, Plan.QuerySpec second) {
            if (!first.measure().equals(second.measure()) || first.measure().fn() == Fn.RATIO) {
                return null;
            }
            List<Plan.Filter> common = new ArrayList<>(first.filters());
            common.retainAll(second.filters());
            List<Plan.Filter> onlyFirst = new ArrayList<>(first.filters());
            onlyFirst.removeAll(common);
            List<Plan.Filter> onlySecond = new ArrayList<>(second.filters());
            onlySecond.removeAll(common);
            return onlyFirst.size() == 1 && onlySecond.size() == 1 && common.size() == first.filters().size() - 1
                    && common.size() == second.filters().size() - 1
                    ? new Apart(common, onlyFirst.get(0), onlySecond.get(0)) : null;
        }
    }

    /** A value of a text column written at {@code at} ("the East", "Tablets"): the longest there is. */
    private static Side valueAt(String lower, int at, Dataset dataset) {
        Side found = null;
        for (Column c : dataset.columns()) {
            if (c.kind() != Dataset.Kind.TEXT) {
                continue;
            }
            for (String v : c.topValues()) {
                int end = valueEnd(lower, at, v.toLowerCase(Locale.ROOT));
                if (end > 0 && (found == null || end > found.end())) {
                    found = new Side(at, end, c);
                }
            }
        }
        return found;
    }

    /** Where the value written at {@code at} ends (plural "s" or "es" included), or -1 when it is not there. */
    private static int valueEnd(String lower, int at, String value) {
        if (value.isBlank() || !lower.startsWith(value, at)) {
            return -1;
        }
        int end = at + value.length();
        for (String ending : List.of("es", "s", "")) {
            if (lower.startsWith(ending, end) && (end + ending.length() == lower.length()
                    || !Character.isLetterOrDigit(lower.charAt(end + ending.length())))) {
                return end + ending.length();
            }
        }
        return -1;
    }

    /** The value of {@code column} written last between {@code from} and {@code to}. */
    private static Side lastValueBefore(String lower, int from, int to, Column column) {
        Side found = null;
        for (int at = from; at < to; at++) {
            if (at > 0 && Character.isLetterOrDigit(lower.charAt(at - 1))) {
                continue;
            }
            for (String v : column.topValues()) {
                int end = valueEnd(lower, at, v.toLowerCase(Locale.ROOT));
                if (end > 0 && end <= to && (found == null || at > found.start() || end > found.end())) {
                    found = new Side(at, end, column);
                }
            }
        }
        return found;
    }

    /** A period said right after "than" ("than in 2023", "than March 2023"), starting at or before {@code at}. */
    private static Side periodAt(String lower, int thanEnd, int at) {
        for (DateMentions.Mention m : DateMentions.find(lower)) {
            if (m.start() >= thanEnd && m.start() <= at) {
                return new Side(m.start(), m.end(), null);
            }
        }
        return null;
    }

    private static Side lastPeriodBefore(String lower, int from, int to) {
        Side found = null;
        for (DateMentions.Mention m : DateMentions.find(lower)) {
            if (m.start() >= from && m.end() <= to) {
                found = new Side(m.start(), m.end(), null);
            }
        }
        return found;
    }
}
