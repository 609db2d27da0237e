package dev.insight.chat.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analyst's answers checked as answers, not as SQL text: each question is planned, its SQL run on a generated
 * table in DuckDB, and the rows compared with those of a reference query written by hand (cases under
 * {@code src/test/resources/analyst/}). An answer that differs from the reference is always a failure — a wrong
 * number is worse than none; declining is allowed where a case says so, but not as a way out: each audit keeps a floor
 * of right answers.
 */
class AccuracyTest {

    private static AccuracyTables tables;
    private static Map<String, AccuracyTables.Table> byName;
    private final QuestionPlanner planner = new QuestionPlanner(50, 1000);

    @BeforeAll
    static void load() {
        tables = new AccuracyTables();
        byName = Map.of("lines", tables.orderLines(), "staff", tables.employees(), "ships", tables.shipments(),
                "store", tables.superstore(), "sensor", tables.sensorReadings(), "mkt", tables.campaigns(),
                "report", tables.monthlyReport(), "ledger", tables.ledger(), "survey", tables.survey(), "web",
                tables.webTraffic());
    }

    @AfterAll
    static void close() throws Exception {
        tables.close();
    }

    private AccuracyTables.Report check(String file) throws SQLException, IOException {
        try (InputStream in = AccuracyTest.class.getResourceAsStream("/analyst/" + file)) {
            assertThat(in).as(file).isNotNull();
            AccuracyTables.Report report = AccuracyTables.check(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                    byName, planner);
            report.print("analyst, " + file);
            assertThat(report.wrong()).as("wrong answers").isEmpty();
            return report;
        }
    }

    @Test
    void plainQuestionsAreAnsweredRight() throws Exception {
        assertThat(check("plain.cases").declinedAnswerable()).as("declined questions it should answer").isEmpty();
    }

    /** Shares and percentages of a whole: overall, of one condition, by group; and the ones too ambiguous to answer. */
    @Test
    void sharesOfAWholeAreAnsweredRightOrDeclined() throws Exception {
        assertThat(check("shares.cases").declinedAnswerable()).as("declined questions it should answer").isEmpty();
    }

    /** Superlative adjectives, "the least profitable", "didn't go to", units that name a column. */
    @Test
    void everydayWordingsAreAnsweredRightOrDeclined() throws Exception {
        assertThat(check("everyday-words.cases").declinedAnswerable()).as("declined questions it should answer").isEmpty();
    }

    /** Rankings inside every group: "top 3 products by revenue in each region". */
    @Test
    void rankingsWithinGroupsAreAnsweredRightOrDeclined() throws Exception {
        assertThat(check("rankings-within-groups.cases").declinedAnswerable()).as("declined questions it should answer")
                .isEmpty();
    }

    /**
     * The audits, each with a floor of right answers (raised as the analyst grows, so that declining is not a way out).
     * The blind ones were written by people who had not read the planner; newest first: 30, conversations: follow-ups read
     * after the question before them (10 wrong of 75 answered on first run); 29, a realistic first week of real
     * users' questions (3 wrong of 78 answered on first run); 28, at countries, nps groups, age
     * spans, a ledger's money words and halves of the year; 27, a demanding business user's
     * follow-ups (things against the average thing, ranked changes, never/no, first and last); 26, at the newest
     * readings (differences, changes, rows against an average, places added up, either-or numbers, age ranges); 25, comparisons and
     * changes as a product manager asks them (differences, growth, above the average, first and last, top N combined); 24, adversarial questions that look
     * answerable to a keyword matcher; 23, a demanding analyst's first day
     * with every table, half of it traps; 22, things that never did something,
     * nouns of yes/no columns, "in total" after a bound and averages per thing, with ordinary questions; 21, weekdays,
     * bare years, two dates
     * and averages per period, with ordinary questions; 20, days and periods as things and
     * counts per thing, with ordinary questions; 19, rates of a value or a yes/no column and their traps, with ordinary
     * questions in fresh wordings; 18, terse questions and the
     * latest wordings (abbreviations, years compared, margins); 17, a new user's first hour with each table; 16,
     * ordinary conditions on rows beside conditions on groups; 15, at the newest readings of conditions on groups
     * (periods as things, never, both, counts of values); 14, conditions on each group's figure (HAVING) and their
     * near-misses; 13, the tables whose data trap a naive reader; 12, rates and ratios; 11, terse questions, synonyms
     * and NULLs; 10, combinations; 9, at the core features; 8, at misfires of the newest wordings; 7, at where wrong
     * answers hide; 6, sending verbs, negations, units and open-ended years; 5, per-group rates and everyday wordings;
     * 4, after shares and rankings within groups; 3, after the 2026-11-26 widening (currencies, ratios, synonyms); then
     * the first two, and three sets by table in people's own words.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "audit-blind-30.cases, 78",
        "audit-blind-29.cases, 77",
        "audit-blind-28.cases, 54",
        "audit-blind-27.cases, 47",
        "audit-blind-26.cases, 44",
        "audit-blind-25.cases, 47",
        "audit-blind-24.cases, 65",
        "audit-blind-23.cases, 78",
        "audit-blind-22.cases, 70",
        "audit-blind-21.cases, 88",
        "audit-blind-20.cases, 70",
        "audit-blind-19.cases, 86",
        "audit-blind-18.cases, 87",
        "audit-blind-17.cases, 107",
        "audit-blind-16.cases, 89",
        "audit-blind-15.cases, 63",
        "audit-blind-14.cases, 90",
        "audit-blind-13.cases, 60",
        "audit-blind-12.cases, 72",
        "audit-blind-11.cases, 68",
        "audit-blind-10.cases, 114",
        "audit-blind-9.cases, 110",
        "audit-blind-8.cases, 138",
        "audit-blind-7.cases, 104",
        "audit-blind-6.cases, 152",
        "audit-blind-5.cases, 158",
        "audit-blind-4.cases, 149",
        "audit-blind-3.cases, 180",
        "audit-blind-2.cases, 264",
        "audit-blind.cases, 365",
        "audit-lines-staff-shipments.cases, 265",
        "audit-store-sensors-campaigns.cases, 240",
        "audit-ledger-survey-web.cases, 254",
    })
    void auditsAreAnsweredRightOrDeclined(String file, int floor) throws Exception {
        assertThat(check(file).right()).as("right answers in " + file).isGreaterThanOrEqualTo(floor);
    }
}
