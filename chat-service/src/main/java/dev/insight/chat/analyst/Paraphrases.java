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
 * "the least profitable" (lowest profit), negations ("didn't go to Chicago", "aren't in Sales", "outside Sales",
 * "neither … nor", "non-discounted"), verbs that only carry the sentence ("shipments sent from Boston"), a unit or a
 * comparative that names its column ("over 400 kg", "heavier than 250 kg": the one column measured in kg), and words
 * for a table's columns or values ("payroll", "women", "average order value"). Periods and numbers said in words are
 * {@link CalendarWords}'. Each is rewritten only when the table has exactly one column it can mean; otherwise the
 * question is left as it was, to be answered or declined on its own words.
 *
 * <p>What is left alone on purpose: "the heaviest shipment" said alone asks for a shipment as much as for a weight,
 * and "the coldest site" for a site ranked by some figure of its temperatures; both stay declined.
 */
final class Paraphrases {

    /** The adjectives of a dimension ("how old is the youngest …" asks the age too), and its columns' words. */
    private static final String WEIGHT = "heavy|light";
    private static final String AGE = "old|young";
    private static final String TEMPERATURE = "hot|warm|cold|cool";
    private static final Set<String> WEIGHT_WORDS = Set.of("weight");
    private static final Set<String> AGE_WORDS = Set.of("age");
    private static final Set<String> TEMPERATURE_WORDS = Set.of("temperature", "temp");

    /**
     * An adjective and its superlative, the words of the column it measures, its direction, and the patterns of the
     * ways it is said (compiled once): the superlative anywhere, "how old is the oldest …", "the age of the oldest …"
     * and "the oldest [noun] [noun]".
     */
    private record Adjective(String superlative, Set<String> columnWords, boolean up, Pattern said, Pattern how,
            Pattern of, Pattern before) {

        /** bases: the dimension's adjectives ("old|young": "how old is the youngest …" asks the age too). */
        static Adjective of(String bases, String superlative, Set<String> columnWords, boolean up) {
            return new Adjective(superlative, columnWords, up, Pattern.compile("\\b" + superlative + "\\b"),
                    Pattern.compile("\\bhow (?:" + bases + ") (is|was|are|were) (?:(?:the|our|my|your) )?" + superlative
                            + "(?: ([a-z]+)(?:'s)?)?\\b"),
                    Pattern.compile("\\b([a-z]+) of (?:the|our|my|your) " + superlative
                            + "(?: ([a-z]+(?:-[a-z]+)?)(?:'s)?)?\\b"),
                    Pattern.compile("\\b" + superlative + "(?: ([a-z]+(?:-[a-z]+)?)(?:'s)?)?(?: ([a-z]+))?"));
        }
    }

    private static final List<Adjective> ADJECTIVES = List.of(
            Adjective.of(WEIGHT, "heaviest", WEIGHT_WORDS, true),
            Adjective.of(WEIGHT, "lightest", WEIGHT_WORDS, false),
            Adjective.of(AGE, "oldest", AGE_WORDS, true),
            Adjective.of(AGE, "youngest", AGE_WORDS, false),
            Adjective.of(TEMPERATURE, "hottest", TEMPERATURE_WORDS, true),
            Adjective.of(TEMPERATURE, "warmest", TEMPERATURE_WORDS, true),
            Adjective.of(TEMPERATURE, "coldest", TEMPERATURE_WORDS, false),
            Adjective.of(TEMPERATURE, "coolest", TEMPERATURE_WORDS, false));

    /** Comparatives of the same adjectives ("heavier than 250 kg"), with the way they bound their column. */
    private record Comparative(Set<String> columnWords, String bound) {
    }

    private static final Map<String, Comparative> COMPARATIVES = Map.of(
            "heavier", new Comparative(WEIGHT_WORDS, "more"), "lighter", new Comparative(WEIGHT_WORDS, "less"),
            "hotter", new Comparative(TEMPERATURE_WORDS, "more"), "warmer", new Comparative(TEMPERATURE_WORDS, "more"),
            "colder", new Comparative(TEMPERATURE_WORDS, "less"), "cooler", new Comparative(TEMPERATURE_WORDS, "less"));
    private static final Pattern COMPARED = Pattern.compile("\\b(" + String.join("|", COMPARATIVES.keySet())
            + ") than\\b");

    /** An adjective said with most and least, the words of the column it is about, and how it is said. */
    private record Graded(Set<String> columnWords, Pattern said, Pattern before) {

        static Graded of(String adjective, String... columnWords) {
            return new Graded(Set.of(columnWords),
                    Pattern.compile("\\b(?:is|are|was|were) (?:the )?(most|least) " + adjective + "\\b"),
                    Pattern.compile("\\b(most|least) " + adjective + " ([a-z][a-z-]*)\\b"));
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
            "degree", Set.of("temperature", "temp"), "celsius", Set.of("temperature", "temp"),
            "yearsold", Set.of("age"), "v", Set.of("v", "volt", "voltage"), "volts", Set.of("v", "volt", "voltage"));

    private static final Pattern MOVED_NOT = Pattern.compile("\\b(?:did|does|do|was|were|is|are|has|have|had)(?:n't| not) "
            + "(go|goes|gone|come|ship|shipped|send|sent|leave|left|travel(?:l?ed)?|head(?:ed)?|arrive[ds]?|deliver(?:ed)?) "
            + "(to|from|into|via)\\b");
    private static final Pattern NUMBER_WITH_UNIT = Pattern.compile(
            "\\b(over|above|under|below|(?:more|less|greater|fewer|higher|lower) than|at (?:least|most)) "
            + "(-?\\d[\\d,.]*|zero) ([a-z]+)\\b");
    /** "aren't in Sales", "weren't shipped Standard Class": the negation, said plainly. */
    private static final Pattern CONTRACTED_NOT = Pattern.compile("\\b(?:is|are|was|were|do|does|did|has|have|had)n't\\b");
    /** "shipments that arrived in Seattle", "kg received in Boston": where they went. */
    private static final Pattern ARRIVED = Pattern.compile("\\b(?:arrived|arriving|arrives|received|delivered|landed) "
            + "(?:in|at|to) ");
    /** "exceeded ten thousand": more than it; "30 years old": an age. */
    private static final Pattern EXCEEDED = Pattern.compile("\\bexceed(?:s|ed|ing)?\\b");
    private static final Pattern YEARS_OLD = Pattern.compile("\\b(\\d+) (?:years?|yrs?) old\\b");
    private static final Pattern RECEIVED_FROM = Pattern.compile("\\breceived from\\b");
    /** "not counting ones from Austin": excluding them. */
    private static final Pattern NOT_COUNTING = Pattern.compile("\\bnot counting\\b");
    /** "joined the Support team": hired into it, where a column records hires. */
    private static final Pattern JOINED = Pattern.compile("\\bjoin(?:ed|s)?\\b");
    /** "total payroll": the salaries added up, where a salary column has no payroll column beside it. */
    private static final Pattern PAYROLL = Pattern.compile("\\b(?:(?:the|total|our) )?payroll\\b");
    /** "women", "men": the values female and male, where a column has them. */
    private static final Map<String, String> PEOPLE = Map.of("women", "female", "woman", "female", "men", "male",
            "man", "male");
    private static final Pattern PERSON = Pattern.compile("\\b(women|woman|men|man)\\b");
    /** "inactive campaigns", "unpaid invoices": a yes/no column's word with a negating prefix. */
    private static final Pattern NEGATED_PREFIX = Pattern.compile("\\b(in|un)([a-z]{4,})\\b");
    /** "between 100 and 200 kg": a range in the unit of one column. */
    private static final Pattern RANGE_WITH_UNIT = Pattern.compile(
            "\\bbetween (-?\\d[\\d,.]*) and (-?\\d[\\d,.]*) ([a-z]+)\\b");
    /** Words after which a date follows: "shipped in 2016" names the ship date. */
    private static final Set<String> DATE_PREPOSITIONS = Set.of("in", "on", "during", "before", "after", "since",
            "between", "last", "this", "until", "through", "by", "from", "each", "every", "per", "most", "first",
            "earliest", "latest", "recently", "when");
    /** "neither Widget nor Gadget": not either of them. */
    private static final Pattern NEITHER = Pattern.compile("\\bneither (.+?) nor(?: (?:to|from|in|at|on|for|by|with)(?= ))?\\b");
    private static final Pattern BREAK_DOWN = Pattern.compile("\\bbreak (.+?) down by\\b");
    /** Politeness that asks for nothing: "pls", "please", "for me", "thanks". */
    private static final Pattern POLITE = Pattern.compile("\\b(?:pls|plz|please|kindly|thanks|thank you|for me)\\b");
    private static final Pattern DECADE = Pattern.compile("\\bin (?:their|his|her|my|our|the) ([1-9])0s\\b");
    private static final Pattern HALF_OF_THE_YEAR = Pattern.compile("\\b(first|1st|second|2nd|last) half of (?:the|this) year\\b",
            Pattern.CASE_INSENSITIVE);
    /** "H1 2024", "2024 H2", "h1 of 2024": a half of that year; "in H1" alone: a half of the year. */
    private static final Pattern HALF_CODE = Pattern.compile("\\bh([12])(?:\\s+(?:of\\s+)?((?:19|20)\\d{2}))?\\b"
            + "|\\b((?:19|20)\\d{2})\\s+h([12])\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern AFTER_PREPOSITION = Pattern.compile(
            "\\b(?:in|during|for|of|from|since|to|between|and|through|until|till|before|after|over|within)\\s+$");
    private static final Pattern HALF_AFTER_HALF = Pattern.compile("\\b(the|from the) (first|1st) half of (\\d{4}) to the "
            + "(second|2nd|last) half\\b(?! of)", Pattern.CASE_INSENSITIVE);
    /** "Had neither a temperature nor a humidity": had no temperature and had no humidity. */
    private static final Pattern HAVE_NEITHER = Pattern.compile("\\b(have|has|had|with) neither (?:an? |any )?(.+?) nor (?:an? |any )?");
    /** "missing a temperature", "an empty memo": without one. */
    private static final Pattern MISSING = Pattern.compile("\\bmissing (?:a|an|any) ");
    private static final Pattern EMPTY = Pattern.compile("\\b(?:have|has|had|with) (?:an? )?(?:empty|blank) ");
    /** "The largest quantity on a single line": of one row, as any maximum of a column is. */
    private static final Pattern SINGLE_ROW = Pattern.compile(
            "\\s+(?:on|in|for) (?:a|one) single (?:line|row|record|entry)\\b");
    /** A largest or a smallest, said before "on a single line". */
    private static final Pattern EXTREME = Pattern.compile("\\b(?:largest|biggest|highest|max|maximum|most|smallest|"
            + "lowest|min|minimum|least|fewest)\\b");
    /** "Placed in 2024 but shipped in 2025": "but" before a second verb's condition is "and". */
    private static final Pattern BUT = Pattern.compile("\\s+(?:but|yet)\\s+(?=[a-z]+ed\\b)");
    /** "Which age group is most likely to recommend us": the one with the highest rate of it. */
    private static final Pattern MOST_LIKELY = Pattern.compile("\\b(?:is |are )?(?:the )?(most|least) likely to ([a-z]+)(?: us| it)?\\b");
    /** "Median pay", "total pay": of the salary (or wage) column, where the table has one. */
    private static final Pattern PAY_NOUN = Pattern.compile("\\b(median|average|avg|mean|total|maximum|max|minimum|min|highest|lowest) pay\\b");
    /** "Average sessions on a Monday": an average Monday's total. */
    private static final Pattern AVERAGE_WORD = Pattern.compile("\\b(?:average|avg|mean)\\b");
    private static final Pattern ON_A_WEEKDAY = Pattern.compile(
            "\\bon an? (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b");
    /** "By day of the week", "which day of week": the weekday, of every week. */
    private static final Pattern DAY_OF_WEEK = Pattern.compile("\\bday[- ]of[- ](?:the[- ])?week\\b");
    /** "On weekends", "during weekdays": Saturdays and Sundays, or Monday to Friday, of every week. */
    private static final Pattern WEEKENDS = Pattern.compile("\\b(?:on|during|over|at) (?:the |a )?(weekends?|weekdays?)\\b");
    /** "The largest number of returns": the most of them. */
    private static final Pattern NUMBER_OF_MOST = Pattern.compile(
            "\\b(?:the )?(largest|biggest|highest|greatest|smallest|lowest|fewest) (?:number|count|amount) of\\b");
    /** "Readings that lack a humidity value": without one. */
    private static final Pattern LACK = Pattern.compile("\\black(?:s|ed|ing)? (?:a|an|any) ([a-z_]+)(?: value)?\\b");
    /** Verbs that only carry the sentence: "the lowest voltage seen", "spend that fell on weekends", "drove". */
    private static final Pattern CARRYING_VERB = Pattern.compile(
            "\\s+(?:seen|observed|measured|logged|fell|falls|fall|drove|drives|drive)\\b");
    /** "In total", "altogether" right after a bound's number: the bound is on each thing's total anyway. */
    private static final Pattern BOUND_IN_TOTAL = Pattern.compile(
            "(\\b(?:than|over|under|above|below|least|most)\\s+\\$?\\d[\\d,.]*(?:k|m)?(?:\\s+[a-z]+){0,2}?)\\s+"
            + "(?:in total|in all|altogether|overall)\\b");
    /** "How many times has customer 8 ordered": how many orders, where an identifier names them (not their lines). */
    private static final Pattern TIMES_ORDERED = Pattern.compile("\\bhow many times (has|have|did|does|do) (.+?) "
            + "(?:ordered|order|placed an order|placed orders|bought|purchased)\\b");
    /** "No. of customers", "# of orders", "# returns": the number of them. */
    private static final Pattern NUMBER_SIGN = Pattern.compile("(?:\\bno\\.\\s*(?:of\\s+)?|(?<![\\w#])#\\s*(?:of\\s+)?)(?=[a-z])");
    /** "Received" where a table records where things went (not "received from", read before). */
    private static final Pattern RECEIVED = Pattern.compile("\\b(?:(city|cities) (that |which )?)?received\\b(?! from)");
    /** "Orders that went out": shipped. */
    private static final Pattern WENT_OUT = Pattern.compile("\\b(?:went|go|goes|going|were sent|was sent|sent) out\\b");
    private static final Pattern WHEN_ONE = Pattern.compile("\\b([a-z]+) (?:when|where|if|whenever) (?:we|they|you|it|there|"
            + "customers|people) (?:give|gave|offer|offered|have|has|had|got|get|is|was|are|were|leave|left) (?:one|any|some)\\b");
    /** "The average discount on lines that had one": of those lines with a discount. */
    private static final Pattern HAD_ONE = Pattern.compile("\\b([a-z]+) (on|for|of|across|among) (lines|rows|orders|"
            + "records|entries|items|sales|transactions) (?:that|which) (?:had|have|has|got|get|received|include|included) "
            + "(?:one|any)\\b(?! of)");
    /** "Orders that came back": returned, where a column says so. */
    private static final Pattern CAME_BACK = Pattern.compile("\\b(?:came|come|comes|coming|got sent|were sent|was sent) back\\b");
    /** "orders that included at least one Gizmo": orders with a Gizmo line. */
    private static final Pattern AT_LEAST_ONE = Pattern.compile("\\bat least one ");
    /** "conversion rate", "click-through rate", "CTR", "bounce rate": one column's total over another's, as a rate. */
    /** "profit margin", "margin": profit over sales (or revenue), where the table has both and no margin column. */
    private static final Pattern MARGIN = Pattern.compile("\\b(?:profit )?margins?(?: rates?)?\\b");
    private static final Pattern RATE = Pattern.compile("\\b(conversion|conv|click[- ]?through|ctr|bounce)(?: rates?)?\\b");
    /** "rev 2023 v 2024": "v" between two years is "vs". */
    private static final Pattern YEAR_V_YEAR = Pattern.compile("\\b((?:19|20)\\d{2}) v\\.? ((?:19|20)\\d{2})\\b");
    /** "average order value": the average of each order's total of the one amount column. */
    private static final Pattern ORDER_VALUE = Pattern.compile("\\border values?\\b");
    /** Groups beside it ("average order value by product"): an order's value split by something its lines differ in? */
    private static final Pattern GROUPED = Pattern.compile("\\b(?:each|every|per)\\b"
            + "|\\bby\\b(?! (?:the )?(?:highest |lowest |largest |smallest )?(?:average|avg|mean) order value)");
    /** "cost per click" where the money spent is a spend column and no column is named cost. */
    private static final Pattern COST = Pattern.compile("\\bcosts?\\b(?= per\\b)");
    /** "how many days did the promo run": the distinct dates of the one date column (a calendar date, not a time). */
    private static final Pattern HOW_MANY_DAYS = Pattern.compile("\\bhow many (?:different |distinct |separate )?days\\b");
    /** A bound on a number: "days with sessions over 1500" bounds each day's total, not single rows. */
    private static final Pattern BOUND = Pattern.compile("\\b(?:over|above|under|below|exceed\\w*|more|less|fewer|greater|"
            + "higher|lower|least|most|between|top|bottom)\\b|\\d");
    /** "shipments out of Seattle": from it (when a value follows; "3 out of 5" stays). */
    private static final Pattern OUT_OF = Pattern.compile("\\bout of ");
    /** "outside Sales", "outside of Boston": not in it. */
    private static final Pattern OUTSIDE = Pattern.compile("\\boutside (?:of )?");
    /** "who is not a manager": the negation of the person's yes/no column. */
    private static final Pattern WHO_NOT = Pattern.compile("\\b(?:who|that|which) (?:is|are|was|were) not\\b");
    /**
     * Verbs of sending that carry the sentence only ("shipments sent from Boston"), and their column-name stems. (Not
     * "send": "how many emails did we send" asks for a number of emails the table does not hold.)
     */
    private static final Pattern SENT = Pattern.compile("\\b(sent|sends|shipped|shipping|dispatched) (?:(?:via|by|with) )?");
    private static final Map<String, String> SENT_STEMS = Map.of("sent", "send", "sends", "send", "shipped", "ship",
            "shipping", "ship", "dispatched", "dispatch");
    /** "How many shipments did Miami send": the ones from Miami (the sender before the verb). */
    private static final Pattern SENDER = Pattern.compile("\\b(?:did|does|do) ((?:the )?[a-z]+(?: [a-z]+)?) (?:send|ship|dispatch)\\b");
    /** "gave a satisfaction score of 5", "left a comment": what the row has. */
    private static final Pattern GAVE = Pattern.compile("\\b(?:gave|given|giving|left) (?:a|an|any|some) ");
    private static final Pattern GAVE_NOT = Pattern.compile(
            "\\b(?:did|do|does)(?:n't| not) (?:give|leave|have) (?:a|an|any) ");
    /** "discounted", "non-discounted", "untaxed": a participle of a numeric column's name (with one, without one). */
    private static final Pattern PARTICIPLE = Pattern.compile("\\b(non-|non |un|not )?([a-z]{3,}?)e?d\\b");
    /** "priced above 20": a participle that bounds its column rather than saying it has a value. */
    private static final Pattern BOUND_AFTER = Pattern.compile(" (?:above|over|under|below|at|between|from|to|more|less|"
            + "-?\\d)");
    /** "per kg": per the one column measured in it. */
    private static final Pattern PER_UNIT = Pattern.compile("\\bper ([a-z]+)\\b");
    private static final Pattern IN_UNIT = Pattern.compile(" in ([a-z]+)(?=$|[ ?.!,])");

    /** Long forms of words that column names shorten: "battery voltage" for battery_v, "time in seconds" for _sec. */
    private static final Map<String, String> SHORTENED = Map.of("voltage", "v", "volts", "v", "seconds", "sec",
            "temperature", "temp", "amount", "amt");
    private static final Pattern LONG_FORM = Pattern.compile("\\b(" + String.join("|", SHORTENED.keySet()) + ")\\b");
    /** Short forms people type for words that column names spell out: "rev" for revenue, "dept" for department. */
    private static final Map<String, String> ABBREVIATED = Map.ofEntries(Map.entry("rev", "revenue"),
            Map.entry("dept", "department"), Map.entry("depts", "departments"), Map.entry("temp", "temperature"),
            Map.entry("temps", "temperatures"), Map.entry("cust", "customer"), Map.entry("custs", "customers"),
            Map.entry("mgr", "manager"), Map.entry("mgrs", "managers"), Map.entry("amt", "amount"));
    private static final Pattern SHORT_FORM = Pattern.compile("\\b(" + String.join("|", ABBREVIATED.keySet()) + ")\\b");
    /** A word and one said after a column's name that adds nothing to it: "satisfaction score" is satisfaction. */
    private static final Pattern NAME_TAIL = Pattern.compile("\\b([a-z]+) (score|scores|rating|ratings|level|levels)\\b");
    private static final Pattern LEFT = Pattern.compile("\\bleft (from|for|no)\\b");

    private final Dataset dataset;

    private Paraphrases(Dataset dataset) {
        this.dataset = dataset;
    }

    /** The question (lower case, as the planner's tokeniser reads it) with the wordings above said plainly. */
    /**
     * "On average, how many lines does an order have", "how many lines does an order have on average": the average
     * number of them per thing.
     */
    private static final Pattern AVERAGE_HOW_MANY = Pattern.compile("\\b(?:on average,? )?how many ([a-z]+(?: [a-z]+)?) "
            + "(?:does|do|did) (?:an?|each|every|the average|the typical|a typical) ([a-z]+) (?:have|has|contain|include|get)"
            + "(?=(?: on average)?\\??$)(?: on average)?");

    /** "Sensors that fail more than 3.5% of the time": a bound on the rate of the value the verb names. */
    private static final Pattern OF_THE_TIME = Pattern.compile("\\b(?:that |which |who )?([a-z]+) (more|less|fewer) than "
            + "(\\d+(?:\\.\\d+)?) ?(?:%|percent) of the time\\b");
    /**
     * "Departments where fewer than 10% of employees are managers": a bound on the rate of what the rows (or things)
     * are; not of what they are not, nor of "lines" said as such.
     */
    private static final Pattern PERCENT_ARE = Pattern.compile("\\b(?:where|in which|with) (more|less|fewer) than "
            + "(\\d+(?:\\.\\d+)?) ?(?:%|percent) of (?:the |their |its )?([a-z]+) (?:are|were|is|was) (?!not\\b)([a-z]+)\\b");

    /** "More than 20% managers", "by % who would recommend": the rate of a yes/no column, said with its percentage. */
    private static final Pattern PERCENT_YES = Pattern.compile("(?:\\b(more|less|fewer) than (\\d+(?:\\.\\d+)?) ?"
            + "(?:%|percent\\b)|(?:%|\\bpercent|\\bpct|\\bshare|\\bproportion)(?: of (?:people|respondents|employees|staff))?"
            + "(?: who| that)?) ([a-z]+ [a-z]+|[a-z]+)(?: us| it| them)?(?=\\s*(?:$|\\?|,|by\\b|in\\b|per\\b|for\\b|at\\b"
            + "|on\\b|during\\b))");
    /** "Leaving out failed readings", "left out /signup": excluding them; "no longer active": not active. */
    private static final Pattern LEAVING_OUT = Pattern.compile("\\b(?:leaving|leave|left) out\\b");
    private static final Pattern NO_LONGER = Pattern.compile("\\bno longer\\b");
    /** "Weekend sessions": the sessions on weekends (not "weekend days", which are the things counted). */
    private static final Pattern WEEKEND_NOUN = Pattern.compile("\\bweekend (?!days?\\b)([a-z]+)\\b");

    static String plainly(String lower, Dataset dataset) {
        Paraphrases p = new Paraphrases(dataset);
        String q = YEAR_V_YEAR.matcher(p.abbreviated(MoneyWords.plainly(PeopleWords.npsGroups(lower, dataset), dataset)))
                .replaceAll("$1 vs $2");
        q = MOVED_NOT.matcher(q).replaceAll("not $2");
        q = GAVE_NOT.matcher(q).replaceAll("with no ");
        q = CONTRACTED_NOT.matcher(q).replaceAll("not");
        q = WHO_NOT.matcher(q).replaceAll("not");
        q = CalendarWords.plainly(halvesOfTheYear(q, dataset));
        q = GAVE.matcher(q).replaceAll("with a ");
        // (said without "on average" or "typical", the question may ask about one thing: not rewritten)
        q = OF_THE_TIME.matcher(q).replaceAll(m -> "with a " + m.group(1) + " rate " + (m.group(2).equals("more")
                ? "above " : "below ") + m.group(3) + "%");
        // (of "lines" or "rows" said as such, not rewritten: a rate may count the things the lines make up)
        q = PERCENT_ARE.matcher(q).replaceAll(m -> Vocabulary.ROW_NOUNS.contains(Words.singular(m.group(3))) ? m.group()
                : "with a " + m.group(4) + " rate " + (m.group(1).equals("more") ? "above " : "below ") + m.group(2)
                        + "%");
        q = LEAVING_OUT.matcher(q).replaceAll("excluding");
        q = NO_LONGER.matcher(q).replaceAll("not");
        q = WEEKEND_NOUN.matcher(q).replaceAll("$1 on weekends");
        q = p.percentYes(q);
        q = AVERAGE_HOW_MANY.matcher(q).replaceAll(m -> m.group().contains("average") || m.group().contains("typical")
                ? "average number of " + m.group(1) + " per " + m.group(2) : m.group());
        q = p.arrived(q);
        q = EXCEEDED.matcher(q).replaceAll("more than");
        q = RECEIVED_FROM.matcher(q).replaceAll("from");
        if (p.anyColumnHas("origin") || p.anyColumnHas("sender") || p.anyColumnHas("from")) {
            q = SENDER.matcher(q).replaceAll("from $1");
        }
        q = NOT_COUNTING.matcher(q).replaceAll("excluding");
        q = q.replaceAll("\\bthe very (first|last|latest|earliest|highest|lowest|best|worst)\\b", "the $1");
        // "break down revenue by month", "break profit down by category for me, pls": the figure by the groups
        q = BREAK_DOWN.matcher(q).replaceAll("$1 by");
        if (q.matches(".*\\bby\\b.*")) { // ("satisfaction breakdown": its spread, not its average)
            q = q.replaceAll("\\b(?:break down|breakdown of|breakdown)\\b", " ");
        }
        q = POLITE.matcher(q).replaceAll(" ");
        // "people in their 40s": ages 40 to 49
        boolean ageNumber = dataset.columns().stream().anyMatch(c -> c.numeric() && Words.nameWords(c.name()).contains("age"));
        q = DECADE.matcher(q).replaceAll(m -> ageNumber ? "with age between " + m.group(1) + "0 and " + m.group(1) + "9"
                : "aged " + m.group(1) + "0 to " + m.group(1) + "9");
        // "the largest single payment": the largest payment (one row already)
        // ("the largest single debit in each account": which debit?; "the largest single sale" where an order has
        // several lines: a line or an order?; "the highest single-day count": a day's total)
        if (!q.matches(".*\\b(?:each|every|per|by)\\b.*") && p.rowsAreThings()) {
            q = q.replaceAll("\\b(largest|biggest|smallest|highest|lowest|greatest) single\\b(?![- ](?:day|week|month|year))", "$1");
        }
        // "who was the last person hired in Support": who was hired last
        q = q.replaceAll("\\bthe (first|last|latest|earliest|most recent) (?:person|employee|one|staff member|hire) "
                + "(?:to be |to get |who was |that was )?(hired|employed|recruited|onboarded)\\b", "$2 $1");
        q = HAVE_NEITHER.matcher(q).replaceAll("$1 no $2 and $1 no ");
        q = NEITHER.matcher(q).replaceAll("not $1 nor");
        q = MISSING.matcher(q).replaceAll("without a ");
        // (only after a largest or smallest: "the total revenue in a single row" is not a total)
        final String asked = q;
        q = SINGLE_ROW.matcher(q).replaceAll(m -> EXTREME.matcher(asked.substring(0, m.start())).find() ? ""
                : Matcher.quoteReplacement(m.group()));
        if (p.anyColumnHas("ship") && dataset.columns().stream().filter(c -> c.kind() == Dataset.Kind.TEMPORAL).count() > 1) {
            q = WENT_OUT.matcher(q).replaceAll("shipped"); // "orders that went out in January": by the ship date
        }
        q = HAD_ONE.matcher(q).replaceAll("$1 $2 $3 with a $1");
        // "avg discount when we give one", "average tip where there is one": of the rows with one
        q = WHEN_ONE.matcher(q).replaceAll("$1 of rows with a $1");
        q = NUMBER_SIGN.matcher(q).replaceAll("number of ");
        q = BOUND_IN_TOTAL.matcher(q).replaceAll("$1"); // "spent more than 1999 in total": each one's total already
        if (p.identified("order")) {
            q = TIMES_ORDERED.matcher(q).replaceAll("how many orders $1 $2 placed");
        }
        q = p.yesNoNouns(q);
        if (p.dataset.columns().stream().anyMatch(c -> Words.nameWords(c.name()).stream()
                .anyMatch(Vocabulary.DESTINATION_WORDS::contains))) {
            // "which destination received the most shipments", "cities that received …": where things went
            q = RECEIVED.matcher(q).replaceAll(m -> m.group(1) == null ? "got"
                    : (m.group(1).startsWith("cities") ? "destinations " : "destination ") + (m.group(2) == null ? ""
                            : m.group(2)) + "got");
        }
        q = DAY_OF_WEEK.matcher(q).replaceAll("weekday");
        q = NUMBER_OF_MOST.matcher(q).replaceAll(m -> m.group(1).matches("smallest|lowest|fewest") ? "the fewest" : "the most");
        q = LACK.matcher(q).replaceAll("without a $1");
        q = CARRYING_VERB.matcher(q).replaceAll("");
        if (AVERAGE_WORD.matcher(q).find() && !q.contains("daily")) {
            // "average sessions on a Monday": an average Monday's, not an average row's
            String weekdays = ON_A_WEEKDAY.matcher(q).replaceAll(m -> "on " + m.group(1) + "s");
            if (!weekdays.equals(q)) {
                q = AVERAGE_WORD.matcher(weekdays).replaceFirst("average daily");
            }
        }
        q = WEEKENDS.matcher(q).replaceAll(m -> m.group(1).startsWith("weekend") ? "on saturdays or sundays"
                : "on mondays or tuesdays or wednesdays or thursdays or fridays");
        q = BUT.matcher(q).replaceAll(" and "); // "placed in 2024 but shipped in 2025": both hold ("but not" stays)
        q = MOST_LIKELY.matcher(q).replaceAll(m -> "has the " + (m.group(1).equals("most") ? "highest " : "lowest ")
                + m.group(2) + " rate");
        Column pay = p.onlyColumn(Set.of("salary", "wage", "pay"));
        if (pay != null) {
            q = PAY_NOUN.matcher(q).replaceAll(m -> m.group(1) + " " + Matcher.quoteReplacement(
                    pay.name().toLowerCase(Locale.ROOT)));
        }
        if (p.anyColumnHas("returned")) {
            q = CAME_BACK.matcher(q).replaceAll("were returned");
        }
        q = EMPTY.matcher(q).replaceAll("with no ");
        q = p.atLeastOne(q);
        q = p.wordsForColumns(q);
        q = p.orderValue(q);
        q = p.rates(q);
        q = p.howManyDays(q);
        q = p.outside(q);
        q = p.outOf(q);
        q = p.sent(q);
        q = p.participles(q);
        // "left from Chicago", "left for Boston": where shipments start and end; "left no comment": without one
        q = LEFT.matcher(q).replaceAll(m -> switch (m.group(1)) {
            case "from" -> "from";
            case "for" -> "to";
            default -> "with no";
        });
        q = p.shortened(q);
        q = p.nameTails(q);
        q = p.units(q);
        q = p.rangeWithUnit(q);
        q = p.comparatives(q);
        q = p.perUnit(q);
        for (Adjective a : ADJECTIVES) {
            q = p.superlative(q, a);
        }
        for (Graded g : GRADED) {
            q = p.graded(q, g);
            q = p.gradedBefore(q, g);
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
            // "heaviest shipment weight", "youngest employee's age": the column, of those things ("the oldest
            // manager's age": of managers)
            return q.substring(0, m.start()) + extreme + " " + after + of(next) + q.substring(m.end());
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
        if (next != null && next.startsWith("non-") && after != null && ROW_NOUNS.contains(Words.singular(after))
                && !identified(Words.singular(after))) {
            // "the hottest non-warehouse reading": of the readings that are not at the Warehouse
            return q.substring(0, m.start()) + extreme + " " + name + " of " + next + rest;
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

    /** "least profitable sub-category" → "sub-category with the lowest profit". */
    private String gradedBefore(String q, Graded graded) {
        Matcher m = graded.before().matcher(q);
        Column column = m.find() ? onlyColumn(graded.columnWords()) : null;
        if (column == null) {
            return q;
        }
        return q.substring(0, m.start()) + m.group(2) + " with the " + (m.group(1).equals("most") ? "highest " : "lowest ")
                + column.name().toLowerCase(Locale.ROOT) + q.substring(m.end());
    }

    /**
     * "average order value" → "average revenue per order" where an identifier names orders, one column is the amount
     * (revenue, sales or amount) and no groups are asked for with "by", "each" or "per" (left declined), though a
     * ranking may ask for it ("which region has the highest average order value"); "cost per click" → "spend per click"
     * where a spend column has no cost column beside it.
     */
    private String orderValue(String q) {
        if (ORDER_VALUE.matcher(q).find() && identified("order") && !GROUPED.matcher(q).find()) {
            Column amount = onlyColumn(Set.of("revenue", "sale", "amount"));
            if (amount != null) {
                q = ORDER_VALUE.matcher(q).replaceAll(Matcher.quoteReplacement(amount.name().toLowerCase(Locale.ROOT))
                        + " per order");
            }
        }
        if (!anyColumnHas("cost") && anyColumnHas("spend")) {
            q = COST.matcher(q).replaceAll("spend");
        }
        return q;
    }

    /**
     * "conversion rate" → "conversions per clicks rate" (or per sessions where there are no clicks), "click-through
     * rate"/"CTR" → "clicks per impressions rate", "bounce rate" → "bounces per sessions rate", where the table has
     * those columns; the planner gives a rate as the two totals and the one over the other in percent.
     */
    private String rates(String q) {
        Column profit = onlyColumn(Set.of("profit"));
        Column sales = onlyColumn(Set.of("sales", "sale", "revenue"));
        if (profit != null && sales != null && !anyColumnHas("margin")) {
            // "profit margin by region": profit over sales, as a rate of their totals
            q = MARGIN.matcher(q).replaceAll(Matcher.quoteReplacement(profit.name().toLowerCase(Locale.ROOT) + " per "
                    + sales.name().toLowerCase(Locale.ROOT) + " rate"));
        }
        return RATE.matcher(q).replaceAll(m -> {
            String kind = m.group(1);
            boolean saidRate = m.group().contains("rate") || kind.equals("ctr");
            Column clicks = onlyColumn(Set.of("click"));
            Column sessions = onlyColumn(Set.of("session"));
            Column part = kind.startsWith("conv") ? onlyColumn(Set.of("conversion"))
                    : kind.startsWith("bounce") ? onlyColumn(Set.of("bounce")) : clicks;
            Column whole = kind.startsWith("conv") ? (clicks != null ? clicks : sessions)
                    : kind.startsWith("bounce") ? sessions : onlyColumn(Set.of("impression"));
            if (!saidRate || part == null || whole == null) {
                return m.group();
            }
            return Matcher.quoteReplacement(part.name().toLowerCase(Locale.ROOT) + " per "
                    + whole.name().toLowerCase(Locale.ROOT) + " rate");
        });
    }

    /** "at least one Gizmo" → "Gizmo": a thing with a row of that value. */
    private String atLeastOne(String q) {
        return AT_LEAST_ONE.matcher(q).replaceAll(m -> valueAt(q.substring(m.end()), dataset.columns()) ? "" : m.group());
    }

    /**
     * "how many days" → "how many distinct order_date" where the table has one date column, of whole days, and no
     * number bounds anything (which could be each day's total).
     */
    private String howManyDays(String q) {
        List<Column> dates = dataset.columns().stream().filter(c -> c.kind() == Dataset.Kind.TEMPORAL).toList();
        if (dates.size() != 1 || !dates.get(0).type().equalsIgnoreCase("DATE") || BOUND.matcher(q).find()
                || anyColumnHas("day")
                && !Words.nameWords(dates.get(0).name()).contains("day")) {
            return q;
        }
        return HOW_MANY_DAYS.matcher(q).replaceAll("how many distinct " + dates.get(0).name().toLowerCase(Locale.ROOT));
    }

    /**
     * "joined" → "hired", "payroll" → "total salary", "women" → "female", "inactive" → "not active", "30 years old" →
     * "30 yearsold" (a unit of the age column, which "years" alone is not: "the last 3 years").
     */
    private String wordsForColumns(String q) {
        if (anyColumnHas("age")) {
            q = YEARS_OLD.matcher(q).replaceAll("$1 yearsold");
        }
        if (anyColumnHas("hire")) {
            q = JOINED.matcher(q).replaceAll("hired");
        }
        if (anyColumnHas("salary") && !anyColumnHas("payroll")) {
            q = PAYROLL.matcher(q).replaceAll("total salary");
        }
        q = PERSON.matcher(q).replaceAll(m -> hasValue(PEOPLE.get(m.group(1))) ? PEOPLE.get(m.group(1)) : m.group());
        return NEGATED_PREFIX.matcher(q).replaceAll(m -> !anyColumnHas(m.group()) && yesNoColumnHas(m.group(2))
                ? "not " + m.group(2) : m.group());
    }

    private boolean hasValue(String value) {
        return dataset.columns().stream().anyMatch(c -> c.kind() == Dataset.Kind.TEXT
                && c.topValues().stream().anyMatch(v -> Words.valueKey(v).equals(value)));
    }

    private boolean yesNoColumnHas(String word) {
        return dataset.columns().stream().anyMatch(c -> (c.kind() == Dataset.Kind.BOOLEAN || ColumnRoles.yesValue(c) != null)
                && Words.nameWords(c.name()).contains(word));
    }

    /** "between 100 and 200 kg" → "with weight_kg between 100 and 200 kg" when no word of the question names it. */
    private String rangeWithUnit(String q) {
        Matcher m = RANGE_WITH_UNIT.matcher(q);
        if (!m.find() || !UNITS.containsKey(m.group(3))) {
            return q;
        }
        Column column = onlyColumn(UNITS.get(m.group(3)));
        if (column == null || namedElsewhere(q, column, m.group(3))) {
            return q;
        }
        return q.substring(0, m.start()) + "with " + column.name().toLowerCase(Locale.ROOT) + " " + q.substring(m.start());
    }

    /** "arrived in Seattle" → "to Seattle" where a value follows ("arrived in March": no arrival date to ask). */
    private String arrived(String q) {
        return ARRIVED.matcher(q).replaceAll(m -> valueAt(q.substring(m.end()), dataset.columns()) ? "to " : m.group());
    }

    /** "out of Seattle" → "from Seattle" where a value follows. */
    private String outOf(String q) {
        return OUT_OF.matcher(q).replaceAll(m -> valueAt(q.substring(m.end()), dataset.columns()) ? "from " : m.group());
    }

    /** "outside Sales" → "not in Sales", unless "outside" is a value or a column's word. */
    private String outside(String q) {
        if (!OUTSIDE.matcher(q).find() || anyColumnHas("outside") || dataset.columns().stream()
                .anyMatch(c -> c.topValues().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("outside")))) {
            return q;
        }
        return OUTSIDE.matcher(q).replaceAll("not in ");
    }

    /**
     * "shipments sent from Boston", "orders shipped to Texas": the verb goes, unless a column is named with its stem
     * while the table has other dates and a date follows ("shipped in 2024" with an order date and a ship date says
     * which one; "shipped Same Day" is the ship mode's value, "shipped in Texas" a state).
     */
    private String sent(String q) {
        long dates = dataset.columns().stream().filter(c -> c.kind() == Dataset.Kind.TEMPORAL).count();
        return SENT.matcher(q).replaceAll(m -> {
            String stem = SENT_STEMS.get(m.group(1));
            String rest = q.substring(m.end());
            String afterVerb = q.substring(m.end(1)).strip(); // ("shipped by month": a date's periods, not a ship mode)
            return dates <= 1 || !anyColumnHas(stem) || !datePrepositionAt(rest) && !datePrepositionAt(afterVerb)
                    || valueOfStemColumnAt(rest, stem) ? "" : Matcher.quoteReplacement(m.group());
        });
    }

    /** "in 2016", "last month", "before March" (but "in Texas": a value after the word), or a bare year ("2025"). */
    private boolean datePrepositionAt(String rest) {
        String[] words = rest.split(" ", 2);
        return DATE_PREPOSITIONS.contains(words[0]) && !(words.length > 1 && valueAt(words[1], dataset.columns()))
                || words[0].matches("(?:19|20)\\d{2}\\??")
                || words[0].matches("by|per|each") && words.length > 1 && words[1].matches("(?:day|week|month|quarter|year|weekday)\\b.*");
    }

    private boolean valueOfStemColumnAt(String rest, String stem) {
        return valueAt(rest, dataset.columns().stream().filter(c -> Words.nameWords(c.name()).contains(stem)).toList());
    }

    /** Whether the text starts with a value of one of the columns. */
    private static boolean valueAt(String rest, List<Column> columns) {
        return columns.stream().filter(c -> c.kind() == Dataset.Kind.TEXT).flatMap(c -> c.topValues().stream())
                .map(v -> Words.valueKey(v))
                .anyMatch(v -> !v.isEmpty() && (rest.equals(v) || rest.startsWith(v + " ") || rest.startsWith(v + "?")));
    }

    /** "discounted lines" → "with a discount lines"; "non-discounted" → "without a discount". */
    private String participles(String q) {
        return PARTICIPLE.matcher(q).replaceAll(m -> {
            Column column = numericColumnNamed(m.group(2), m.group(2) + "e");
            if (column == null || columnNamed(m.group().strip()) || m.group(1) != null && columnNamed(m.group(2) + "ed")
                    || BOUND_AFTER.matcher(q.substring(m.end())).lookingAt()) {
                return m.group();
            }
            return (m.group(1) == null ? "with a " : "without a ") + column.name().toLowerCase(Locale.ROOT);
        });
    }

    private Column numericColumnNamed(String... words) {
        for (Column c : dataset.columns()) {
            String name = c.name().toLowerCase(Locale.ROOT);
            if (c.numeric() && !ColumnRoles.identifier(c) && List.of(words).contains(name)) {
                return c;
            }
        }
        return null;
    }

    /** "heavier than 250 kg" → "with weight_kg more than 250 kg", when one column measures it. */
    private String comparatives(String q) {
        return COMPARED.matcher(q).replaceAll(m -> {
            Comparative c = COMPARATIVES.get(m.group(1));
            Column column = onlyColumn(c.columnWords());
            return column == null ? m.group() : "with " + column.name().toLowerCase(Locale.ROOT) + " " + c.bound() + " than";
        });
    }

    /** "cost per kg" → "cost per weight_kg", when one column is measured in that unit. */
    private String perUnit(String q) {
        return PER_UNIT.matcher(q).replaceAll(m -> {
            Column column = UNITS.containsKey(m.group(1)) ? onlyColumn(UNITS.get(m.group(1))) : null;
            return column == null ? m.group() : "per " + column.name().toLowerCase(Locale.ROOT);
        });
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
        if (namedElsewhere(q, column, m.group(3))) {
            return q; // the column is named already: "weighing over 400 kg", "temperature above 30 degrees"
        }
        return q.substring(0, m.start()) + "with " + column.name().toLowerCase(Locale.ROOT) + " " + q.substring(m.start());
    }

    private static boolean namedElsewhere(String q, Column column, String unit) {
        for (String word : q.split("[^a-z0-9_]+")) {
            if (!word.equals(unit) && (names(column, word) || word.startsWith("weigh") && !word.startsWith("weight")
                    || word.equals(column.name().toLowerCase(Locale.ROOT)))) {
                return true;
            }
        }
        return false;
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

    /** "rev" → "revenue", "dept" → "department": where a column's name spells it out and none is named so short. */
    private String abbreviated(String q) {
        return SHORT_FORM.matcher(q).replaceAll(m -> {
            String longer = ABBREVIATED.get(m.group(1));
            return !anyColumnHas(Words.singular(m.group(1))) && anyColumnHas(Words.singular(longer)) ? longer : m.group(1);
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

    /**
     * "Cities with more than 20% managers" → "… a managers rate above 20%", "top 3 countries by % who would recommend"
     * → "… by would recommend rate": only where the words name a yes/no column (its whole name, or its last word).
     */
    private String percentYes(String q) {
        return PERCENT_YES.matcher(q).replaceAll(m -> {
            String said = m.group(3);
            if (!yesNoNamed(said)) {
                return Matcher.quoteReplacement(m.group());
            }
            return Matcher.quoteReplacement(m.group(1) == null ? said + " rate"
                    : "a " + said + " rate " + (m.group(1).equals("more") ? "above " : "below ") + m.group(2) + "%");
        });
    }

    /**
     * "Returns", "refunds", "cancellations": the plural noun of a yes/no column named by a past participle (returned,
     * refunded, cancelled), said as the things it happened to — "returned orders" where an identifier names orders,
     * else "returned rows".
     */
    private String yesNoNouns(String q) {
        for (Column c : dataset.columns()) {
            List<String> words = Words.nameWords(c.name());
            if (words.size() != 1 || !words.get(0).endsWith("ed") || c.kind() != Dataset.Kind.BOOLEAN
                    && ColumnRoles.yesValue(c) == null) {
                continue;
            }
            String participle = words.get(0);
            String stem = participle.substring(0, participle.length() - 2);
            String things = identified("order") ? " orders" : " rows";
            q = Pattern.compile("\\b(?:" + Pattern.quote(stem) + "s|" + Pattern.quote(stem) + "ations|"
                    + Pattern.quote(stem.replaceAll("(.)\\1$", "$1")) + "ations)\\b").matcher(q)
                    .replaceAll(Matcher.quoteReplacement(participle + things));
        }
        return q;
    }

    /** Whether the words are a yes/no column's name ("would recommend") or its last word ("managers" for is_manager). */
    private boolean yesNoNamed(String words) {
        List<String> said = Words.nameWords(words).stream().map(Words::singular).toList();
        return !said.isEmpty() && dataset.columns().stream()
                .filter(c -> c.kind() == Dataset.Kind.BOOLEAN || ColumnRoles.yesValue(c) != null)
                .map(c -> Words.nameWords(c.name()))
                .anyMatch(n -> n.equals(said) || said.size() == 1 && !n.isEmpty() && n.get(n.size() - 1).equals(said.get(0)));
    }

    /**
     * "The second half of the year" where every date column lies in one year: that year's; "from the first half of 2024
     * to the second half": of 2024 too.
     */
    static String halvesOfTheYear(String q, Dataset dataset) {
        q = halfCodes(q, dataset);
        Column date = DataSpan.onlyDateColumn(dataset);
        java.time.LocalDate[] data = date == null ? null : DataSpan.of(date);
        if (data != null && data[0].getYear() == data[1].getYear()) {
            int year = data[0].getYear();
            // only a half the data holds whole: the sensors' March and April hold no second half, and web traffic
            // that stops on March 31 no whole first half
            Matcher m = HALF_OF_THE_YEAR.matcher(q);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                boolean firstHalf = m.group(1).toLowerCase(Locale.ROOT).matches("first|1st");
                java.time.LocalDate from = java.time.LocalDate.of(year, firstHalf ? 1 : 7, 1);
                boolean whole = !data[0].isAfter(from) && !data[1].isBefore(from.plusMonths(6).minusDays(1));
                m.appendReplacement(out, whole ? m.group(1) + " half of " + year : m.group());
            }
            q = m.appendTail(out).toString();
        }
        return HALF_AFTER_HALF.matcher(q).replaceAll("$1 $2 half of $3 to the $4 half of $3");
    }

    /**
     * "H1 2024" → "the first half of 2024", "2024 H2" → "the second half of 2024", "in H1" → "in the first half of the
     * year" (which names a year only where the data lie in one); left alone where the table holds "H1" or "H2" as a
     * value (a report's half-year column), which the question then names.
     */
    private static String halfCodes(String q, Dataset dataset) {
        Matcher m = HALF_CODE.matcher(q);
        if (!m.find() || dataset.holdsText("h1") || dataset.holdsText("h2")) {
            return q;
        }
        return m.replaceAll(h -> {
            String half = (h.group(1) != null ? h.group(1) : h.group(4)).equals("1") ? "first" : "second";
            String year = h.group(2) != null ? h.group(2) : h.group(3);
            // "units h1 2024 east": in it (said bare, a range's end would read as "up to" it)
            boolean said = AFTER_PREPOSITION.matcher(q.substring(0, h.start())).find();
            return (said ? "" : "in ") + "the " + half + " half of " + (year != null ? year : "the year");
        });
    }

    /** Whether no identifier column spans several rows (a ledger's transactions, not an order's lines). */
    private boolean rowsAreThings() {
        return dataset.columns().stream().filter(c -> {
            List<String> words = Words.nameWords(c.name());
            return !words.isEmpty() && words.get(words.size() - 1).equals("id");
        }).allMatch(c -> c.distinctCount() != null && c.distinctCount() == dataset.rowCount());
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
