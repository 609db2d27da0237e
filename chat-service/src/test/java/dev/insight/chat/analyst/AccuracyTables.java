package dev.insight.chat.analyst;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Generated tables of the shapes people upload — line items with repeated order ids, staff lists, shipments with two
 * city columns — loaded into an in-memory DuckDB from CSV the way file-service reads them, with the {@link Dataset}
 * the analyst would be given for each.
 */
final class AccuracyTables implements AutoCloseable {

    static final List<String> CITIES = List.of("Boston", "Denver", "Austin", "Seattle", "Miami", "Chicago");
    static final List<String> DEPARTMENTS = List.of("Sales", "Engineering", "Support", "Finance", "Marketing");
    static final List<String> PRODUCTS = List.of("Widget", "Gadget", "Gizmo", "Sprocket", "Big Box");
    static final List<String> REGIONS = List.of("North", "South", "East", "West");

    private final Path dir;
    private final List<Connection> connections = new ArrayList<>();

    AccuracyTables() {
        try {
            dir = Files.createTempDirectory("accuracy");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One loaded table: the connection that holds it as {@code data}, and what the analyst knows of it. */
    record Table(Connection connection, Dataset dataset) {
    }

    /** Line items: 1–3 lines per order, so rows are not orders; discounts are fractions, mostly zero. */
    Table orderLines() {
        Random random = new Random(7);
        StringBuilder csv = new StringBuilder(
                "order_id,order_date,customer_id,region,product,quantity,unit_price,discount,returned,revenue,note\n");
        for (int order = 1001; order <= 1160; order++) {
            LocalDate date = LocalDate.of(2023, 7, 1).plusDays(random.nextInt(640));
            int customer = 1 + random.nextInt(35);
            String region = REGIONS.get(random.nextInt(REGIONS.size()));
            boolean returned = random.nextInt(6) == 0;
            int lines = 1 + random.nextInt(3);
            for (int l = 0; l < lines; l++) {
                String product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
                int quantity = 1 + random.nextInt(12);
                double price = 5 + PRODUCTS.indexOf(product) * 7.5;
                double discount = random.nextInt(3) == 0 ? List.of(0.05, 0.1, 0.2).get(random.nextInt(3)) : 0;
                double revenue = Math.round(quantity * price * (1 - discount) * 100) / 100.0;
                String note = random.nextInt(4) == 0 ? "gift" : "";
                csv.append(order).append(',').append(date).append(',').append(customer).append(',').append(region)
                        .append(',').append(product).append(',').append(quantity).append(',').append(price).append(',')
                        .append(discount).append(',').append(returned).append(',').append(revenue).append(',')
                        .append(note).append('\n');
            }
        }
        return load("order_lines.csv", csv.toString());
    }

    /** One row per employee; ids, ages and salaries are numbers that must not be added up. */
    Table employees() {
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("employee_id,employee_name,department,city,salary,age,hire_date,is_manager\n");
        for (int id = 1; id <= 90; id++) {
            String department = DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size()));
            String city = CITIES.get(random.nextInt(CITIES.size()));
            int salary = 40_000 + random.nextInt(120) * 1000;
            int age = 22 + random.nextInt(40);
            LocalDate hired = LocalDate.of(2015, 1, 1).plusDays(random.nextInt(3600));
            csv.append(id).append(",Person ").append(id).append(',').append(department).append(',').append(city)
                    .append(',').append(salary).append(',').append(age).append(',').append(hired).append(',')
                    .append(random.nextInt(7) == 0).append('\n');
        }
        return load("employees.csv", csv.toString());
    }

    /** Shipments between cities: every city is a value of two columns. */
    Table shipments() {
        Random random = new Random(13);
        StringBuilder csv = new StringBuilder("shipment_id,origin,destination,ship_date,weight_kg,cost,temperature\n");
        for (int id = 1; id <= 150; id++) {
            String origin = CITIES.get(random.nextInt(CITIES.size()));
            String destination = CITIES.get(random.nextInt(CITIES.size()));
            LocalDate date = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(366));
            csv.append(id).append(',').append(origin).append(',').append(destination).append(',').append(date)
                    .append(',').append(1 + random.nextInt(500)).append(',').append(20 + random.nextInt(400))
                    .append(',').append(-5 + random.nextInt(30)).append('\n');
        }
        return load("shipments.csv", csv.toString());
    }

    private Table load(String name, String csv) {
        try {
            Path file = dir.resolve(name);
            Files.writeString(file, csv);
            Connection connection = DriverManager.getConnection("jdbc:duckdb:");
            connections.add(connection);
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE TABLE data AS SELECT * FROM read_csv('" + file + "', header = true)");
            }
            List<Dataset.Column> columns = new ArrayList<>();
            List<String[]> described = new ArrayList<>();
            try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("DESCRIBE data")) {
                while (rs.next()) {
                    described.add(new String[] { rs.getString(1), rs.getString(2) });
                }
            }
            long rows = scalarLong(connection, "SELECT COUNT(*) FROM data");
            for (String[] d : described) {
                Dataset.Kind kind = Dataset.kindOf(d[1]);
                String id = Plan.Sql.id(d[0]);
                List<String> values = new ArrayList<>();
                long distinct = scalarLong(connection, "SELECT COUNT(DISTINCT " + id + ") FROM data");
                if (kind == Dataset.Kind.TEXT && distinct <= 200) {
                    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT " + id
                            + " FROM data WHERE " + id + " IS NOT NULL GROUP BY 1 ORDER BY COUNT(*) DESC, 1")) {
                        while (rs.next()) {
                            values.add(rs.getString(1));
                        }
                    }
                }
                String min = null;
                String max = null;
                if (kind == Dataset.Kind.NUMBER || kind == Dataset.Kind.TEMPORAL) {
                    try (Statement s = connection.createStatement();
                            ResultSet rs = s.executeQuery("SELECT MIN(" + id + ")::VARCHAR, MAX(" + id + ")::VARCHAR FROM data")) {
                        rs.next();
                        min = rs.getString(1);
                        max = rs.getString(2);
                    }
                }
                long nulls = scalarLong(connection, "SELECT COUNT(*) FROM data WHERE " + id + " IS NULL");
                columns.add(new Dataset.Column(d[0], d[1], kind, values, distinct, nulls, min, max, null));
            }
            return new Table(connection, new Dataset(UUID.randomUUID(), name, rows, columns));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long scalarLong(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** What a set of cases gave: answers equal to the reference, wrong answers, and declines (with their reasons). */
    record Report(int total, int right, List<String> wrong, List<String> declined, List<String> declinedAnswerable) {

        void print(String title) {
            System.out.println(title + ": " + total + " questions, " + right + " right, " + wrong.size() + " wrong, "
                    + declined.size() + " declined (" + declinedAnswerable.size() + " of them plainly answerable)");
            wrong.forEach(w -> System.out.println("  WRONG: " + w));
            declined.forEach(d -> System.out.println("  declined: " + d));
        }
    }

    /**
     * Plans each case ({@code table | mode | question | reference SQL}; mode {@code =} plainly answerable, {@code ?}
     * may decline, {@code x} must decline; blank lines and {@code #} comments skipped), runs the planner's SQL and the
     * reference on the named table, and compares the rows in any order.
     */
    static Report check(String cases, java.util.Map<String, Table> tables, QuestionPlanner planner) throws SQLException {
        List<String> wrong = new ArrayList<>();
        List<String> declined = new ArrayList<>();
        List<String> declinedAnswerable = new ArrayList<>();
        int right = 0;
        int total = 0;
        for (String line : cases.strip().split("\n")) {
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            total++;
            String[] f = line.split("\\|", 4);
            String name = f[0].strip();
            Table table = tables.get(name);
            String mode = f[1].strip();
            String question = f[2].strip();
            String reference = f.length > 3 ? f[3].strip() : "";
            Plan plan = planner.plan(question, table.dataset());
            if (!(plan instanceof Plan.Query query)) {
                String reason = plan instanceof Plan.Decline d ? d.reason() : plan.toString();
                String entry = name + ": " + question + " → " + reason;
                declined.add((mode.equals("=") ? "[should answer] " : "") + entry);
                if (mode.equals("=")) {
                    declinedAnswerable.add(entry);
                }
                continue;
            }
            String sql = query.spec().sql();
            if (mode.equals("x")) {
                wrong.add(name + ": " + question + " → answered, should decline: " + sql);
                continue;
            }
            List<List<String>> got;
            try {
                got = sorted(rows(table.connection(), sql));
            } catch (SQLException e) {
                wrong.add(name + ": " + question + " → " + sql + "\n    failed: " + e.getMessage());
                continue;
            }
            List<List<String>> expected = sorted(rows(table.connection(), reference));
            if (got.equals(expected)) {
                right++;
            } else {
                wrong.add(name + ": " + question + " → " + sql + "\n    got " + head(got) + "\n    expected " + head(expected)
                        + "   [" + reference + "]");
            }
        }
        return new Report(total, right, wrong, declined, declinedAnswerable);
    }

    private static List<List<String>> sorted(List<List<String>> rows) {
        List<List<String>> copy = new ArrayList<>(rows);
        copy.sort(java.util.Comparator.comparing(Object::toString));
        return copy;
    }

    private static String head(List<List<String>> rows) {
        return rows.size() <= 6 ? rows.toString() : rows.subList(0, 6) + "… (" + rows.size() + " rows)";
    }

    /** A query's rows as text, numbers rounded to 6 significant places so that equal sums compare equal. */
    static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof Number number
                            ? new java.math.BigDecimal(number.toString()).round(new java.math.MathContext(6)).stripTrailingZeros()
                                    .toPlainString()
                            : String.valueOf(v));
                }
                out.add(row);
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (Connection c : connections) {
            c.close();
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
