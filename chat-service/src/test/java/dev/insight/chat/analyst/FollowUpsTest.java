package dev.insight.chat.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.insight.chat.memory.MemoryRecords;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Follow-ups read as the question before them with one thing changed, and those that cannot be. */
class FollowUpsTest {

    /** The planner tests' sales, over two years, so that either year can be asked about. */
    static final Dataset ORDERS = twoYears(QuestionPlannerTest.SALES);

    private final QuestionPlanner planner = new QuestionPlanner(50, 1000);

    private static Dataset twoYears(Dataset sales) {
        List<Dataset.Column> columns = new ArrayList<>();
        for (Dataset.Column c : sales.columns()) {
            columns.add(c.kind() != Dataset.Kind.TEMPORAL ? c : new Dataset.Column(c.name(), c.type(), c.kind(),
                    c.topValues(), c.distinctCount(), c.nullCount(), "2023-01-01", c.max(), c.mean()));
        }
        return new Dataset(sales.fileId(), "orders.csv", sales.rowCount(), columns);
    }

    private String sql(String question) {
        Plan plan = planner.plan(question, ORDERS);
        assertThat(plan).as(question + " → " + plan).isInstanceOf(Plan.Query.class);
        return ((Plan.Query) plan).spec().sql();
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(delimiter = '|', textBlock = """
            total revenue by region in 2024             | what about 2023?                 | total revenue by region in 2023
            total revenue by region                     | and in 2023?                     | total revenue by region in 2023
            total revenue by region in 2024             | ok, and for Q1 2024?             | total revenue by region in q1 2024
            how many orders in March 2024?              | what about April 2024?           | how many orders in april 2024?
            total revenue in the East                   | what about the West?             | total revenue in the West
            total revenue in the East                   | and West?                        | total revenue in the West
            total revenue in the East                   | how about the North region?      | total revenue in the North
            total revenue by product_name               | only the West                    | total revenue by product_name for West
            average units for Widgets in 2024           | how about gadgets                | average units for gadgets in 2024
            total revenue by region                     | by month?                        | total revenue by month
            total revenue by region in 2024             | now break it down by product_name| total revenue by region and product_name in 2024
            total revenue by region in 2024             | now by product_name              | total revenue by product_name in 2024
            total revenue in 2024                       | and by region                    | total revenue in 2024 by region
            total revenue                               | what about the average?          | average revenue
            total revenue by region                     | and the average units?           | average units by region
            average revenue by region in 2024           | and the median unit price?       | median unit price by region in 2024
            what is the average unit price by region?   | and the median?                  | what is the median unit price by region?
            total revenue by region                     | what about units?                | total units by region
            top 3 products by revenue                   | what about the top 5?            | top 5 products by revenue
            top 3 products by revenue                   | and the bottom 3                 | bottom 3 products by revenue
            top 3 products by revenue                   | what about units                 | top 3 products by units
            which region has the highest revenue        | and the lowest?                  | which region has the lowest revenue
            total revenue by region in 2024             | what about the West in 2023?     | total revenue by region in 2023 for West
            total revenue by region                     | by month for 2024                | total revenue by month for 2024
            how many orders in the East                 | and how many of them in 2023?    | how many orders in the East in 2023
            top 3 products by revenue                   | and by units?                    | top 3 products by units
            how many orders in March 2024?              | what about April?                | how many orders in april 2024?
            total revenue by region in 2024             | and the revenue per unit?        | revenue per unit by region in 2024
            ok, total revenue by region                 | what about 2023                  | total revenue by region in 2023
            top 3 products by revenue                   | and the bottom?                  | bottom 3 products by revenue
            total revenue by region in 2024             | same for 2023 please             | total revenue by region in 2023
            """)
    void readsTheFollowUpAsTheQuestionBeforeWithOneChange(String previous, String message, String reading) {
        String fragment = FollowUps.fragment(message);
        assertThat(fragment).as(message).isNotNull();
        assertThat(FollowUps.read(planner, message, previous, ORDERS).reading()).isEqualTo(reading);
        // the reading is planned like any question
        assertThat(sql(reading)).startsWith("SELECT");
    }

    @Test
    void theChangeLandsInTheSql() {
        String reading = FollowUps.combine("total revenue by region in 2024", FollowUps.fragment("what about 2023?"), ORDERS);
        assertThat(sql(reading)).contains("DATE '2023-01-01'").contains("DATE '2024-01-01'").doesNotContain("2025");
        reading = FollowUps.combine("total revenue in the East", FollowUps.fragment("and the West?"), ORDERS);
        assertThat(sql(reading)).contains("'West'").doesNotContain("'East'");
        reading = FollowUps.combine("total revenue by region", FollowUps.fragment("by month"), ORDERS);
        assertThat(sql(reading)).contains("strftime(\"order_date\", '%Y-%m')").doesNotContain("\"Region\"");
    }

    @ParameterizedTest(name = "{0} + {1}")
    @CsvSource(delimiter = '|', textBlock = """
            total revenue in 2023 vs 2024              | what about 2022?
            revenue for Widget or Gadget               | and Gizmo?
            total and average revenue by region        | what about the median?
            total revenue by region                    | what about the average?
            top 3 products with the highest revenue    | and the lowest?
            average units by region                    | and how many of them in 2023?
            total revenue by region                    | what about the top 5?
            total revenue by region                    | by colour
            total revenue by region                    | what about 2024, by product and by month
            total revenue last month                   | what about 2023?
            total revenue by region                    | what about the weather?
            whats our total revenue so far             | what about unit price?
            average unit price by region               | and the total?
            """)
    void leavesAloneWhatItCannotPlace(String previous, String message) {
        assertThat(FollowUps.combine(previous, FollowUps.fragment(message), ORDERS)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"total revenue by region", "How many rows are there?", "describe the file",
            "what is the average price of widgets sold in the east region during march of 2024 by week"})
    void questionsThatStandAloneAreNoFollowUps(String question) {
        assertThat(FollowUps.isFollowUp(question)).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            what about the weather?         | true
            ok, how about gizmos            | true
            same for 2023 please            | true
            only the West                   | true
            and how many rows are there?    | false
            in 2024?                        | false
            """)
    void knowsMessagesThatCanOnlyBeFollowUps(String message, boolean only) {
        assertThat(FollowUps.isFollowUp(message)).isTrue();
        assertThat(FollowUps.onlyAFollowUp(message)).isEqualTo(only);
    }

    @Test
    void declinesOnlyWhatCanOnlyBeAFollowUp() {
        FollowUps.Read unplaced = FollowUps.read(planner, "and Gizmo?", "total revenue for Widget or Gadget", ORDERS);
        assertThat(unplaced.plan()).isInstanceOf(Plan.Decline.class);
        assertThat(((Plan.Decline) unplaced.plan()).reason()).startsWith("This reads like a follow-up to your question");
        assertThat(FollowUps.read(planner, "what about the weather?", "total revenue", ORDERS).plan())
                .isInstanceOf(Plan.Decline.class);
        // a question of its own is answered as it stands
        FollowUps.Read whole = FollowUps.read(planner, "what about total revenue by region in 2023?", "total units", ORDERS);
        assertThat(whole.reading()).isNull();
        assertThat(((Plan.Query) whole.plan()).spec().sql()).contains("SUM(\"revenue\")").contains("DATE '2023-01-01'");
        FollowUps.Read first = FollowUps.read(planner, "what about 2023?", null, ORDERS);
        assertThat(first.reading()).isNull();
    }

    @Test
    void anAggregateWordBeforeWordsThatNameNoColumnHasNoReading() {
        // "avg" and then no one column ("on page" names none here): it threw a NullPointerException, a 500 to the user
        Dataset web = new Dataset(UUID.randomUUID(), "web.csv", 500, List.of(
                new Dataset.Column("page", "VARCHAR", Dataset.Kind.TEXT, List.of("/blog", "/pricing"), 2L, 0L, null,
                        null, null),
                new Dataset.Column("sessions", "BIGINT", Dataset.Kind.NUMBER, List.of(), 400L, 0L, "1", "900", "50"),
                new Dataset.Column("avg_time_sec", "DOUBLE", Dataset.Kind.NUMBER, List.of(), 400L, 0L, "1", "300", "60")));
        FollowUps.Read read = FollowUps.read(planner, "and the avg on page?", "sessions on /blog", web);
        assertThat(read.plan()).isInstanceOf(Plan.Decline.class);
        assertThat(((Plan.Decline) read.plan()).reason()).isNotEqualTo(QuestionPlanner.PLANNER_FAILED);
    }

    @Test
    void aCurrencySaidByNameIsTheCodeTheLedgerHolds() {
        Dataset ledger = new Dataset(UUID.randomUUID(), "ledger.csv", 500, List.of(
                new Dataset.Column("account", "VARCHAR", Dataset.Kind.TEXT, List.of("Operating", "Reserve"), 2L, 0L, null,
                        null, null),
                new Dataset.Column("currency", "VARCHAR", Dataset.Kind.TEXT, List.of("USD", "EUR"), 2L, 0L, null, null,
                        null),
                new Dataset.Column("debit", "DOUBLE", Dataset.Kind.NUMBER, List.of(), 400L, 100L, "1", "900", "50")));
        FollowUps.Read euros = FollowUps.read(planner, "what about euros?", "total debits in USD", ledger);
        assertThat(euros.reading()).isEqualTo("total debits in EUR");
        assertThat(((Plan.Query) euros.plan()).spec().sql()).contains("\"currency\" = 'EUR'").doesNotContain("USD");
        // an account keeps its own currency: its money in euros may mean converted, so that is not guessed
        assertThat(FollowUps.read(planner, "what about euros?", "total debits of the Operating account in USD", ledger)
                .plan()).isInstanceOf(Plan.Decline.class);
    }

    @Test
    void buildsOnTheEarlierReadingWhereThereIsOne() {
        UUID conversation = UUID.randomUUID();
        MemoryRecords.ContextWindow window = new MemoryRecords.ContextWindow(conversation, null, List.of(
                message(conversation, 1, "user", "total revenue by region in 2024", Map.of()),
                message(conversation, 2, "assistant", "…", Map.of()),
                message(conversation, 3, "user", "what about 2023?",
                        Map.of(FollowUps.READING, "total revenue by region in 2023")),
                message(conversation, 4, "assistant", "…", Map.of())));
        assertThat(FollowUps.previousQuestion(window)).isEqualTo("total revenue by region in 2023");
        assertThat(FollowUps.combine(FollowUps.previousQuestion(window), FollowUps.fragment("and the West"), ORDERS))
                .isEqualTo("total revenue by region in 2023 for West");
        assertThat(FollowUps.previousQuestion(MemoryRecords.ContextWindow.empty(conversation))).isNull();
    }

    private static MemoryRecords.Message message(UUID conversation, long seq, String role, String content,
            Map<String, Object> metadata) {
        return new MemoryRecords.Message(UUID.randomUUID(), conversation, seq, role, content, metadata, Instant.now());
    }
}
