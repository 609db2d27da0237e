package dev.insight.chat.analyst;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.insight.chat.testing.Api;
import dev.insight.chat.testing.Backends;
import dev.insight.chat.testing.SalesData;
import dev.insight.chat.testing.SalesData.Row;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The built-in analyst end to end — real file-service (DuckDB over the uploaded CSV), real memory-service — on a
 * generated dataset. Every number in every table is checked against a computation in plain Java over the rows the
 * CSV was made from.
 */
@QuarkusTest
@WithTestResource(Backends.class)
class AnalystTest {

    private static final SalesData DATA = new SalesData(20240317L, 240);
    private static Api alice;
    private static String sales;

    private static synchronized String sales() {
        if (sales == null) {
            alice = Api.newUser();
            sales = alice.upload("sales.csv", DATA.csv);
        }
        return sales;
    }

    private static JsonPath ok(Response response) {
        response.then().statusCode(200).contentType("application/json");
        JsonPath json = response.jsonPath(JsonPathConfig.jsonPathConfig()
                .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));
        assertThat(json.getString("provider")).isEqualTo("builtin");
        assertThat(json.getString("model")).isEqualTo("insight-analyst");
        assertThat(json.getString("conversationId")).isNotBlank();
        assertThat(json.getString("messageId")).isNotBlank();
        return json;
    }

    private static JsonPath answered(String question) {
        String file = sales();
        JsonPath json = ok(alice.ask(question, file));
        assertThat(json.getString("sql")).as("sql for: " + question).startsWith("SELECT");
        assertThat(json.getBoolean("cached")).isFalse();
        return json;
    }

    private static BigDecimal num(Object value) {
        return new BigDecimal(value.toString());
    }

    private static void assertNumber(Object actual, BigDecimal expected) {
        assertThat(num(actual).doubleValue()).isCloseTo(expected.doubleValue(), within(1e-6));
    }

    private static List<List<Object>> rows(JsonPath json) {
        return json.getList("table.rows");
    }

    private static BigDecimal sum(Predicate<Row> filter, Function<Row, BigDecimal> value) {
        return DATA.rows.stream().filter(filter).map(value).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static BigDecimal revenue(Row r) {
        return r.revenue();
    }

    private static BigDecimal units(Row r) {
        return BigDecimal.valueOf(r.units());
    }

    @Test
    void countsRows() {
        JsonPath json = answered("How many rows are there?");
        assertThat(json.getString("sql")).isEqualTo("SELECT COUNT(*) AS \"row_count\" FROM data");
        assertThat(json.getList("table.columns.name")).containsExactly("row_count");
        assertNumber(rows(json).get(0).get(0), BigDecimal.valueOf(240));
        assertThat(json.getString("answer")).isEqualTo("There are 240 rows.");
    }

    @Test
    void countsRowsWithAValueFilter() {
        long north = DATA.rows.stream().filter(r -> r.region().equals("North")).count();
        JsonPath json = answered("how many orders in North?");
        assertNumber(rows(json).get(0).get(0), BigDecimal.valueOf(north));
        assertThat(json.getString("answer")).contains(Long.toString(north)).contains("region is North");
    }

    @Test
    void recognisesEveryValueOfAColumnWithFewNotOnlyTheMostFrequent() {
        // six products: the summary lists five, so one of them is known only from the analyst's own look at the values
        for (String product : SalesData.PRODUCTS) {
            JsonPath json = answered("total revenue for " + product);
            assertThat(json.getString("sql")).as(product).contains("\"product\" = '" + product + "'");
            assertNumber(rows(json).get(0).get(0), sum(r -> r.product().equals(product), AnalystTest::revenue));
        }
    }

    @Test
    void aggregatesAMeasure() {
        BigDecimal total = sum(r -> true, AnalystTest::revenue);
        JsonPath json = answered("What is the total revenue?");
        assertNumber(rows(json).get(0).get(0), total);
        assertThat(json.getString("answer")).contains(AnswerWriter.number(total));

        List<BigDecimal> prices = DATA.rows.stream().map(Row::unitPrice).sorted().toList();
        BigDecimal average = prices.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(prices.size()), 10, java.math.RoundingMode.HALF_UP);
        assertNumber(rows(answered("average unit price")).get(0).get(0), average);
        assertNumber(rows(answered("lowest unit_price")).get(0).get(0), prices.get(0));
        assertNumber(rows(answered("maximum Unit Price")).get(0).get(0), prices.get(prices.size() - 1));

        List<Long> units = DATA.rows.stream().map(Row::units).sorted().toList();
        BigDecimal median = BigDecimal.valueOf(units.get(119) + units.get(120)).divide(BigDecimal.valueOf(2));
        JsonPath medianJson = answered("median units");
        assertThat(medianJson.getString("sql")).contains("MEDIAN(\"units\")");
        assertNumber(rows(medianJson).get(0).get(0), median);

        long customers = DATA.rows.stream().map(Row::customer).distinct().count();
        JsonPath distinct = answered("how many distinct customers are there");
        assertThat(distinct.getString("sql")).contains("COUNT(DISTINCT \"customer\")");
        assertNumber(rows(distinct).get(0).get(0), BigDecimal.valueOf(customers));
        assertThat(distinct.getString("answer")).isEqualTo("There are " + customers + " distinct customer values.");
    }

    @Test
    void groupsByOneDimension() {
        Map<String, BigDecimal> byRegion = DATA.rows.stream().collect(Collectors.groupingBy(Row::region,
                Collectors.reducing(BigDecimal.ZERO, Row::revenue, BigDecimal::add)));
        JsonPath json = answered("total revenue by region");
        assertThat(json.getList("table.columns.name")).containsExactly("region", "total_revenue");
        List<List<Object>> rows = rows(json);
        assertThat(rows).hasSize(4);
        List<String> expectedOrder = byRegion.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
        assertThat(rows.stream().map(r -> (String) r.get(0)).toList()).isEqualTo(expectedOrder);
        for (List<Object> row : rows) {
            assertNumber(row.get(1), byRegion.get((String) row.get(0)));
        }
        assertThat(json.getString("answer")).startsWith("Total revenue by region — ")
                .contains(expectedOrder.get(0) + ": " + AnswerWriter.number(byRegion.get(expectedOrder.get(0))));

        Map<String, Long> countByProduct = DATA.rows.stream().collect(Collectors.groupingBy(Row::product, Collectors.counting()));
        List<List<Object>> counts = rows(answered("number of orders per product"));
        assertThat(counts).hasSize(SalesData.PRODUCTS.size());
        counts.forEach(row -> assertNumber(row.get(1), BigDecimal.valueOf(countByProduct.get((String) row.get(0)))));
    }

    @Test
    void givesSharesOfTheWhole() {
        BigDecimal total = sum(r -> true, AnalystTest::revenue);
        BigDecimal north = sum(r -> r.region().equals("North"), AnalystTest::revenue);
        double percent = north.doubleValue() * 100 / total.doubleValue();
        JsonPath part = answered("what share of revenue comes from North?");
        assertThat(part.getList("table.columns.name")).containsExactly("total_revenue_matching", "total_revenue",
                "percent_of_total");
        assertNumber(rows(part).get(0).get(0), north);
        assertNumber(rows(part).get(0).get(1), total);
        assertThat(num(rows(part).get(0).get(2)).doubleValue()).isCloseTo(percent, within(1e-9));
        assertThat(part.getString("answer")).isEqualTo("The total revenue where region is North is "
                + AnswerWriter.number(north) + ": " + AnswerWriter.number(percent) + "% of the total revenue ("
                + AnswerWriter.number(total) + ").");

        Map<String, BigDecimal> byRegion = DATA.rows.stream().collect(Collectors.groupingBy(Row::region,
                Collectors.reducing(BigDecimal.ZERO, Row::revenue, BigDecimal::add)));
        JsonPath shares = answered("revenue share by region");
        assertThat(shares.getList("table.columns.name")).containsExactly("region", "total_revenue", "percent_of_total");
        double added = 0;
        for (List<Object> row : rows(shares)) {
            BigDecimal region = byRegion.get((String) row.get(0));
            assertNumber(row.get(1), region);
            assertThat(num(row.get(2)).doubleValue()).isCloseTo(region.doubleValue() * 100 / total.doubleValue(), within(1e-9));
            added += num(row.get(2)).doubleValue();
        }
        assertThat(added).isCloseTo(100, within(1e-9));
        assertThat(shares.getString("answer")).contains("North: " + AnswerWriter.number(north) + " ("
                + AnswerWriter.number(percent) + "%)");

        // an average has no share of anything: declined, with nothing computed
        JsonPath average = ok(alice.ask("share of average revenue by region", sales()));
        assertThat(average.getString("sql")).isNull();
        assertThat(average.getString("answer")).contains("A share is a part of a total or of a count");
    }

    /** "In each region, what share…": each region's part of its own revenue, highest first. */
    @Test
    void givesEachGroupsPartOfItsOwnFigure() {
        Map<String, BigDecimal> whole = new LinkedHashMap<>();
        Map<String, BigDecimal> widget = new LinkedHashMap<>();
        for (String region : SalesData.REGIONS) {
            whole.put(region, sum(r -> r.region().equals(region), AnalystTest::revenue));
            widget.put(region, sum(r -> r.region().equals(region) && r.product().equals("Widget"), AnalystTest::revenue));
        }
        Map<String, Double> percent = new LinkedHashMap<>();
        whole.forEach((region, all) -> percent.put(region, widget.get(region).doubleValue() * 100 / all.doubleValue()));
        List<String> highestFirst = percent.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).map(Map.Entry::getKey).toList();

        JsonPath json = answered("what share of revenue in each region came from Widget?");
        assertThat(json.getList("table.columns.name")).containsExactly("region", "total_revenue_matching",
                "total_revenue", "percent_of_group");
        List<List<Object>> rows = rows(json);
        assertThat(rows.stream().map(r -> (String) r.get(0)).toList()).isEqualTo(highestFirst);
        for (List<Object> row : rows) {
            String region = (String) row.get(0);
            assertNumber(row.get(1), widget.get(region));
            assertNumber(row.get(2), whole.get(region));
            assertThat(num(row.get(3)).doubleValue()).isCloseTo(percent.get(region), within(1e-9));
        }
        String first = highestFirst.get(0);
        assertThat(json.getString("answer")).startsWith("The total revenue where product is Widget, as a percentage of "
                + "the total revenue of each region — " + first + ": " + AnswerWriter.number(widget.get(first)) + " of "
                + AnswerWriter.number(whole.get(first)) + " (" + AnswerWriter.number(percent.get(first)) + "%)");

        // named before what the share is of, the condition may as well be split across the regions: declined
        JsonPath split = ok(alice.ask("what share of Widget revenue comes from each region", sales()));
        assertThat(split.getString("sql")).isNull();
        assertThat(split.getString("answer")).contains("I can't tell whether you want each region's rate");
    }

    @Test
    void ranksInsideEveryGroup() {
        Map<String, Map<String, BigDecimal>> sums = new TreeMap<>();
        for (Row r : DATA.rows) {
            sums.computeIfAbsent(r.region(), k -> new TreeMap<>()).merge(r.product(), r.revenue(), BigDecimal::add);
        }
        // the top two of each region; a product tied with the second shares its place
        List<String> expected = new ArrayList<>();
        sums.forEach((region, byProduct) -> byProduct.forEach((product, total) -> {
            long above = byProduct.values().stream().filter(v -> v.compareTo(total) > 0).count();
            if (above < 2) {
                expected.add(region + "/" + product + "/" + total.stripTrailingZeros().toPlainString());
            }
        }));
        JsonPath json = answered("top 2 products by revenue in each region");
        assertThat(json.getString("sql")).contains("QUALIFY rank() OVER (PARTITION BY \"region\"");
        assertThat(json.getList("table.columns.name")).containsExactly("region", "product", "total_revenue");
        List<String> got = new ArrayList<>();
        for (List<Object> row : rows(json)) {
            got.add(row.get(0) + "/" + row.get(1) + "/" + num(row.get(2)).setScale(2, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros().toPlainString());
        }
        assertThat(got).containsExactlyInAnyOrderElementsOf(expected);
        String north = sums.get("North").entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertThat(json.getString("answer")).startsWith("Top 2 product by total revenue in each region — ")
                .contains("North: " + north + " (" + AnswerWriter.number(sums.get("North").get(north)) + ")");
    }

    @Test
    void averagesEachPeriodsTotalAndComparesPeriodsSideBySide() {
        Map<String, BigDecimal> byMonth = new TreeMap<>();
        for (Row r : DATA.rows) {
            byMonth.merge(r.orderDate().toString().substring(0, 7), r.revenue(), BigDecimal::add);
        }
        BigDecimal monthly = byMonth.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(byMonth.size()), 10, java.math.RoundingMode.HALF_UP);
        JsonPath average = answered("average monthly revenue");
        assertNumber(rows(average).get(0).get(0), monthly);
        assertThat(average.getString("answer")).startsWith("The average total revenue per month (of order_date) with rows")
                .contains(AnswerWriter.number(monthly));

        JsonPath quarters = answered("revenue in Q1 vs Q2");
        Map<String, BigDecimal> expected = Map.of(
                "Q1", sum(r -> r.orderDate().getMonthValue() <= 3, AnalystTest::revenue),
                "Q2", sum(r -> r.orderDate().getMonthValue() > 3 && r.orderDate().getMonthValue() <= 6, AnalystTest::revenue));
        assertThat(rows(quarters)).hasSize(2);
        for (List<Object> row : rows(quarters)) {
            assertNumber(row.get(1), expected.get((String) row.get(0)));
        }
    }

    @Test
    void averagesRatherThanAddsUpPrices() {
        List<BigDecimal> prices = DATA.rows.stream().filter(r -> r.product().equals("Gadget")).map(Row::unitPrice).toList();
        BigDecimal average = prices.stream().reduce(BigDecimal.ZERO, BigDecimal::add)
                .divide(BigDecimal.valueOf(prices.size()), 10, java.math.RoundingMode.HALF_UP);
        JsonPath json = answered("unit price of Gadget");
        assertThat(json.getString("sql")).contains("AVG(\"unit_price\")");
        assertNumber(rows(json).get(0).get(0), average);

        // a ratio of totals, not an average of per-row ratios
        BigDecimal revenue = sum(r -> true, AnalystTest::revenue);
        BigDecimal units = BigDecimal.valueOf(DATA.rows.stream().mapToLong(Row::units).sum());
        JsonPath perUnit = answered("revenue per unit");
        assertNumber(rows(perUnit).get(0).get(0), revenue.divide(units, 10, java.math.RoundingMode.HALF_UP));
        assertThat(perUnit.getString("answer")).startsWith("The revenue per units (total revenue ÷ total units)");
    }

    @Test
    void groupsByTwoDimensions() {
        Map<String, BigDecimal> expected = new LinkedHashMap<>();
        for (Row r : DATA.rows) {
            expected.merge(r.region() + "|" + r.product(), units(r), BigDecimal::add);
        }
        JsonPath json = answered("average units by region and product");
        assertThat(json.getList("table.columns.name")).containsExactly("region", "product", "average_units");
        Map<String, List<Long>> unitsByPair = DATA.rows.stream().collect(Collectors.groupingBy(
                r -> r.region() + "|" + r.product(), Collectors.mapping(Row::units, Collectors.toList())));
        List<List<Object>> rows = rows(json);
        assertThat(rows).hasSize(unitsByPair.size());
        for (List<Object> row : rows) {
            List<Long> values = unitsByPair.get(row.get(0) + "|" + row.get(1));
            double avg = values.stream().mapToLong(Long::longValue).average().orElseThrow();
            assertThat(num(row.get(2)).doubleValue()).isCloseTo(avg, within(1e-9));
        }
    }

    @Test
    void ranksTopAndBottom() {
        Map<String, Long> unitsByProduct = DATA.rows.stream().collect(Collectors.groupingBy(Row::product,
                Collectors.summingLong(Row::units)));
        List<Map.Entry<String, Long>> ranked = unitsByProduct.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .toList();
        JsonPath top = answered("top 3 products by units");
        assertThat(top.getString("sql")).contains("QUALIFY rank() OVER (ORDER BY SUM(\"units\") DESC NULLS LAST) <= 3");
        List<List<Object>> rows = rows(top);
        // the top three, and any product tied with the third
        long third = ranked.get(2).getValue();
        assertThat(rows).hasSize((int) ranked.stream().filter(e -> e.getValue() >= third).count());
        for (int i = 0; i < rows.size(); i++) {
            assertThat(rows.get(i).get(0)).isEqualTo(ranked.get(i).getKey());
            assertNumber(rows.get(i).get(1), BigDecimal.valueOf(ranked.get(i).getValue()));
        }
        assertThat(top.getString("answer")).startsWith("Top 3 product by total units: " + ranked.get(0).getKey() + " ("
                + AnswerWriter.number(ranked.get(0).getValue()) + ")");

        Map<String, BigDecimal> byRegion = DATA.rows.stream().collect(Collectors.groupingBy(Row::region,
                Collectors.reducing(BigDecimal.ZERO, Row::revenue, BigDecimal::add)));
        Map.Entry<String, BigDecimal> lowest = byRegion.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow();
        JsonPath bottom = answered("bottom 1 region by revenue");
        assertThat(rows(bottom)).hasSize(1);
        assertThat(rows(bottom).get(0).get(0)).isEqualTo(lowest.getKey());
        assertNumber(rows(bottom).get(0).get(1), lowest.getValue());

        Map.Entry<String, BigDecimal> highest = byRegion.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        JsonPath which = answered("Which region has the highest revenue?");
        assertThat(rows(which)).hasSize(1);
        assertThat(which.getString("answer")).startsWith(highest.getKey() + " has the highest total revenue: "
                + AnswerWriter.number(highest.getValue()));

        Map.Entry<String, BigDecimal> second = byRegion.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue().reversed()).skip(1).findFirst().orElseThrow();
        JsonPath runnerUp = answered("the second highest region by revenue");
        assertThat(rows(runnerUp)).hasSize(1);
        assertThat(runnerUp.getString("answer")).startsWith(second.getKey() + " has the second highest total revenue: "
                + AnswerWriter.number(second.getValue()));
    }

    @Test
    void filtersByEqualityComparisonAndDateRange() {
        BigDecimal north = sum(r -> r.region().equals("North"), AnalystTest::revenue);
        assertNumber(rows(answered("total revenue where region is North")).get(0).get(0), north);
        assertNumber(rows(answered("total revenue where region is 'north'")).get(0).get(0), north);

        long over10 = DATA.rows.stream().filter(r -> r.units() > 10).count();
        JsonPath comparison = answered("how many rows where units > 10");
        assertThat(comparison.getString("sql")).endsWith("WHERE \"units\" > 10");
        assertNumber(rows(comparison).get(0).get(0), BigDecimal.valueOf(over10));
        assertNumber(rows(answered("total revenue for orders with at least 15 units")).get(0).get(0),
                sum(r -> r.units() >= 15, AnalystTest::revenue));

        BigDecimal march = sum(r -> r.orderDate().getMonthValue() == 3, AnalystTest::revenue);
        JsonPath inMarch = answered("total revenue in March 2024");
        assertThat(inMarch.getString("sql")).contains("\"order_date\" >= DATE '2024-03-01' AND \"order_date\" < DATE '2024-04-01'");
        assertNumber(rows(inMarch).get(0).get(0), march);
        assertThat(inMarch.getString("answer")).contains("order_date in March 2024").contains(AnswerWriter.number(march));

        // the data's own latest month, through file-service's sandbox (a subquery on the same table)
        LocalDate newest = DATA.rows.stream().map(Row::orderDate).max(LocalDate::compareTo).orElseThrow();
        JsonPath latest = answered("total revenue in the most recent month");
        assertNumber(rows(latest).get(0).get(0), sum(r -> r.orderDate().getYear() == newest.getYear()
                && r.orderDate().getMonthValue() == newest.getMonthValue(), AnalystTest::revenue));
        assertThat(latest.getString("answer")).contains("order_date in the latest month of the data");

        LocalDate from = LocalDate.of(2024, 2, 10);
        LocalDate to = LocalDate.of(2024, 5, 20);
        long between = DATA.rows.stream().filter(r -> !r.orderDate().isBefore(from) && !r.orderDate().isAfter(to)).count();
        assertNumber(rows(answered("how many orders between 2024-02-10 and 2024-05-20")).get(0).get(0),
                BigDecimal.valueOf(between));

        Map<String, Long> topInQ1 = DATA.rows.stream().filter(r -> r.orderDate().getMonthValue() <= 3 && r.region().equals("East"))
                .collect(Collectors.groupingBy(Row::product, Collectors.summingLong(Row::units)));
        JsonPath combined = answered("top 2 products by units in Q1 2024 in East");
        List<Map.Entry<String, Long>> expected = topInQ1.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(2).toList();
        List<List<Object>> rows = rows(combined);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(rows.get(i).get(0)).isEqualTo(expected.get(i).getKey());
            assertNumber(rows.get(i).get(1), BigDecimal.valueOf(expected.get(i).getValue()));
        }
    }

    @Test
    void bucketsByPeriod() {
        Map<String, BigDecimal> byMonth = new TreeMap<>();
        for (Row r : DATA.rows) {
            byMonth.merge(r.orderDate().toString().substring(0, 7), r.revenue(), BigDecimal::add);
        }
        JsonPath monthly = answered("revenue by month");
        assertThat(monthly.getList("table.columns.name")).containsExactly("month", "total_revenue");
        List<List<Object>> rows = rows(monthly);
        assertThat(rows.stream().map(r -> (String) r.get(0)).toList()).containsExactlyElementsOf(byMonth.keySet());
        rows.forEach(row -> assertNumber(row.get(1), byMonth.get((String) row.get(0))));

        Map<String, Long> byQuarter = new TreeMap<>();
        for (Row r : DATA.rows) {
            byQuarter.merge("2024-Q" + ((r.orderDate().getMonthValue() - 1) / 3 + 1), 1L, Long::sum);
        }
        List<List<Object>> quarterly = rows(answered("quarterly count of orders"));
        assertThat(quarterly.stream().map(r -> (String) r.get(0)).toList()).containsExactlyElementsOf(byQuarter.keySet());
        quarterly.forEach(row -> assertNumber(row.get(1), BigDecimal.valueOf(byQuarter.get((String) row.get(0)))));

        Map<String, Long> byWeek = new TreeMap<>();
        for (Row r : DATA.rows) {
            LocalDate monday = r.orderDate().minusDays(r.orderDate().getDayOfWeek().getValue() - 1);
            byWeek.merge(monday.toString(), r.units(), Long::sum);
        }
        List<List<Object>> weekly = rows(answered("total units per week"));
        assertThat(weekly.stream().map(r -> (String) r.get(0)).toList())
                .containsExactlyElementsOf(byWeek.keySet().stream().limit(50).toList());
        weekly.forEach(row -> assertNumber(row.get(1), BigDecimal.valueOf(byWeek.get((String) row.get(0)))));

        JsonPath yearly = answered("yearly revenue");
        assertThat(rows(yearly)).hasSize(1);
        assertThat(rows(yearly).get(0).get(0)).isEqualTo("2024");
        assertNumber(rows(yearly).get(0).get(1), sum(r -> true, AnalystTest::revenue));
    }

    @Test
    void listsDistinctValues() {
        JsonPath json = answered("what are the distinct regions?");
        assertThat(rows(json).stream().map(r -> (String) r.get(0)).toList())
                .containsExactlyElementsOf(SalesData.REGIONS.stream().sorted().toList());
        assertThat(json.getString("answer")).isEqualTo("region has 4 distinct values: East, North, South, West.");

        List<String> products = DATA.rows.stream().filter(r -> r.region().equals("West")).map(Row::product).distinct()
                .sorted(Comparator.naturalOrder()).toList();
        assertThat(rows(answered("list the products in West")).stream().map(r -> (String) r.get(0)).toList())
                .containsExactlyElementsOf(products);
    }

    @Test
    void describesFromTheSummary() {
        String id = sales();
        JsonPath json = ok(alice.ask("describe sales.csv", id));
        assertThat(json.getString("sql")).isNull();
        assertThat(json.getString("answer")).startsWith("sales.csv has 240 rows and 7 columns:");
        assertThat(json.getList("table.rows.collect { it[0] }")).containsExactly("order_date", "region", "product", "units",
                "unit_price", "revenue", "customer");
        List<Object> units = rows(json).get(3);
        assertThat(units.get(1)).isEqualTo("BIGINT");
        assertNumber(units.get(4), BigDecimal.valueOf(DATA.rows.stream().mapToLong(Row::units).min().orElseThrow()));
        assertNumber(units.get(5), BigDecimal.valueOf(DATA.rows.stream().mapToLong(Row::units).max().orElseThrow()));
    }

    @Test
    void declinesWhatItCannotAnswerAndNeverCachesIt() {
        sales();
        for (String question : List.of("Why did revenue drop in March?", "What is the total profit?",
                "average salary by region", "revenue last month", "what's the weather in Paris")) {
            for (int attempt = 0; attempt < 2; attempt++) {
                String file = sales();
                JsonPath json = ok(alice.ask(question, file));
                assertThat(json.getString("answer")).as(question).startsWith("I can't answer that exactly from the data.")
                        .contains("Questions I can answer for this file").contains("Total units by region");
                assertThat(json.getString("sql")).isNull();
                assertThat(json.getMap("table")).isNull();
                assertThat(json.getBoolean("cached")).as("a decline is never cached").isFalse();
            }
        }
    }

    @Test
    void readsAFollowUpAsTheQuestionBeforeWithOneChange() {
        String file = sales();
        String conversation = ok(alice.ask("total revenue by region", file)).getString("conversationId");

        // no fileIds: the conversation's file stays in play, and the question before says what is asked
        JsonPath west = ok(alice.askIn(conversation, "what about the West?"));
        assertThat(west.getString("answer")).startsWith("Reading this as \u201ctotal revenue by region for West\u201d.\n");
        assertThat(west.getString("sql")).contains("\"region\" = 'West'");
        assertThat(rows(west)).hasSize(1);
        assertThat(rows(west).get(0).get(0)).isEqualTo("West");
        assertNumber(rows(west).get(0).get(1), sum(r -> r.region().equals("West"), AnalystTest::revenue));

        // a follow-up of a follow-up builds on what the one before was read as
        JsonPath byProduct = ok(alice.askIn(conversation, "and by product?"));
        assertThat(byProduct.getString("answer")).startsWith("Reading this as \u201ctotal revenue by product for West\u201d.");
        Map<String, BigDecimal> westByProduct = DATA.rows.stream().filter(r -> r.region().equals("West"))
                .collect(Collectors.groupingBy(Row::product, Collectors.reducing(BigDecimal.ZERO, Row::revenue, BigDecimal::add)));
        assertThat(rows(byProduct)).hasSize(westByProduct.size());
        rows(byProduct).forEach(row -> assertNumber(row.get(1), westByProduct.get((String) row.get(0))));

        // the reading is kept with the question it belongs to
        List<Map<String, Object>> messages = alice.messages(conversation).getList("items");
        assertThat(messages).hasSize(6);
        assertThat(messages.get(2).get("content")).isEqualTo("what about the West?");
        assertThat(((Map<?, ?>) messages.get(2).get("metadata")).get("reading")).isEqualTo("total revenue by region for West");
        assertThat(((Map<?, ?>) messages.get(0).get("metadata")).containsKey("reading")).isFalse();

        // the same follow-up after the same question elsewhere is the same answer, from the cache; after another
        // question it is another answer
        String again = ok(alice.ask("total revenue by region", file)).getString("conversationId");
        JsonPath cached = ok(alice.askIn(again, "what about the West?"));
        assertThat(cached.getBoolean("cached")).isTrue();
        assertThat(cached.getString("answer")).isEqualTo(west.getString("answer"));
        String units = ok(alice.ask("total units by region", file)).getString("conversationId");
        JsonPath unitsWest = ok(alice.askIn(units, "what about the West?"));
        assertThat(unitsWest.getBoolean("cached")).isFalse();
        assertThat(unitsWest.getString("answer")).startsWith("Reading this as \u201ctotal units by region for West\u201d.");
        assertNumber(rows(unitsWest).get(0).get(1), sum(r -> r.region().equals("West"), AnalystTest::units));

        // a follow-up whose change has no place in the question before is read alone, and says so
        String pair = ok(alice.ask("total revenue for Widget or Gadget", file)).getString("conversationId");
        JsonPath unplaced = ok(alice.askIn(pair, "and for Gizmo?"));
        assertThat(unplaced.getString("answer")).startsWith("I can't answer that exactly from the data. "
                + "This reads like a follow-up to your question "
                + "\u201ctotal revenue for Widget or Gadget\u201d, but I could not tell which part of it to change");
        assertThat(unplaced.getString("sql")).isNull();
    }

    @Test
    void explainsItselfWithoutFiles() {
        JsonPath json = ok(Api.newUser().ask("total revenue by region"));
        assertThat(json.getString("answer")).startsWith("I answer questions about your data files").contains("fileIds");
        assertThat(json.getString("sql")).isNull();
    }

    @Test
    void picksTheFileTheQuestionIsAbout() {
        String first = sales();
        String stores = alice.upload("stores.csv", "store,city,employees\nS1,Lyon,12\nS2,Paris,30\nS3,Lyon,7\nS4,Nice,9\n");
        JsonPath json = ok(alice.ask("total employees by city", first, stores));
        assertThat(json.getString("answer")).contains("in stores.csv");
        Map<String, Object> byCity = new LinkedHashMap<>();
        for (List<Object> row : rows(json)) {
            byCity.put((String) row.get(0), num(row.get(1)).longValue());
        }
        assertThat(byCity).containsExactly(Map.entry("Paris", 30L), Map.entry("Lyon", 19L), Map.entry("Nice", 9L));
    }
}
