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

    /** Every table, by the name the case files give it. */
    java.util.Map<String, Table> byName() {
        return java.util.Map.of("lines", orderLines(), "staff", employees(), "ships", shipments(), "store", superstore(),
                "sensor", sensorReadings(), "mkt", campaigns(), "report", monthlyReport(), "ledger", ledger(), "survey",
                survey(), "web", webTraffic());
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

    /**
     * A Superstore-like retail export: spaced, capitalised column names, text order ids with several lines per order,
     * two date columns, fractional discounts and profits that go negative on heavy discounts.
     */
    Table superstore() {
        Random random = new Random(17);
        List<String> first = List.of("Aaron", "Brenda", "Carlos", "Diana", "Ethan", "Fiona", "George", "Hannah", "Ivan");
        List<String> last = List.of("Bergman", "Ortiz", "Nguyen", "Schmidt", "Patel");
        List<String> segments = List.of("Consumer", "Corporate", "Home Office");
        List<String> states = List.of("California", "New York", "Texas", "Washington", "Pennsylvania", "Florida",
                "Illinois", "Ohio");
        List<String> regionOfState = List.of("West", "East", "Central", "West", "East", "South", "Central", "East");
        List<String[]> subCategories = List.of(new String[] { "Furniture", "Chairs", "180" },
                new String[] { "Furniture", "Tables", "320" }, new String[] { "Furniture", "Bookcases", "210" },
                new String[] { "Furniture", "Furnishings", "45" }, new String[] { "Office Supplies", "Binders", "18" },
                new String[] { "Office Supplies", "Paper", "12" }, new String[] { "Office Supplies", "Storage", "65" },
                new String[] { "Office Supplies", "Art", "9" }, new String[] { "Office Supplies", "Labels", "6" },
                new String[] { "Technology", "Phones", "240" }, new String[] { "Technology", "Accessories", "75" },
                new String[] { "Technology", "Machines", "520" }, new String[] { "Technology", "Copiers", "900" });
        List<Double> discounts = List.of(0.0, 0.0, 0.0, 0.0, 0.1, 0.2, 0.2, 0.3, 0.5);
        StringBuilder csv = new StringBuilder("Order ID,Order Date,Ship Date,Ship Mode,Customer Name,Segment,State,Region,"
                + "Category,Sub-Category,Sales,Quantity,Discount,Profit\n");
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int o = 0; o < 650; o++) {
            LocalDate date = LocalDate.of(2023, 1, 1).plusDays(random.nextInt(731));
            int number;
            do {
                number = 100000 + random.nextInt(900000);
            } while (!used.add(number));
            String orderId = "CA-" + date.getYear() + "-" + number;
            int c = random.nextInt(first.size() * last.size());
            String customer = first.get(c % first.size()) + " " + last.get(c / first.size());
            String segment = segments.get(c % segments.size());
            int s = random.nextInt(states.size());
            int modeDraw = random.nextInt(20);
            String mode = modeDraw < 12 ? "Standard Class" : modeDraw < 16 ? "Second Class" : modeDraw < 19 ? "First Class"
                    : "Same Day";
            int shipDays = switch (mode) {
                case "Standard Class" -> 4 + random.nextInt(4);
                case "Second Class" -> 2 + random.nextInt(3);
                case "First Class" -> 1 + random.nextInt(3);
                default -> 0;
            };
            int lines = 1 + random.nextInt(4);
            for (int l = 0; l < lines; l++) {
                String[] sub = subCategories.get(random.nextInt(subCategories.size()));
                int quantity = 1 + random.nextInt(9);
                double discount = discounts.get(random.nextInt(discounts.size()));
                double price = Double.parseDouble(sub[2]) * (0.8 + random.nextInt(40) / 100.0);
                double sales = Math.round(quantity * price * (1 - discount) * 100) / 100.0;
                double margin = 0.28 - discount * 1.1 + (random.nextInt(21) - 10) / 100.0;
                double profit = Math.round(sales * margin * 100) / 100.0;
                csv.append(orderId).append(',').append(date).append(',').append(date.plusDays(shipDays)).append(',')
                        .append(mode).append(',').append(customer).append(',').append(segment).append(',')
                        .append(states.get(s)).append(',').append(regionOfState.get(s)).append(',').append(sub[0])
                        .append(',').append(sub[1]).append(',').append(sales).append(',').append(quantity).append(',')
                        .append(discount).append(',').append(profit).append('\n');
            }
        }
        return load("superstore.csv", csv.toString());
    }

    /**
     * Hourly readings of eight sensors at three sites over March and April 2024, a few hours missing per sensor
     * and some readings empty (NULL).
     */
    Table sensorReadings() {
        Random random = new Random(19);
        List<String> siteOf = List.of("North Plant", "North Plant", "North Plant", "South Plant", "South Plant",
                "South Plant", "Warehouse", "Warehouse");
        StringBuilder csv = new StringBuilder("timestamp,sensor_id,site,temperature_c,humidity_pct,battery_v,status\n");
        java.time.LocalDateTime start = java.time.LocalDateTime.of(2024, 3, 1, 0, 0);
        for (int h = 0; h < 61 * 24; h++) {
            java.time.LocalDateTime at = start.plusHours(h);
            for (int s = 0; s < 8; s++) {
                if (random.nextInt(60) == 0) {
                    continue; // the sensor did not report this hour
                }
                String site = siteOf.get(s);
                double base = site.equals("Warehouse") ? 16 : site.equals("North Plant") ? 21 : 24;
                double temperature = Math.round((base + s * 0.4 + 6 * Math.sin((at.getHour() - 8) / 24.0 * 2 * Math.PI)
                        + h / 300.0 + random.nextGaussian() * 1.5) * 10) / 10.0;
                double humidity = Math.round(Math.min(99.5, Math.max(12, 55 - (temperature - 20) * 2.5
                        + random.nextGaussian() * 8)) * 10) / 10.0;
                double battery = Math.round((3.95 - h * (0.0003 + s * 0.00005) + random.nextGaussian() * 0.01) * 100) / 100.0;
                boolean noTemperature = random.nextInt(40) == 0;
                boolean noHumidity = random.nextInt(35) == 0;
                String status = noTemperature || random.nextInt(150) == 0 ? "fail"
                        : temperature > 30 || battery < 3.5 ? "warn" : "ok";
                csv.append(at.toLocalDate()).append(' ').append(at.toLocalTime()).append(":00,S").append(s + 1)
                        .append(',').append(site).append(',').append(noTemperature ? "" : Double.toString(temperature))
                        .append(',').append(noHumidity ? "" : Double.toString(humidity)).append(',').append(battery)
                        .append(',').append(status).append('\n');
            }
        }
        return load("sensor_readings.csv", csv.toString());
    }

    /** Daily results of marketing campaigns per channel in 2024; a campaign runs for a few weeks on some channels. */
    Table campaigns() {
        Random random = new Random(23);
        record Campaign(String name, LocalDate from, LocalDate to, List<String> channels, boolean active, int every) {
        }
        List<Campaign> campaigns = List.of(
                new Campaign("New Year Kickoff", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 15),
                        List.of("Email", "Search", "Social"), false, 1),
                new Campaign("Spring Sale", LocalDate.of(2024, 3, 1), LocalDate.of(2024, 4, 30),
                        List.of("Email", "Search", "Display"), false, 1),
                new Campaign("Summer Promo", LocalDate.of(2024, 6, 1), LocalDate.of(2024, 7, 31),
                        List.of("Social", "Display", "Search"), false, 1),
                new Campaign("Back to School", LocalDate.of(2024, 8, 1), LocalDate.of(2024, 9, 15),
                        List.of("Social", "Search"), false, 1),
                new Campaign("Black Friday", LocalDate.of(2024, 11, 1), LocalDate.of(2024, 11, 30),
                        List.of("Email", "Search", "Social", "Display"), false, 1),
                new Campaign("Holiday Push", LocalDate.of(2024, 12, 1), LocalDate.of(2024, 12, 31),
                        List.of("Email", "Social", "Display"), true, 1),
                new Campaign("Brand Awareness", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31),
                        List.of("Display", "Social"), true, 7));
        StringBuilder csv = new StringBuilder("date,campaign,channel,spend,impressions,clicks,conversions,revenue,is_active\n");
        for (Campaign c : campaigns) {
            for (LocalDate d = c.from(); !d.isAfter(c.to()); d = d.plusDays(c.every())) {
                for (String channel : c.channels()) {
                    double spend = Math.round((switch (channel) {
                        case "Email" -> 80;
                        case "Search" -> 600;
                        case "Social" -> 350;
                        default -> 250;
                    } * (0.6 + random.nextDouble() * 0.8)) * 100) / 100.0;
                    int impressions = (int) (spend * (channel.equals("Display") ? 400 : channel.equals("Email") ? 150 : 90)
                            * (0.7 + random.nextDouble() * 0.6));
                    double ctr = switch (channel) {
                        case "Email" -> 0.04;
                        case "Search" -> 0.05;
                        case "Social" -> 0.012;
                        default -> 0.004;
                    };
                    int clicks = (int) (impressions * ctr * (0.5 + random.nextDouble()));
                    int conversions = (int) (clicks * (0.01 + random.nextDouble() * 0.06));
                    double revenue = Math.round(conversions * (40 + random.nextInt(80)) * 100) / 100.0;
                    csv.append(d).append(',').append(c.name()).append(',').append(channel).append(',').append(spend)
                            .append(',').append(impressions).append(',').append(clicks).append(',').append(conversions)
                            .append(',').append(revenue).append(',').append(c.active()).append('\n');
                }
            }
        }
        return load("marketing_campaigns.csv", csv.toString());
    }

    /**
     * A spreadsheet-style monthly report with no date column: a Year number and a Month name ('Jan'…'Dec') per row,
     * one row per month, region and product; all of 2023 and January–September 2024, a few combinations missing.
     */
    Table monthlyReport() {
        Random random = new Random(29);
        List<String> months = List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");
        List<String> products = List.of("Laptop", "Tablet", "Phone", "Monitor");
        List<Double> prices = List.of(900.0, 400.0, 650.0, 250.0);
        StringBuilder csv = new StringBuilder("Year,Month,Region,Product,Units,Revenue\n");
        for (int year = 2023; year <= 2024; year++) {
            for (int m = 0; m < (year == 2023 ? 12 : 9); m++) {
                for (String region : REGIONS) {
                    for (int p = 0; p < products.size(); p++) {
                        if (random.nextInt(15) == 0) {
                            continue; // nothing sold, no row
                        }
                        int units = 5 + random.nextInt(60) + (m >= 10 ? 30 : 0) + (year == 2024 ? 5 : 0);
                        double revenue = Math.round(units * prices.get(p) * (0.9 + random.nextInt(21) / 100.0) * 100) / 100.0;
                        csv.append(year).append(',').append(months.get(m)).append(',').append(region).append(',')
                                .append(products.get(p)).append(',').append(units).append(',').append(revenue).append('\n');
                    }
                }
            }
        }
        return load("sales_report.csv", csv.toString());
    }

    /**
     * A bank ledger: timestamped transactions on four accounts, one of them in EUR, a debit or a credit per row (the
     * other side empty), the account's running balance after each, and a memo that is usually empty.
     */
    Table ledger() {
        Random random = new Random(31);
        record Kind(String category, boolean credit, int low, int high) {
        }
        List<String> accounts = List.of("Operating", "Reserve", "Corporate Card", "EU Operating");
        List<String> currencies = List.of("USD", "USD", "USD", "EUR");
        List<List<Kind>> kinds = List.of(
                List.of(new Kind("Payroll", false, 8000, 15000), new Kind("Rent", false, 4000, 4200),
                        new Kind("Software", false, 50, 900), new Kind("Utilities", false, 200, 800),
                        new Kind("Customer Payment", true, 500, 12000), new Kind("Customer Payment", true, 500, 12000),
                        new Kind("Customer Payment", true, 500, 12000), new Kind("Refund", false, 50, 600),
                        new Kind("Transfer", false, 1000, 5000), new Kind("Bank Fees", false, 5, 45)),
                List.of(new Kind("Transfer", true, 1000, 5000), new Kind("Interest", true, 100, 400),
                        new Kind("Bank Fees", false, 5, 45)),
                List.of(new Kind("Travel", false, 100, 2500), new Kind("Software", false, 50, 900),
                        new Kind("Supplies", false, 20, 400), new Kind("Meals", false, 15, 200),
                        new Kind("Refund", true, 20, 300)),
                List.of(new Kind("Payroll", false, 6000, 11000), new Kind("Rent", false, 3000, 3100),
                        new Kind("Utilities", false, 150, 600), new Kind("Customer Payment", true, 400, 9000),
                        new Kind("Customer Payment", true, 400, 9000), new Kind("Bank Fees", false, 5, 45)));
        List<String> memos = List.of("recurring", "reimbursable", "one-off", "disputed", "see invoice");
        List<java.time.LocalDateTime> times = new ArrayList<>();
        for (int t = 0; t < 420; t++) {
            times.add(java.time.LocalDateTime.of(2024, 1, 2, 8, 0).plusDays(random.nextInt(178))
                    .plusMinutes(random.nextInt(10 * 60)).plusSeconds(random.nextInt(60)));
        }
        times.sort(null);
        double[] balances = { 50_000, 200_000, 0, 30_000 };
        StringBuilder csv = new StringBuilder("txn_id,posted_at,account,category,debit,credit,balance,currency,memo\n");
        int id = 5001;
        for (java.time.LocalDateTime at : times) {
            int a = random.nextInt(10);
            int account = a < 4 ? 0 : a < 5 ? 1 : a < 8 ? 2 : 3;
            Kind kind = kinds.get(account).get(random.nextInt(kinds.get(account).size()));
            double amount = Math.round((kind.low() + random.nextDouble() * (kind.high() - kind.low())) * 100) / 100.0;
            balances[account] = Math.round((balances[account] + (kind.credit() ? amount : -amount)) * 100) / 100.0;
            String memo = random.nextInt(5) < 3 ? "" : memos.get(random.nextInt(memos.size()));
            csv.append(id++).append(',').append(at.toLocalDate()).append(' ').append(at.toLocalTime()).append(',')
                    .append(accounts.get(account)).append(',').append(kind.category()).append(',')
                    .append(kind.credit() ? "" : Double.toString(amount)).append(',')
                    .append(kind.credit() ? Double.toString(amount) : "").append(',').append(balances[account]).append(',')
                    .append(currencies.get(account)).append(',').append(memo).append('\n');
        }
        return load("ledger.csv", csv.toString());
    }

    /**
     * A customer survey, one row per respondent: a 1–5 satisfaction score, a 0–10 NPS answer, a yes/no column kept as
     * text (Y/N: DuckDB reads yes/no as BOOLEAN) and comments that are mostly empty and often repeat; age groups are
     * text like '18-24'.
     */
    Table survey() {
        Random random = new Random(37);
        List<String> countries = List.of("United States", "Germany", "France", "United Kingdom", "Brazil", "India",
                "Japan", "Canada");
        List<String> ages = List.of("18-24", "25-34", "35-44", "45-54", "55-64", "65+");
        List<String> comments = List.of("Great service", "Too expensive", "Slow delivery", "Love the app",
                "Support was helpful", "Hard to use", "Great service", "Too expensive");
        StringBuilder csv = new StringBuilder(
                "respondent_id,submitted_on,country,age_group,gender,satisfaction,nps,would_recommend,comments\n");
        for (int id = 10001; id <= 10600; id++) {
            LocalDate on = LocalDate.of(2023, 10, 1).plusDays(random.nextInt(274));
            int c = random.nextInt(countries.size());
            int g = random.nextInt(100);
            String gender = g < 46 ? "Female" : g < 91 ? "Male" : g < 97 ? "Non-binary" : "Prefer not to say";
            int satisfaction = Math.max(1, Math.min(5, 2 + random.nextInt(4) + (c % 3 == 0 ? 1 : 0) - (c == 4 ? 1 : 0)));
            int nps = Math.max(0, Math.min(10, satisfaction * 2 + random.nextInt(5) - 2));
            String recommend = nps >= 7 || nps >= 5 && random.nextInt(3) == 0 ? "Y" : "N";
            String comment = random.nextInt(5) == 0 ? comments.get(random.nextInt(comments.size())) : "";
            csv.append(id).append(',').append(on).append(',').append(countries.get(c)).append(',')
                    .append(ages.get(random.nextInt(ages.size()))).append(',').append(gender).append(',')
                    .append(satisfaction).append(',').append(nps).append(',').append(recommend).append(',')
                    .append(comment).append('\n');
        }
        return load("customer_survey.csv", csv.toString());
    }

    /**
     * Daily web analytics for January–March 2024, one row per day, page path and device: sessions, bounces, the
     * average time on page (empty when there were no sessions) and conversions.
     */
    Table webTraffic() {
        Random random = new Random(41);
        List<String> pages = List.of("/", "/pricing", "/features", "/blog", "/blog/launch-post", "/docs", "/signup",
                "/contact");
        List<Integer> bases = List.of(400, 150, 120, 90, 40, 110, 60, 25);
        List<String> devices = List.of("desktop", "mobile", "tablet");
        List<Double> factors = List.of(1.0, 0.8, 0.15);
        StringBuilder csv = new StringBuilder("day,page,device,sessions,bounces,avg_time_sec,conversions\n");
        for (LocalDate d = LocalDate.of(2024, 1, 1); d.isBefore(LocalDate.of(2024, 4, 1)); d = d.plusDays(1)) {
            for (int p = 0; p < pages.size(); p++) {
                for (int v = 0; v < devices.size(); v++) {
                    if (random.nextInt(12) == 0) {
                        continue;
                    }
                    int sessions = (int) (bases.get(p) * factors.get(v) * (0.6 + random.nextDouble() * 0.8)
                            * (d.getDayOfWeek().getValue() >= 6 ? 0.6 : 1.0));
                    if (random.nextInt(40) == 0) {
                        sessions = 0;
                    }
                    double bounceRate = (pages.get(p).startsWith("/blog") ? 0.7 : 0.4) + (v == 1 ? 0.1 : 0);
                    int bounces = (int) Math.round(sessions * bounceRate * (0.8 + random.nextDouble() * 0.4));
                    bounces = Math.min(bounces, sessions);
                    String time = sessions == 0 ? ""
                            : Double.toString(Math.round(Math.max(5, 40 + p * 15 + random.nextGaussian() * 20 + (v == 0 ? 30 : 0))
                                    * 10) / 10.0);
                    double rate = pages.get(p).equals("/signup") ? 0.2 : pages.get(p).equals("/pricing") ? 0.04 : 0.005;
                    int conversions = (int) Math.round(sessions * rate * (0.5 + random.nextDouble()));
                    csv.append(d).append(',').append(pages.get(p)).append(',').append(devices.get(v)).append(',')
                            .append(sessions).append(',').append(bounces).append(',').append(time).append(',')
                            .append(conversions).append('\n');
                }
            }
        }
        return load("web_traffic.csv", csv.toString());
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
            if (Boolean.getBoolean("analyst.declines")) { // -Danalyst.declines=true lists them with their reasons
                declined.forEach(d -> System.out.println("  declined: " + d));
            }
        }
    }

    /**
     * Plans each case ({@code table | mode | question | reference SQL}; mode {@code =} plainly answerable, {@code ?}
     * may decline, {@code x} must decline; blank lines and {@code #} comments skipped), runs the planner's SQL and the
     * reference on the named table, and compares the rows in any order. A question may be a conversation, its
     * messages joined by {@code >>} ("total revenue by region >> what about 2023? >> and the West?"): each message
     * after the first is read after the one before it as the analyst reads follow-ups, and the last one is checked.
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
            Plan plan = null;
            String previous = null;
            for (String message : question.split(">>")) {
                FollowUps.Read read = FollowUps.read(planner, message.strip(), previous, table.dataset());
                plan = read.plan();
                previous = read.reading() != null ? read.reading() : message.strip();
            }
            if (plan instanceof Plan.Decline d && d.reason().equals(QuestionPlanner.PLANNER_FAILED)) {
                wrong.add(name + ": " + question + " → the planner failed (see the log)");
                continue;
            }
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
            java.util.regex.Matcher limit = java.util.regex.Pattern.compile("LIMIT (\\d+)$").matcher(sql);
            boolean cut = limit.find() && got.size() == Integer.parseInt(limit.group(1)) && expected.size() > got.size();
            if (got.equals(expected) || cut && expected.containsAll(got)) {
                // a longer answer than the analyst shows is right when the rows it shows are all right (the service
                // marks it truncated)
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
