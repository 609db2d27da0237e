package dev.insight.chat.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyst's answers checked as answers, not as SQL text: each question is planned, its SQL run on a generated
 * table in DuckDB, and the rows compared with those of a reference query written by hand. A question may be marked
 * as one the analyst must answer ({@code =}), one it may decline ({@code ?}) or one it must decline ({@code x});
 * in every case an answer that differs from the reference is a failure — a wrong number is worse than none.
 */
class AccuracyTest {

    private static AccuracyTables tables;
    private static Map<String, AccuracyTables.Table> byName;
    private final QuestionPlanner planner = new QuestionPlanner(50, 1000);

    @BeforeAll
    static void load() {
        tables = new AccuracyTables();
        byName = Map.of("lines", tables.orderLines(), "staff", tables.employees(), "ships", tables.shipments());
    }

    @AfterAll
    static void close() throws Exception {
        tables.close();
    }

    /** table | mode | question | reference SQL (empty for "must decline"). */
    private static final String CASES = """
            lines | = | total revenue | SELECT SUM(revenue) FROM data
            lines | = | how many orders | SELECT COUNT(DISTINCT order_id) FROM data
            lines | = | how many orders in North | SELECT COUNT(DISTINCT order_id) FROM data WHERE region = 'North'
            lines | = | how many customers | SELECT COUNT(DISTINCT customer_id) FROM data
            lines | = | number of orders by region | SELECT region, COUNT(DISTINCT order_id) FROM data GROUP BY 1
            lines | = | which region has the most orders | SELECT region, COUNT(DISTINCT order_id) FROM data GROUP BY 1 ORDER BY 2 DESC LIMIT 1
            lines | = | how many rows | SELECT COUNT(*) FROM data
            lines | = | how many orders were returned | SELECT COUNT(DISTINCT order_id) FROM data WHERE returned
            lines | = | total revenue of returned orders | SELECT SUM(revenue) FROM data WHERE returned
            lines | = | how many orders were not returned | SELECT COUNT(DISTINCT order_id) FROM data WHERE NOT returned
            lines | = | how many orders have a discount | SELECT COUNT(DISTINCT order_id) FROM data WHERE discount <> 0
            lines | = | how many lines have a discount over 10% | SELECT COUNT(*) FROM data WHERE discount > 0.1
            lines | = | average discount | SELECT AVG(discount) FROM data
            lines | = | unit price of Gadget | SELECT AVG(unit_price) FROM data WHERE product = 'Gadget'
            lines | = | top 3 products by unit price | SELECT product, AVG(unit_price) FROM data GROUP BY 1 ORDER BY 2 DESC LIMIT 3
            lines | = | revenue in Jan-Mar 2024 | SELECT SUM(revenue) FROM data WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2024-04-01'
            lines | = | revenue from March through May 2024 | SELECT SUM(revenue) FROM data WHERE order_date >= DATE '2024-03-01' AND order_date < DATE '2024-06-01'
            lines | = | revenue in Q1-Q2 2024 | SELECT SUM(revenue) FROM data WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2024-07-01'
            lines | = | revenue in March 2024 and April | SELECT SUM(revenue) FROM data WHERE order_date >= DATE '2024-03-01' AND order_date < DATE '2024-05-01'
            lines | = | revenue in Q1 2024 vs Q2 2024 | SELECT strftime(order_date, '%Y') || '-Q' || CAST(quarter(order_date) AS VARCHAR), SUM(revenue) FROM data WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2024-07-01' GROUP BY 1
            lines | = | revenue North vs South | SELECT region, SUM(revenue) FROM data WHERE region IN ('North', 'South') GROUP BY 1
            lines | = | compare revenue of Gadget and Widget | SELECT product, SUM(revenue) FROM data WHERE product IN ('Gadget', 'Widget') GROUP BY 1
            lines | = | revenue not in North, South | SELECT SUM(revenue) FROM data WHERE region NOT IN ('North', 'South')
            lines | = | revenue where region is not North or South | SELECT SUM(revenue) FROM data WHERE region NOT IN ('North', 'South')
            lines | = | how many rows where note is null | SELECT COUNT(*) FROM data WHERE note IS NULL
            lines | = | how many rows where note is not null | SELECT COUNT(*) FROM data WHERE note IS NOT NULL
            lines | = | revenue by month in 2024 | SELECT strftime(order_date, '%Y-%m'), SUM(revenue) FROM data WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01' GROUP BY 1
            lines | x | how many customers have revenue over 1000 |
            lines | x | revenue per quantity |
            lines | = | average monthly revenue | SELECT AVG(s) FROM (SELECT strftime(order_date, '%Y-%m'), SUM(revenue) s FROM data GROUP BY 1)
            lines | = | average revenue per order | SELECT AVG(s) FROM (SELECT order_id, SUM(revenue) s FROM data GROUP BY 1)
            lines | = | average number of orders per month | SELECT AVG(n) FROM (SELECT strftime(order_date, '%Y-%m'), COUNT(DISTINCT order_id) n FROM data GROUP BY 1)
            lines | = | highest monthly revenue | SELECT strftime(order_date, '%Y-%m'), SUM(revenue) FROM data GROUP BY 1 ORDER BY 2 DESC LIMIT 1
            lines | = | average unit price per product | SELECT product, AVG(unit_price) FROM data GROUP BY 1
            lines | = | average revenue of orders in 2024 | SELECT AVG(s) FROM (SELECT order_id, SUM(revenue) s FROM data WHERE order_date >= DATE '2024-01-01' AND order_date < DATE '2025-01-01' GROUP BY 1)
            lines | = | top 5 orders by revenue | SELECT order_id, SUM(revenue) FROM data GROUP BY 1 ORDER BY 2 DESC LIMIT 5
            lines | = | top 5 customers by revenue | SELECT customer_id, SUM(revenue) FROM data GROUP BY 1 ORDER BY 2 DESC LIMIT 5
            staff | = | how many employees | SELECT COUNT(DISTINCT employee_id) FROM data
            staff | = | how many employees in Engineering | SELECT COUNT(DISTINCT employee_id) FROM data WHERE department = 'Engineering'
            staff | = | number of employees by department | SELECT department, COUNT(DISTINCT employee_id) FROM data GROUP BY 1
            staff | = | which department has the most employees | SELECT department, COUNT(DISTINCT employee_id) FROM data GROUP BY 1 ORDER BY 2 DESC LIMIT 1
            staff | = | average salary by department | SELECT department, AVG(salary) FROM data GROUP BY 1
            staff | = | salary by department | SELECT department, AVG(salary) FROM data GROUP BY 1
            staff | = | top 3 departments by salary | SELECT department, AVG(salary) FROM data GROUP BY 1 ORDER BY 2 DESC LIMIT 3
            staff | = | total salary | SELECT SUM(salary) FROM data
            staff | = | average age | SELECT AVG(age) FROM data
            staff | = | age by city | SELECT city, AVG(age) FROM data GROUP BY 1
            staff | = | how many managers | SELECT COUNT(*) FROM data WHERE is_manager
            staff | = | how many employees are managers | SELECT COUNT(DISTINCT employee_id) FROM data WHERE is_manager
            staff | = | average salary of managers | SELECT AVG(salary) FROM data WHERE is_manager
            staff | = | how many employees in Boston | SELECT COUNT(DISTINCT employee_id) FROM data WHERE city = 'Boston'
            staff | ? | employees hired in 2020 | SELECT COUNT(DISTINCT employee_id) FROM data WHERE hire_date >= DATE '2020-01-01' AND hire_date < DATE '2021-01-01'
            staff | = | list the departments | SELECT DISTINCT department FROM data
            staff | x | total employee_id |
            ships | = | how many shipments to Boston | SELECT COUNT(DISTINCT shipment_id) FROM data WHERE destination = 'Boston'
            ships | = | how many shipments from Denver | SELECT COUNT(DISTINCT shipment_id) FROM data WHERE origin = 'Denver'
            ships | = | total cost of shipments from Austin to Seattle | SELECT SUM(cost) FROM data WHERE origin = 'Austin' AND destination = 'Seattle'
            ships | x | how many shipments in Boston |
            ships | = | total weight_kg where destination is Miami | SELECT SUM(weight_kg) FROM data WHERE destination = 'Miami'
            ships | = | average temperature | SELECT AVG(temperature) FROM data
            ships | = | temperature by month | SELECT strftime(ship_date, '%Y-%m'), AVG(temperature) FROM data GROUP BY 1
            ships | = | cost by origin | SELECT origin, SUM(cost) FROM data GROUP BY 1
            ships | = | shipments by destination | SELECT destination, COUNT(DISTINCT shipment_id) FROM data GROUP BY 1
            ships | = | how many shipments with weight over 400 | SELECT COUNT(DISTINCT shipment_id) FROM data WHERE weight_kg > 400
            """;

    @Test
    void answersMatchReferenceQueriesOrDecline() throws SQLException {
        AccuracyTables.Report report = AccuracyTables.check(CASES, byName, planner);
        report.print("analyst accuracy");
        assertThat(report.wrong()).as("wrong answers").isEmpty();
        assertThat(report.declinedAnswerable()).as("declined questions it should answer").isEmpty();
    }
}
