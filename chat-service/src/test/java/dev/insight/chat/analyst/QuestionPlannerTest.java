package dev.insight.chat.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.insight.chat.provider.Answer;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The NL→SQL planner alone: many questions, the exact SQL (or the decline) each must give. No I/O. */
class QuestionPlannerTest {

    static final Dataset SALES = new Dataset(UUID.randomUUID(), "sales.csv", 200, List.of(
            new Dataset.Column("order_date", "DATE", Dataset.Kind.TEMPORAL, List.of(), 300L, 0L, "2024-01-01", "2024-12-30", null),
            new Dataset.Column("Region", "VARCHAR", Dataset.Kind.TEXT, List.of("North", "South", "East", "West"), 4L, 0L,
                    null, null, null),
            new Dataset.Column("product_name", "VARCHAR", Dataset.Kind.TEXT,
                    List.of("Widget", "Gadget", "Gizmo", "Doohickey", "Big Box"), 5L, 0L, null, null, null),
            new Dataset.Column("units", "BIGINT", Dataset.Kind.NUMBER, List.of(), 20L, 0L, "1", "20", "10.5"),
            new Dataset.Column("UnitPrice", "DOUBLE", Dataset.Kind.NUMBER, List.of(), 100L, 0L, "1.5", "99.5", "50.2"),
            new Dataset.Column("revenue", "DECIMAL(18,2)", Dataset.Kind.NUMBER, List.of(), 200L, 0L, "2", "1990", "500")));

    private final QuestionPlanner planner = new QuestionPlanner(50, 1000);

    private String sql(String question) {
        Plan plan = planner.plan(question, SALES);
        assertThat(plan).as(question + " → " + plan).isInstanceOf(Plan.Query.class);
        return ((Plan.Query) plan).spec().sql();
    }

    private Plan.Decline declined(String question) {
        Plan plan = planner.plan(question, SALES);
        assertThat(plan).as(question + " → " + plan).isInstanceOf(Plan.Decline.class);
        return (Plan.Decline) plan;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "How many rows are there?|SELECT COUNT(*) AS \"row_count\" FROM data",
            "count the records|SELECT COUNT(*) AS \"row_count\" FROM data",
            "how many orders in North|SELECT COUNT(*) AS \"row_count\" FROM data WHERE \"Region\" = 'North'",
            "number of rows where units > 10|SELECT COUNT(*) AS \"row_count\" FROM data WHERE \"units\" > 10",
            "orders with units over 10|SELECT COUNT(*) AS \"row_count\" FROM data WHERE \"units\" > 10",
    })
    void counts(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "total revenue|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data",
            "What's the sum of Revenue?|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data",
            "average unit price|SELECT AVG(\"UnitPrice\") AS \"average_unitprice\" FROM data",
            "mean unit_price|SELECT AVG(\"UnitPrice\") AS \"average_unitprice\" FROM data",
            "median units|SELECT MEDIAN(\"units\") AS \"median_units\" FROM data",
            "min revenue|SELECT MIN(\"revenue\") AS \"min_revenue\" FROM data",
            "maximum revenue|SELECT MAX(\"revenue\") AS \"max_revenue\" FROM data",
            "lowest unit price|SELECT MIN(\"UnitPrice\") AS \"min_unitprice\" FROM data",
            "highest revenue|SELECT MAX(\"revenue\") AS \"max_revenue\" FROM data",
            "earliest order date|SELECT MIN(\"order_date\") AS \"min_order_date\" FROM data",
            "latest order_date|SELECT MAX(\"order_date\") AS \"max_order_date\" FROM data",
            "how many units were sold|SELECT SUM(\"units\") AS \"total_units\" FROM data",
            "how many distinct products|SELECT COUNT(DISTINCT \"product_name\") AS \"distinct_product_name\" FROM data",
            "how many regions|SELECT COUNT(DISTINCT \"Region\") AS \"distinct_region\" FROM data",
            "number of unique product names|SELECT COUNT(DISTINCT \"product_name\") AS \"distinct_product_name\" FROM data",
    })
    void aggregates(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "What's the total revenue by region?|SELECT \"Region\" AS \"Region\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 51",
            "revenue per region|SELECT \"Region\" AS \"Region\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 51",
            "Give me the total revenue for each region please|SELECT \"Region\" AS \"Region\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 51",
            "average unit price per product|SELECT \"product_name\" AS \"product_name\", AVG(\"UnitPrice\") AS \"average_unitprice\" FROM data GROUP BY 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 51",
            "count of orders by region where units at least 5|SELECT \"Region\" AS \"Region\", COUNT(*) AS \"row_count\" FROM data WHERE \"units\" >= 5 GROUP BY 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 51",
            "number of unique product names by region|SELECT \"Region\" AS \"Region\", COUNT(DISTINCT \"product_name\") AS \"distinct_product_name\" FROM data GROUP BY 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 51",
            "revenue by region and product|SELECT \"Region\" AS \"Region\", \"product_name\" AS \"product_name\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1, 2 ORDER BY 3 DESC NULLS LAST, 1, 2 LIMIT 51",
            "revenue by region by month|SELECT \"Region\" AS \"Region\", strftime(\"order_date\", '%Y-%m') AS \"month\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1, 2 ORDER BY 3 DESC NULLS LAST, 1, 2 LIMIT 51",
    })
    void groups(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "top 5 products by units|SELECT \"product_name\" AS \"product_name\", SUM(\"units\") AS \"total_units\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY SUM(\"units\") DESC NULLS LAST) <= 5 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 26",
            "bottom 3 regions by revenue|SELECT \"Region\" AS \"Region\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY SUM(\"revenue\") ASC NULLS LAST) <= 3 ORDER BY 2 ASC NULLS LAST, 1 LIMIT 24",
            "which region has the highest revenue|SELECT \"Region\" AS \"Region\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY SUM(\"revenue\") DESC NULLS LAST) <= 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 22",
            "which product has the lowest average unit price|SELECT \"product_name\" AS \"product_name\", AVG(\"UnitPrice\") AS \"average_unitprice\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY AVG(\"UnitPrice\") ASC NULLS LAST) <= 1 ORDER BY 2 ASC NULLS LAST, 1 LIMIT 22",
            "top 3 regions by average unit price|SELECT \"Region\" AS \"Region\", AVG(\"UnitPrice\") AS \"average_unitprice\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY AVG(\"UnitPrice\") DESC NULLS LAST) <= 3 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 24",
            "top ten products by rev|SELECT \"product_name\" AS \"product_name\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY SUM(\"revenue\") DESC NULLS LAST) <= 10 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 31",
            "top ten products by revenue|SELECT \"product_name\" AS \"product_name\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY SUM(\"revenue\") DESC NULLS LAST) <= 10 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 31",
            "what is the top product by revenue|SELECT \"product_name\" AS \"product_name\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY SUM(\"revenue\") DESC NULLS LAST) <= 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 22",
            "which product has the most rows|SELECT \"product_name\" AS \"product_name\", COUNT(*) AS \"row_count\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY COUNT(*) DESC NULLS LAST) <= 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 22",
            "top 5 product_name by units in March|SELECT \"product_name\" AS \"product_name\", SUM(\"units\") AS \"total_units\" FROM data WHERE month(\"order_date\") = 3 GROUP BY 1 QUALIFY rank() OVER (ORDER BY SUM(\"units\") DESC NULLS LAST) <= 5 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 26",
    })
    void ranks(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    /** Groups tied for first place are all named; past twenty, the answer says there are more. */
    @Test
    void tiesForFirstPlaceAreAllNamed() {
        Plan.QuerySpec spec = ((Plan.Query) planner.plan("which region has the highest revenue", SALES)).spec();
        List<dev.insight.chat.provider.Answer.Column> columns = List.of(new dev.insight.chat.provider.Answer.Column("Region",
                "VARCHAR"), new dev.insight.chat.provider.Answer.Column("total_revenue", "DOUBLE"));
        assertThat(AnswerWriter.write(spec, new AnswerWriter.Result(columns, List.of(List.of("East", 1200.5),
                List.of("North", 1200.5), List.of("West", 1200.5)), false), "sales.csv").text())
                .isEqualTo("East, North and West share the highest total revenue in sales.csv: 1,200.50.");
        assertThat(AnswerWriter.write(spec, new AnswerWriter.Result(columns, List.of(List.<Object>of("East", 99)), false),
                "sales.csv").text()).isEqualTo("East has the highest total revenue in sales.csv: 99.");
        List<List<Object>> many = new java.util.ArrayList<>();
        for (int i = 0; i <= Plan.QuerySpec.TIED_ROWS; i++) {
            many.add(List.of("R" + i, 5));
        }
        assertThat(AnswerWriter.write(spec, new AnswerWriter.Result(columns, many, false), "sales.csv").text())
                .startsWith("More than 20 Region values (R0, R1,").endsWith(", …) share the highest total revenue in sales.csv: 5.");
        // the query reads one row past what is shown: the table keeps the first place and 20 tied with it, marked cut
        many.add(List.of("R21", 5));
        AnswerWriter.Written cut = AnswerWriter.write(spec, new AnswerWriter.Result(columns, many, false), "sales.csv");
        assertThat(cut.table().rows()).hasSize(1 + Plan.QuerySpec.TIED_ROWS);
        assertThat(cut.table().truncated()).isTrue();
        assertThat(cut.text()).startsWith("More than 20 Region values (R0, R1,");

        // a group tied with the last of the top N is listed, and the answer says why there are more
        Plan.QuerySpec top2 = ((Plan.Query) planner.plan("top 2 regions by revenue", SALES)).spec();
        assertThat(AnswerWriter.write(top2, new AnswerWriter.Result(columns, List.of(List.of("A", 10), List.of("B", 5),
                List.of("C", 5)), false), "sales.csv").text()).isEqualTo(
                "Top 2 Region by total revenue in sales.csv: A (10), B (5), C (5). Equal figures share a place, so 3 are listed.");
        // the second highest is the next figure below the first, with every region that has it
        Plan.QuerySpec second = ((Plan.Query) planner.plan("which region has the second highest revenue", SALES)).spec();
        assertThat(second.sql()).contains("QUALIFY dense_rank() OVER (ORDER BY SUM(\"revenue\") DESC NULLS LAST) = 2");
        assertThat(AnswerWriter.write(second, new AnswerWriter.Result(columns, List.of(List.of("B", 5), List.of("C", 5)),
                false), "sales.csv").text()).isEqualTo("B and C share the second highest total revenue in sales.csv: 5.");
        assertThat(AnswerWriter.write(second, new AnswerWriter.Result(columns, List.of(), false), "sales.csv").text())
                .isEqualTo("No Region has the second highest total revenue in sales.csv: there are fewer than 2 different figures.");
    }

    /**
     * "Which site has the highest failure rate": a ranking of each group's rate of a value, said with the part and the
     * group's own count; a bound on the rate is said in percent of the rows.
     */
    @Test
    void ratesOfAValueAreRankedAndBoundedByTheirPercentages() {
        Dataset readings = new Dataset(UUID.randomUUID(), "readings.csv", 1000, List.of(
                new Dataset.Column("site", "VARCHAR", Dataset.Kind.TEXT, List.of("North", "South"), 2L, 0L, null, null,
                        null),
                new Dataset.Column("status", "VARCHAR", Dataset.Kind.TEXT, List.of("ok", "warn", "fail"), 3L, 0L, null,
                        null, null)));
        Plan.QuerySpec ranked = ((Plan.Query) planner.plan("which site has the highest failure rate", readings)).spec();
        assertThat(ranked.sql()).contains("QUALIFY rank() OVER (ORDER BY 100.0 * COALESCE(COUNT(*) FILTER (WHERE "
                + "\"status\" = 'fail'), 0) / NULLIF(COUNT(*), 0) DESC NULLS LAST) <= 1");
        List<dev.insight.chat.provider.Answer.Column> columns = List.of(
                new dev.insight.chat.provider.Answer.Column("site", "VARCHAR"),
                new dev.insight.chat.provider.Answer.Column("row_count_matching", "BIGINT"),
                new dev.insight.chat.provider.Answer.Column("row_count", "BIGINT"),
                new dev.insight.chat.provider.Answer.Column("percent_of_group", "DOUBLE"));
        assertThat(AnswerWriter.write(ranked, new AnswerWriter.Result(columns, List.of(List.of("South", 30, 400, 7.5)),
                false), "readings.csv").text()).isEqualTo("South has the highest share of the number of rows where status "
                        + "is fail in readings.csv: 7.50% (30 of 400).");

        Plan.QuerySpec bounded = ((Plan.Query) planner.plan("sites with a failure rate above 5%", readings)).spec();
        assertThat(bounded.sql()).contains(" HAVING 100.0 * COALESCE(COUNT(*) FILTER (WHERE \"status\" = 'fail'), 0) "
                + "/ NULLIF(COUNT(*), 0) > 5 ");
        assertThat(bounded.having()).isEqualTo(" with over 5% of the number of rows where status is fail");
        assertThat(planner.plan("average failure rate by site", readings)).isInstanceOf(Plan.Decline.class);
    }

    /** A planner failure (here a summary with a nameless column) is a decline that says so, never an exception. */
    @Test
    void aFailureOfThePlannerIsADeclineNotAnError() {
        Dataset broken = new Dataset(UUID.randomUUID(), "broken.csv", 10, List.of(new Dataset.Column(null, "VARCHAR",
                Dataset.Kind.TEXT, List.of("North"), 1L, 0L, null, null, null)));
        Plan plan = planner.plan("total revenue by region", broken);
        assertThat(plan).isInstanceOf(Plan.Decline.class);
        assertThat(((Plan.Decline) plan).reason()).isEqualTo(QuestionPlanner.PLANNER_FAILED);
    }

    /** A group without values has no share, whatever the total; a whole of zero gives no shares at all. */
    @Test
    void sharesOfGroupsWithoutValues() {
        Plan.QuerySpec spec = ((Plan.Query) planner.plan("revenue share by region", SALES)).spec();
        List<dev.insight.chat.provider.Answer.Column> columns = List.of(
                new dev.insight.chat.provider.Answer.Column("Region", "VARCHAR"),
                new dev.insight.chat.provider.Answer.Column("total_revenue", "DOUBLE"),
                new dev.insight.chat.provider.Answer.Column("percent_of_total", "DOUBLE"));
        List<List<Object>> rows = new java.util.ArrayList<>();
        rows.add(List.of("East", 980.0, 100.0));
        rows.add(java.util.Arrays.asList(null, null, null));
        assertThat(AnswerWriter.write(spec, new AnswerWriter.Result(columns, rows, false), "sales.csv").text())
                .contains("East: 980 (100%)").contains("(none): (none) (no values, so no share)")
                .doesNotContain("total is zero");
        List<List<Object>> zero = List.of(java.util.Arrays.asList("East", 0, null));
        assertThat(AnswerWriter.write(spec, new AnswerWriter.Result(columns, zero, false), "sales.csv").text())
                .contains("East: 0 (no share: the total is zero)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "revenue where region is North|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"Region\" = 'North'",
            "revenue where region is 'north'|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE lower(CAST(\"Region\" AS VARCHAR)) = 'north'",
            "revenue where region = \"O'Brien\"|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE lower(CAST(\"Region\" AS VARCHAR)) = 'o''brien'",
            "revenue where region is not North|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"Region\" IS DISTINCT FROM 'North'",
            "revenue in North and South|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"Region\" IN ('North', 'South')",
            "sum of units for Big Box|SELECT SUM(\"units\") AS \"total_units\" FROM data WHERE \"product_name\" = 'Big Box'",
            "total revenue for orders with more than 10 units|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"units\" > 10",
            "average revenue for units between 5 and 10|SELECT AVG(\"revenue\") AS \"average_revenue\" FROM data WHERE \"units\" BETWEEN 5 AND 10",
            "revenue where unit price is less than or equal to 9.5|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"UnitPrice\" <= 9.5",
            "revenue where units is at most 3|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"units\" <= 3",
            "total revenue where units >= 1,000|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"units\" >= 1000",
    })
    void filters(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    /** A negation is never dropped: the value after it is excluded (rows without a value included), or it declines. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "total revenue not in North|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"Region\" IS DISTINCT FROM 'North'",
            "how many orders not in the West|SELECT COUNT(*) AS \"row_count\" FROM data WHERE \"Region\" IS DISTINCT FROM 'West'",
            "revenue excluding North or South|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"Region\" IS DISTINCT FROM 'North' AND \"Region\" IS DISTINCT FROM 'South'",
            "units for products other than Gadget|SELECT SUM(\"units\") AS \"total_units\" FROM data WHERE \"product_name\" IS DISTINCT FROM 'Gadget'",
            "revenue in North except Gadget|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"product_name\" IS DISTINCT FROM 'Gadget' AND \"Region\" = 'North'",
    })
    void negations(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    /** Two values of one column, or two periods joined by and/or, are alternatives: a row is never in both. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "total revenue where region is North or South|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"Region\" IN ('North', 'South')",
            "revenue where region is North and product is Gadget|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"Region\" = 'North' AND \"product_name\" = 'Gadget'",
            "total revenue in Q1 and Q2|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE ((quarter(\"order_date\") = 1) OR (quarter(\"order_date\") = 2))",
            "total revenue in January 2024 and February 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE ((\"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2024-02-01') OR (\"order_date\" >= DATE '2024-02-01' AND \"order_date\" < DATE '2024-03-01'))",
            "revenue in March and April 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE ((\"order_date\" >= DATE '2024-03-01' AND \"order_date\" < DATE '2024-04-01') OR (\"order_date\" >= DATE '2024-04-01' AND \"order_date\" < DATE '2024-05-01'))",
            "revenue in Q1 and Q2 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE ((\"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2024-04-01') OR (\"order_date\" >= DATE '2024-04-01' AND \"order_date\" < DATE '2024-07-01'))",
            "revenue in Q1, Q2 and Q3|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE ((quarter(\"order_date\") = 1) OR (quarter(\"order_date\") = 2) OR (quarter(\"order_date\") = 3))",
            "revenue in 2024 in Q1|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2025-01-01' AND quarter(\"order_date\") = 1",
    })
    void alternatives(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "total revenue in the first quarter of 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2024-04-01'",
            "how many orders in the 3rd quarter|SELECT COUNT(*) AS \"row_count\" FROM data WHERE quarter(\"order_date\") = 3",
            "which month had the highest revenue|SELECT strftime(\"order_date\", '%Y-%m') AS \"month\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 QUALIFY rank() OVER (ORDER BY SUM(\"revenue\") DESC NULLS LAST) <= 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 22",
            "count of revenue|SELECT COUNT(\"revenue\") AS \"rows_with_revenue\" FROM data",
            "how many orders have a unit price|SELECT COUNT(*) AS \"row_count\" FROM data WHERE \"UnitPrice\" <> 0",
            "number of units in North|SELECT SUM(\"units\") AS \"total_units\" FROM data WHERE \"Region\" = 'North'",
    })
    void ordinalsAndCounts(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    @Test
    void wordsThatWouldChangeTheQuestionAreNeverDropped() {
        assertThat(declined("total revenue in the second week of March 2024").reason()).contains("\"week\"");
        // (the first week of a month is its first seven days, and the answer's label says so)
        assertThat(((Plan.Query) planner.plan("total revenue in the first week of March 2024", SALES)).spec().filters())
                .extracting(Plan.Filter::describe).containsExactly("order_date between 2024-03-01 and 2024-03-07");
        assertThat(declined("revenue not above average").reason()).isNotBlank();
        assertThat(declined("revenue without discounts").reason()).contains("\"without\"");
    }

    @Test
    void halvesSaidAsCodesAreTheHalvesOfTheYear() {
        String firstHalf = "\"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2024-07-01'";
        assertThat(sql("total revenue in H1 2024")).contains(firstHalf);
        assertThat(sql("revenue 2024 h1")).contains(firstHalf);
        assertThat(sql("units h1 2024 north")).contains(firstHalf).contains("\"Region\" = 'North'");
        // the data lie in 2024 alone: a half without a year is 2024's, where the data hold it whole (they stop on
        // December 30: the second half is not)
        assertThat(sql("revenue in h1")).contains(firstHalf);
        assertThat(planner.plan("revenue in h2", SALES)).isInstanceOf(Plan.Decline.class);
        // where the table holds the codes as values, they name those values
        Dataset report = new Dataset(UUID.randomUUID(), "halves.csv", 40, List.of(
                new Dataset.Column("half", "VARCHAR", Dataset.Kind.TEXT, List.of("H1", "H2"), 2L, 0L, null, null, null),
                new Dataset.Column("revenue", "DOUBLE", Dataset.Kind.NUMBER, List.of(), 40L, 0L, "1", "9", "5")));
        assertThat(((Plan.Query) planner.plan("revenue in H1", report)).spec().sql()).contains("\"half\" = 'H1'");
    }

    @Test
    void commonWordsNameTheOneMeasureThatHoldsThem() {
        Dataset orders = new Dataset(UUID.randomUUID(), "orders2.csv", 300, List.of(
                new Dataset.Column("Order Date", "TIMESTAMP", Dataset.Kind.TEMPORAL, List.of(), 300L, 0L, null, null, null),
                new Dataset.Column("Customer Segment", "VARCHAR", Dataset.Kind.TEXT, List.of("Consumer", "Education"), 2L,
                        0L, null, null, null),
                new Dataset.Column("Sales Amount", "DOUBLE", Dataset.Kind.NUMBER, List.of(), 300L, 0L, "1", "9", "5"),
                new Dataset.Column("order_id", "BIGINT", Dataset.Kind.NUMBER, List.of(), 300L, 0L, "1", "300", "150")));
        assertThat(((Plan.Query) planner.plan("sales by month", orders)).spec().sql()).isEqualTo(
                "SELECT strftime(\"Order Date\", '%Y-%m') AS \"month\", SUM(\"Sales Amount\") AS \"total_sales_amount\" "
                        + "FROM data GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51");
        assertThat(((Plan.Query) planner.plan("total sales where customer segment is Education", orders)).spec().sql())
                .isEqualTo("SELECT SUM(\"Sales Amount\") AS \"total_sales_amount\" FROM data WHERE \"Customer Segment\" = 'Education'");
        // counted, "sales" are rows
        assertThat(((Plan.Query) planner.plan("how many sales in 2024", orders)).spec().sql()).isEqualTo(
                "SELECT COUNT(*) AS \"row_count\" FROM data WHERE \"Order Date\" >= DATE '2024-01-01' AND \"Order Date\" < DATE '2025-01-01'");
        // the file's own name, digits and all, is not part of the question
        assertThat(planner.plan("describe orders2.csv", orders)).isInstanceOf(Plan.Describe.class);
        assertThat(planner.plan("Describe ORDERS2", orders)).isInstanceOf(Plan.Describe.class);
        Dataset yearly = new Dataset(UUID.randomUUID(), "sales_2024.csv", 1, SALES.columns());
        assertThat(planner.plan("describe sales_2024.csv", yearly)).isInstanceOf(Plan.Describe.class);
        assertThat(((Plan.Query) planner.plan("total revenue in sales_2024.csv", yearly)).spec().sql())
                .isEqualTo("SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "total revenue in March 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-03-01' AND \"order_date\" < DATE '2024-04-01'",
            "revenue in 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2025-01-01'",
            "how many units were sold in Q1 2024|SELECT SUM(\"units\") AS \"total_units\" FROM data WHERE \"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2024-04-01'",
            "revenue between 2024-01-01 and 2024-03-31|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2024-04-01'",
            "revenue from January 2024 to March 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2024-04-01'",
            "revenue since March 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-03-01'",
            "revenue after March 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-04-01'",
            "revenue before 2024-02-15|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" < DATE '2024-02-15'",
            "revenue on March 5, 2024|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-03-05' AND \"order_date\" < DATE '2024-03-06'",
            "revenue in march|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE month(\"order_date\") = 3",
            "revenue in Q2|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE quarter(\"order_date\") = 2",
    })
    void periods(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiterString = "→", value = {
            "revenue by month→SELECT strftime(\"order_date\", '%Y-%m') AS \"month\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51",
            "monthly revenue in 2024→SELECT strftime(\"order_date\", '%Y-%m') AS \"month\", SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2025-01-01' GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51",
            "orders per week→SELECT strftime(date_trunc('week', \"order_date\"), '%Y-%m-%d') AS \"week\", COUNT(*) AS \"row_count\" FROM data GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51",
            "daily count of orders→SELECT strftime(\"order_date\", '%Y-%m-%d') AS \"day\", COUNT(*) AS \"row_count\" FROM data GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51",
            "revenue by quarter→SELECT strftime(\"order_date\", '%Y') || '-Q' || CAST(quarter(\"order_date\") AS VARCHAR) AS \"quarter\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51",
            "yearly revenue→SELECT strftime(\"order_date\", '%Y') AS \"year\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51",
            "units per order_date month→SELECT strftime(\"order_date\", '%Y-%m') AS \"month\", SUM(\"units\") AS \"total_units\" FROM data GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51",
    })
    void buckets(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "what are the distinct regions|SELECT DISTINCT \"Region\" FROM data WHERE \"Region\" IS NOT NULL ORDER BY \"Region\" LIMIT 1001",
            "list the product names|SELECT DISTINCT \"product_name\" FROM data WHERE \"product_name\" IS NOT NULL ORDER BY \"product_name\" LIMIT 1001",
            "which regions are there|SELECT DISTINCT \"Region\" FROM data WHERE \"Region\" IS NOT NULL ORDER BY \"Region\" LIMIT 1001",
            "unique products in West|SELECT DISTINCT \"product_name\" FROM data WHERE \"Region\" = 'West' AND \"product_name\" IS NOT NULL ORDER BY \"product_name\" LIMIT 1001",
    })
    void distinctValues(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = { "describe sales.csv", "Summarise the data", "what columns are there?", "give me an overview" })
    void describes(String question) {
        assertThat(planner.plan(question, SALES)).isInstanceOf(Plan.Describe.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "why did revenue drop in March?", "forecast revenue for 2025", "what's the weather today",
            "total profit", "average salary by region", "revenue last month", "Revenue per Region in Paris",
            "", "???", "top 5 by revenue in Lyon", "revenue since March", "revenue by product by region by month",
            "average region", "revenue and units by region" })
    void declines(String question) {
        Plan.Decline decline = declined(question);
        assertThat(decline.reason()).isNotBlank();
        assertThat(decline.suggestions()).contains("How many rows are there?", "Total units by Region",
                "Top 5 Region by units", "Total units by month", "Distinct values of Region", "Describe sales.csv");
    }

    @Test
    void declinesNameWhatTheyDidNotUnderstand() {
        assertThat(declined("total profit").reason()).contains("\"profit\"");
        assertThat(declined("average salary by region").reason()).contains("\"salary\"");
        assertThat(declined("revenue last month").reason()).contains("relative date");
        assertThat(declined("average region").reason()).contains("not a numeric column");
    }

    @Test
    void declinesSayWhatWouldMakeTheQuestionExact() {
        Dataset shipments = new Dataset(UUID.randomUUID(), "shipments.csv", 100, List.of(
                new Dataset.Column("origin", "VARCHAR", Dataset.Kind.TEXT, List.of("Boston", "Denver"), 2L, 0L, null, null, null),
                new Dataset.Column("destination", "VARCHAR", Dataset.Kind.TEXT, List.of("Denver", "Boston"), 2L, 0L, null,
                        null, null),
                new Dataset.Column("customer_id", "BIGINT", Dataset.Kind.NUMBER, List.of(), 30L, 0L, "1", "30", null),
                new Dataset.Column("cost", "DOUBLE", Dataset.Kind.NUMBER, List.of(), 100L, 0L, "1", "90", null)));
        Plan.Decline both = (Plan.Decline) planner.plan("how many shipments in Boston", shipments);
        assertThat(both.reason()).contains("\"Boston\" is a value of \"origin\" and \"destination\"");
        assertThat(((Plan.Query) planner.plan("cost where destination is Boston", shipments)).spec().sql())
                .isEqualTo("SELECT SUM(\"cost\") AS \"total_cost\" FROM data WHERE \"destination\" = 'Boston'");
        // a condition said of things that span several rows is on each one's total, not on rows
        assertThat(((Plan.Query) planner.plan("how many customers have cost over 50", shipments)).spec().sql())
                .isEqualTo("SELECT COUNT(k) AS \"number_of_customer_id\" FROM (SELECT \"customer_id\" AS k, SUM(\"cost\") "
                        + "AS v FROM data GROUP BY 1 HAVING SUM(\"cost\") > 50)");
        assertThat(((Plan.Decline) planner.plan("which origin has the most customers with cost over 50", shipments))
                .reason()).contains("spans several rows");
        assertThat(((Plan.Query) planner.plan("revenue per unit", SALES)).spec().sql()).isEqualTo(
                "SELECT SUM(\"revenue\") / NULLIF(SUM(\"units\"), 0) AS \"revenue_per_units\" FROM data");
        assertThat(((Plan.Decline) planner.plan("UnitPrice per unit", SALES)).reason())
                .contains("only of two amounts that add up");
        assertThat(((Plan.Decline) planner.plan("revenue in Jan-Mar", SALES)).reason()).contains("needs a year");
        assertThat(((Plan.Decline) planner.plan("total customer_id", shipments)).reason()).contains("identifies rows");
        // by revenue? by units? by rows? not for the analyst to pick
        assertThat(((Plan.Decline) planner.plan("top products", SALES)).reason()).contains("Rank product_name by what?");
    }

    @Test
    void columnNamesMatchWhateverTheirCaseSeparatorsOrPlural() {
        Dataset odd = new Dataset(UUID.randomUUID(), "odd.csv", 10, List.of(
                Dataset.Column.of("Sales Amount", "DOUBLE"), Dataset.Column.of("store-city", "VARCHAR"),
                Dataset.Column.of("CategoryName", "VARCHAR"), Dataset.Column.of("qty", "INTEGER")));
        for (String q : List.of("total sales amount by store city", "Total SALES_AMOUNT by Store_City",
                "total salesamount per storecity", "total sales amounts by store cities")) {
            Plan plan = planner.plan(q, odd);
            assertThat(plan).as(q).isInstanceOf(Plan.Query.class);
            assertThat(((Plan.Query) plan).spec().sql()).as(q).isEqualTo(
                    "SELECT \"store-city\" AS \"store-city\", SUM(\"Sales Amount\") AS \"total_sales_amount\" FROM data "
                            + "GROUP BY 1 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 51");
        }
        Plan categories = planner.plan("average qty per category", odd);
        assertThat(((Plan.Query) categories).spec().sql()).startsWith("SELECT \"CategoryName\" AS \"CategoryName\", AVG(\"qty\")");
    }

    @Test
    void identifiersAndTextAreQuotedSafely() {
        assertThat(Plan.Sql.id("we\"ird")).isEqualTo("\"we\"\"ird\"");
        Dataset tricky = new Dataset(UUID.randomUUID(), "t.csv", 1, List.of(Dataset.Column.of("city", "VARCHAR"),
                Dataset.Column.of("amount", "DOUBLE")));
        Plan plan = planner.plan("amount where city is \"O'Brien'; DROP TABLE data; --\"", tricky);
        assertThat(((Plan.Query) plan).spec().sql()).isEqualTo("SELECT SUM(\"amount\") AS \"total_amount\" FROM data "
                + "WHERE lower(CAST(\"city\" AS VARCHAR)) = 'o''brien''; drop table data; --'");
    }

    @Test
    void aDatasetWithoutDatesDeclinesPeriods() {
        Dataset plain = new Dataset(UUID.randomUUID(), "p.csv", 3, List.of(Dataset.Column.of("city", "VARCHAR"),
                Dataset.Column.of("amount", "DOUBLE")));
        assertThat(((Plan.Decline) planner.plan("amount by month", plain)).reason()).contains("date column");
        assertThat(((Plan.Decline) planner.plan("amount in March 2024", plain)).reason()).contains("no date column");
    }

    @Test
    void numbersInAnswersAreFormattedWithoutInventingPrecision() {
        assertThat(AnswerWriter.number(1234)).isEqualTo("1,234");
        assertThat(AnswerWriter.number(1234.5678)).isEqualTo("1,234.57");
        assertThat(AnswerWriter.number("12.50")).isEqualTo("12.50");
        assertThat(AnswerWriter.number(new java.math.BigDecimal("100.000"))).isEqualTo("100");
        assertThat(AnswerWriter.number(0.0012345)).isEqualTo("0.001235");
        assertThat(AnswerWriter.number(229740.00000000003)).isEqualTo("229,740");
        assertThat(AnswerWriter.number(2.999)).isEqualTo("3");
        assertThat(AnswerWriter.number(-7.5)).isEqualTo("-7.50");
        assertThat(AnswerWriter.number(null)).isEqualTo("(none)");
        assertThat(AnswerWriter.number("North")).isEqualTo("North");
    }

    @Test
    void ratesGiveBothTotalsAndThePercentage() {
        Dataset campaigns = new Dataset(UUID.randomUUID(), "campaigns.csv", 100, List.of(
                new Dataset.Column("channel", "VARCHAR", Dataset.Kind.TEXT, List.of("Email", "Search"), 2L, 0L, null, null,
                        null),
                new Dataset.Column("clicks", "BIGINT", Dataset.Kind.NUMBER, List.of(), 90L, 0L, "0", "900", "40"),
                new Dataset.Column("impressions", "BIGINT", Dataset.Kind.NUMBER, List.of(), 95L, 0L, "0", "9000", "400"),
                new Dataset.Column("conversions", "BIGINT", Dataset.Kind.NUMBER, List.of(), 30L, 0L, "0", "50", "4")));
        List<Answer.Column> columns = List.of(new Answer.Column("total_conversions", "BIGINT"),
                new Answer.Column("total_clicks", "BIGINT"), new Answer.Column("rate_percent", "DOUBLE"));
        Plan.QuerySpec overall = ((Plan.Query) planner.plan("conversion rate on Email", campaigns)).spec();
        assertThat(((Plan.Query) planner.plan("conv rate on Email", campaigns)).spec().sql()).isEqualTo(overall.sql());
        assertThat(overall.sql()).isEqualTo("SELECT SUM(\"conversions\") AS \"total_conversions\", SUM(\"clicks\") AS "
                + "\"total_clicks\", 100.0 * SUM(\"conversions\") / NULLIF(SUM(\"clicks\"), 0) AS rate_percent FROM data "
                + "WHERE \"channel\" = 'Email'");
        assertThat(AnswerWriter.write(overall, new AnswerWriter.Result(columns, List.of(List.of(12, 400, 3.0)), false),
                "campaigns.csv").text()).isEqualTo("The rate of total conversions over total clicks in campaigns.csv where "
                        + "channel is Email is 3% (12 of 400).");
        // no clicks at all: no rate, and the answer says why
        assertThat(AnswerWriter.write(overall, new AnswerWriter.Result(columns, java.util.Arrays.asList(
                java.util.Arrays.asList(0, 0, null)), false), "campaigns.csv").text()).contains("not to be had (the whole is zero)");
        Plan.QuerySpec ranked = ((Plan.Query) planner.plan("which channel has the highest click-through rate", campaigns))
                .spec();
        assertThat(ranked.sql()).contains("QUALIFY rank() OVER (ORDER BY 100.0 * SUM(\"clicks\") / "
                + "NULLIF(SUM(\"impressions\"), 0) DESC NULLS LAST) <= 1");
        assertThat(AnswerWriter.write(ranked, new AnswerWriter.Result(columns, List.of(List.of("Email", 10, 100, 10.0),
                List.of("Search", 20, 200, 10.0)), false), "campaigns.csv").text()).isEqualTo("Email and Search share the "
                        + "highest rate of total clicks over total impressions in campaigns.csv: 10% (10 of 100).");
        // a rate of columns the table does not have is not guessed
        assertThat(planner.plan("bounce rate by channel", campaigns)).isInstanceOf(Plan.Decline.class);
        assertThat(planner.plan("profit margin by channel", campaigns)).isInstanceOf(Plan.Decline.class);
        // a margin is profit over sales, where the table has both
        Dataset store = new Dataset(UUID.randomUUID(), "store.csv", 100, List.of(
                new Dataset.Column("Segment", "VARCHAR", Dataset.Kind.TEXT, List.of("Consumer"), 1L, 0L, null, null, null),
                new Dataset.Column("Sales", "DOUBLE", Dataset.Kind.NUMBER, List.of(), 99L, 0L, "1", "900", "40"),
                new Dataset.Column("Profit", "DOUBLE", Dataset.Kind.NUMBER, List.of(), 99L, 0L, "-90", "300", "4")));
        assertThat(((Plan.Query) planner.plan("profit margin by segment", store)).spec().sql()).isEqualTo(
                "SELECT \"Segment\" AS \"Segment\", SUM(\"Profit\") AS \"total_profit\", SUM(\"Sales\") AS "
                        + "\"total_sales\", 100.0 * SUM(\"Profit\") / NULLIF(SUM(\"Sales\"), 0) AS rate_percent FROM data "
                        + "GROUP BY 1 ORDER BY 4 DESC NULLS LAST, 1 LIMIT 51");
        // a bound on each group's rate, said in percent, is on the ratio of its totals
        Plan.QuerySpec bounded = ((Plan.Query) planner.plan("which channels had a conversion rate above 3%", campaigns))
                .spec();
        assertThat(bounded.sql()).isEqualTo("SELECT \"channel\" AS \"channel\", SUM(\"conversions\") AS "
                + "\"total_conversions\", SUM(\"clicks\") AS \"total_clicks\", 100.0 * SUM(\"conversions\") / "
                + "NULLIF(SUM(\"clicks\"), 0) AS rate_percent FROM data GROUP BY 1 HAVING SUM(\"conversions\") / "
                + "NULLIF(SUM(\"clicks\"), 0) > 0.03 ORDER BY 4 DESC NULLS LAST, 1 LIMIT 1001");
        assertThat(AnswerWriter.write(bounded, new AnswerWriter.Result(columns, List.of(), false), "campaigns.csv")
                .text()).isEqualTo("No channel value in campaigns.csv has a rate of conversions over clicks over 3%.");
        assertThat(((Plan.Query) planner.plan("how many channels had a conversion rate above 3%", campaigns)).spec()
                .sql()).isEqualTo("SELECT COUNT(k) AS \"number_of_channel\" FROM (SELECT \"channel\" AS k, "
                        + "SUM(\"conversions\") / NULLIF(SUM(\"clicks\"), 0) AS v FROM data GROUP BY 1 HAVING "
                        + "SUM(\"conversions\") / NULLIF(SUM(\"clicks\"), 0) > 0.03)");
        assertThat(planner.plan("top 3 channels with a conversion rate above 3%", campaigns))
                .isInstanceOf(Plan.Decline.class);
    }

    static final Dataset ORDER_LINES = new Dataset(UUID.randomUUID(), "order_lines.csv", 200, List.of(
            new Dataset.Column("order_id", "BIGINT", Dataset.Kind.NUMBER, List.of(), 80L, 0L, "1001", "1080", null),
            new Dataset.Column("customer_id", "BIGINT", Dataset.Kind.NUMBER, List.of(), 30L, 0L, "1", "30", null),
            new Dataset.Column("region", "VARCHAR", Dataset.Kind.TEXT, List.of("North", "South"), 2L, 0L, null, null, null),
            new Dataset.Column("quantity", "BIGINT", Dataset.Kind.NUMBER, List.of(), 12L, 0L, "1", "12", "6"),
            new Dataset.Column("revenue", "DOUBLE", Dataset.Kind.NUMBER, List.of(), 190L, 0L, "5", "400", "90"),
            new Dataset.Column("returned", "BOOLEAN", Dataset.Kind.BOOLEAN, List.of("false", "true"), 2L, 0L, null, null,
                    null)));

    private String linesSql(String question) {
        Plan plan = planner.plan(question, ORDER_LINES);
        assertThat(plan).as(question + " → " + plan).isInstanceOf(Plan.Query.class);
        return ((Plan.Query) plan).spec().sql();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "how many customers have revenue over 1000|SELECT COUNT(k) AS \"number_of_customer_id\" FROM (SELECT \"customer_id\" AS k, SUM(\"revenue\") AS v FROM data GROUP BY 1 HAVING SUM(\"revenue\") > 1000)",
            "how many customers placed more than 6 orders in the North|SELECT COUNT(k) AS \"number_of_customer_id\" FROM (SELECT \"customer_id\" AS k, COUNT(DISTINCT \"order_id\") AS v FROM data WHERE \"region\" = 'North' GROUP BY 1 HAVING COUNT(DISTINCT \"order_id\") > 6)",
            "how many orders had more than one line|SELECT COUNT(k) AS \"number_of_order_id\" FROM (SELECT \"order_id\" AS k, COUNT(*) AS v FROM data GROUP BY 1 HAVING COUNT(*) > 1)",
            "which regions had more than 40 orders|SELECT \"region\" AS \"region\", COUNT(DISTINCT \"order_id\") AS \"distinct_order_id\" FROM data GROUP BY 1 HAVING COUNT(DISTINCT \"order_id\") > 40 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 1001",
            "which regions have an average revenue above 90|SELECT \"region\" AS \"region\", AVG(\"revenue\") AS \"average_revenue\" FROM data GROUP BY 1 HAVING AVG(\"revenue\") > 90 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 1001",
            "customers with revenue between 100 and 200|SELECT \"customer_id\" AS \"customer_id\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 HAVING SUM(\"revenue\") BETWEEN 100 AND 200 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 1001",
            "how many orders include both a North and a South line|SELECT COUNT(k) AS \"number_of_order_id\" FROM (SELECT \"order_id\" AS k, COUNT(DISTINCT \"region\") AS v FROM data WHERE \"region\" IN ('North', 'South') GROUP BY 1 HAVING COUNT(DISTINCT \"region\") = 2)",
            "which customers never returned|SELECT \"customer_id\" FROM data WHERE \"customer_id\" IS NOT NULL GROUP BY 1 HAVING COUNT(*) FILTER (WHERE \"returned\" IS TRUE) = 0 ORDER BY 1 LIMIT 1001",
            "how many customers have more than 1000 in revenue|SELECT COUNT(k) AS \"number_of_customer_id\" FROM (SELECT \"customer_id\" AS k, SUM(\"revenue\") AS v FROM data GROUP BY 1 HAVING SUM(\"revenue\") > 1000)",
            "revenue from lines with exactly 12 units|SELECT SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE \"quantity\" = 12",
            "how many customers spent more than 2000|SELECT COUNT(k) AS \"number_of_customer_id\" FROM (SELECT \"customer_id\" AS k, SUM(\"revenue\") AS v FROM data GROUP BY 1 HAVING SUM(\"revenue\") > 2000)",
            "how many orders were worth over 400|SELECT COUNT(k) AS \"number_of_order_id\" FROM (SELECT \"order_id\" AS k, SUM(\"revenue\") AS v FROM data GROUP BY 1 HAVING SUM(\"revenue\") > 400)",
            "how many orders had exactly one line|SELECT COUNT(k) AS \"number_of_order_id\" FROM (SELECT \"order_id\" AS k, COUNT(*) AS v FROM data GROUP BY 1 HAVING COUNT(*) = 1)",
            "how many customers have at least 2 different regions|SELECT COUNT(k) AS \"number_of_customer_id\" FROM (SELECT \"customer_id\" AS k, COUNT(DISTINCT \"region\") AS v FROM data GROUP BY 1 HAVING COUNT(DISTINCT \"region\") >= 2)",
            "which customers had fewer than 2 returned orders|SELECT \"customer_id\" AS \"customer_id\", COUNT(DISTINCT \"order_id\") FILTER (WHERE \"returned\" IS TRUE) AS \"distinct_order_id\" FROM data GROUP BY 1 HAVING COUNT(DISTINCT \"order_id\") FILTER (WHERE \"returned\" IS TRUE) < 2 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 1001",
            "how many customers have average revenue above 100|SELECT COUNT(k) AS \"number_of_customer_id\" FROM (SELECT \"customer_id\" AS k, AVG(\"revenue\") AS v FROM data GROUP BY 1 HAVING AVG(\"revenue\") > 100)",
            "total revenue of orders with more than 2 lines|SELECT SUM(v) AS \"sum_total_revenue_per_order_id\" FROM (SELECT \"order_id\" AS k, SUM(\"revenue\") AS v FROM data GROUP BY 1 HAVING COUNT(*) > 2)",
    })
    void boundsKeepTheGroupsWhoseFiguresMeetThem(String question, String expected) {
        assertThat(linesSql(question)).isEqualTo(expected);
    }

    /**
     * Periods of the one date column said as the things counted or listed: "on how many days…", "which months…"; and
     * years compared without "in" ("revenue 2023 vs 2024").
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "revenue 2023 vs 2024|SELECT strftime(\"order_date\", '%Y') AS \"year\", SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE ((\"order_date\" >= DATE '2023-01-01' AND \"order_date\" < DATE '2024-01-01') OR (\"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2025-01-01')) GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51",
            "rev 2023 v 2024|SELECT strftime(\"order_date\", '%Y') AS \"year\", SUM(\"revenue\") AS \"total_revenue\" FROM data WHERE ((\"order_date\" >= DATE '2023-01-01' AND \"order_date\" < DATE '2024-01-01') OR (\"order_date\" >= DATE '2024-01-01' AND \"order_date\" < DATE '2025-01-01')) GROUP BY 1 ORDER BY 1 NULLS LAST LIMIT 51",
            "in how many months did revenue exceed 3000|SELECT COUNT(k) AS \"number_of_month\" FROM (SELECT strftime(\"order_date\", '%Y-%m') AS k, SUM(\"revenue\") AS v FROM data GROUP BY 1 HAVING SUM(\"revenue\") > 3000)",
            "on how many days were there more than 5 rows in the North|SELECT COUNT(k) AS \"number_of_day\" FROM (SELECT strftime(\"order_date\", '%Y-%m-%d') AS k, COUNT(*) AS v FROM data WHERE \"Region\" = 'North' GROUP BY 1 HAVING COUNT(*) > 5)",
            "on how many days did we sell Widgets|SELECT COUNT(DISTINCT \"order_date\") AS \"distinct_order_date\" FROM data WHERE \"product_name\" = 'Widget'",
            "how many months are there in the North|SELECT COUNT(k) AS \"number_of_month\" FROM (SELECT strftime(\"order_date\", '%Y-%m') AS k, COUNT(*) AS v FROM data WHERE \"Region\" = 'North' GROUP BY 1)",
            "which months had revenue above 5000|SELECT strftime(\"order_date\", '%Y-%m') AS \"month\", SUM(\"revenue\") AS \"total_revenue\" FROM data GROUP BY 1 HAVING SUM(\"revenue\") > 5000 ORDER BY 1 NULLS LAST LIMIT 1001",
    })
    void periodsSaidAsThingsAreCountedOrListedByTheirFigures(String question, String expected) {
        assertThat(sql(question)).isEqualTo(expected);
    }

    static final Dataset STAFF = new Dataset(UUID.randomUUID(), "staff.csv", 90, List.of(
            new Dataset.Column("employee_id", "BIGINT", Dataset.Kind.NUMBER, List.of(), 90L, 0L, "1", "90", null),
            new Dataset.Column("city", "VARCHAR", Dataset.Kind.TEXT, List.of("Boston", "Denver"), 2L, 0L, null, null, null),
            new Dataset.Column("salary", "BIGINT", Dataset.Kind.NUMBER, List.of(), 80L, 0L, "40000", "160000", null),
            new Dataset.Column("hire_date", "DATE", Dataset.Kind.TEMPORAL, List.of(), 88L, 0L, "2015-01-01", "2024-12-01",
                    null),
            new Dataset.Column("is_manager", "BOOLEAN", Dataset.Kind.BOOLEAN, List.of("false", "true"), 2L, 0L, null, null,
                    null)));

    /** Bounds said with the words of a one-row-per-employee table: managers, hires, "no … at all", a largest value. */
    @Test
    void boundsOnAPeopleTable() {
        assertThat(((Plan.Query) planner.plan("which cities have no managers at all", STAFF)).spec().sql()).isEqualTo(
                "SELECT \"city\" FROM data WHERE \"city\" IS NOT NULL GROUP BY 1 HAVING COUNT(*) FILTER (WHERE "
                        + "\"is_manager\" IS TRUE) = 0 ORDER BY 1 LIMIT 1001");
        assertThat(((Plan.Query) planner.plan("which cities have between 10 and 20 employees", STAFF)).spec().sql())
                .isEqualTo("SELECT \"city\" AS \"city\", COUNT(DISTINCT \"employee_id\") AS \"distinct_employee_id\" FROM "
                        + "data GROUP BY 1 HAVING COUNT(DISTINCT \"employee_id\") BETWEEN 10 AND 20 ORDER BY 2 DESC NULLS LAST, 1 "
                        + "LIMIT 1001");
        assertThat(((Plan.Query) planner.plan("which years had more than 10 hires", STAFF)).spec().sql()).isEqualTo(
                "SELECT strftime(\"hire_date\", '%Y') AS \"year\", COUNT(*) AS \"row_count\" FROM data GROUP BY 1 "
                        + "HAVING COUNT(*) > 10 ORDER BY 1 NULLS LAST LIMIT 1001");
        assertThat(((Plan.Query) planner.plan("cities whose largest salary was over 150000", STAFF)).spec().sql())
                .isEqualTo("SELECT \"city\" AS \"city\", MAX(\"salary\") AS \"max_salary\" FROM data GROUP BY 1 "
                        + "HAVING MAX(\"salary\") > 150000 ORDER BY 2 DESC NULLS LAST, 1 LIMIT 1001");
        // employees on the books, or hired in each month? hire_date says when each came, not who was there
        assertThat(planner.plan("in how many months did we have more than 80 employees", STAFF))
                .isInstanceOf(Plan.Decline.class);
        assertThat(((Plan.Decline) planner.plan("headcount 2019 vs 2020", STAFF)).reason()).contains("on the books");
        assertThat(((Plan.Query) planner.plan("how many employees were hired in 2020", STAFF)).spec().sql()).contains(
                "\"hire_date\" >= DATE '2020-01-01' AND \"hire_date\" < DATE '2021-01-01'");
        // one row per employee: conditions on employees are on rows
        assertThat(((Plan.Query) planner.plan("how many employees earn over 100000", STAFF)).spec().sql())
                .contains("WHERE \"salary\" > 100000");
    }

    @Test
    void boundsSaidOfSomethingElseOrInsideOtherGroupsDecline() {
        // the quantity is said of orders, not of regions; and a bound said of nothing counted is not dropped
        assertThat(planner.plan("which regions had orders with quantity above 10", ORDER_LINES))
                .isInstanceOf(Plan.Decline.class);
        assertThat(planner.plan("which regions had customers with more than 5 orders", ORDER_LINES))
                .isInstanceOf(Plan.Decline.class);
        // things holding several rows: "with North and South" may mean both or either
        assertThat(((Plan.Decline) planner.plan("how many customers with North and South", ORDER_LINES)).reason())
                .contains("say \"both\"");
        assertThat(linesSql("how many customers with North or South")).isEqualTo("SELECT COUNT(DISTINCT \"customer_id\") "
                + "AS \"distinct_customer_id\" FROM data WHERE \"region\" IN ('North', 'South')");
        // the average of orders that hold something: of each one's whole total, or of those rows only?
        assertThat(planner.plan("average revenue of orders that included North", ORDER_LINES))
                .isInstanceOf(Plan.Decline.class);
        // "daily entries" are rows, not a split by day
        assertThat(sql("how many daily entries had more than 5 units")).isEqualTo(
                "SELECT COUNT(*) AS \"row_count\" FROM data WHERE \"units\" > 5");
        // a bound that things without such rows meet, next to a condition that leaves them out: in, or not?
        assertThat(((Plan.Decline) planner.plan("which customers had fewer than 2 orders in the North", ORDER_LINES))
                .reason()).contains("may have no rows where region is North");
        assertThat(planner.plan("how many customers in the North were never returned", ORDER_LINES))
                .isInstanceOf(Plan.Decline.class);
        assertThat(((Plan.Decline) planner.plan("which region has the most customers with more than 5 orders",
                ORDER_LINES)).reason()).contains("not inside other groups or rankings");
        assertThat(((Plan.Decline) planner.plan("what share of revenue comes from customers with more than 5 orders",
                ORDER_LINES)).reason()).isNotBlank();
    }

    @Test
    void boundedGroupsAreSaidWithTheirBound() {
        Plan.QuerySpec spec = ((Plan.Query) planner.plan("which regions had revenue above 20000 in 2024", SALES)).spec();
        List<Answer.Column> columns = List.of(new Answer.Column("Region", "VARCHAR"),
                new Answer.Column("total_revenue", "DOUBLE"));
        assertThat(AnswerWriter.write(spec, new AnswerWriter.Result(columns, List.of(List.of("North", 25000.0)), false),
                "sales.csv").text()).isEqualTo("Total revenue by Region in sales.csv where order_date in 2024, of the "
                        + "Region values with total revenue over 20000 — North: 25,000.");
        assertThat(AnswerWriter.write(spec, new AnswerWriter.Result(columns, List.of(), false), "sales.csv").text())
                .isEqualTo("No Region value in sales.csv (order_date in 2024) has total revenue over 20000.");
        Plan.QuerySpec never = ((Plan.Query) planner.plan("which customers never returned", ORDER_LINES)).spec();
        List<Answer.Column> ids = List.of(new Answer.Column("customer_id", "BIGINT"));
        assertThat(AnswerWriter.write(never, new AnswerWriter.Result(ids, List.of(List.of(4), List.of(9)), false),
                "order_lines.csv").text()).isEqualTo("2 customer_id values in order_lines.csv have no row where returned "
                        + "is true: 4, 9.");
        assertThat(AnswerWriter.write(never, new AnswerWriter.Result(ids, List.of(), false), "order_lines.csv").text())
                .isEqualTo("Every customer_id value in order_lines.csv has a row where returned is true.");
        Plan.QuerySpec counted = ((Plan.Query) planner.plan("how many customers have revenue over 1000", ORDER_LINES))
                .spec();
        assertThat(AnswerWriter.write(counted, new AnswerWriter.Result(List.of(new Answer.Column("number_of_customer_id",
                "BIGINT")), List.of(List.of(12)), false), "order_lines.csv").text()).isEqualTo("The number of customer_id "
                        + "values with total revenue over 1000 in order_lines.csv is 12.");
    }
}
