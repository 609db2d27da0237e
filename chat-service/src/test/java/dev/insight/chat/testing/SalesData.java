package dev.insight.chat.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A generated sales dataset and the rows it was made from, so that tests can compute every expected figure
 * independently of the service (plain Java over these rows, never SQL).
 */
public final class SalesData {

    public static final List<String> REGIONS = List.of("North", "South", "East", "West");
    public static final List<String> PRODUCTS = List.of("Widget", "Gadget", "Gizmo", "Sprocket", "Big Box", "Doohickey");

    public record Row(LocalDate orderDate, String region, String product, long units, BigDecimal unitPrice,
            BigDecimal revenue, String customer) {
    }

    public final List<Row> rows;
    public final String csv;

    public SalesData(long seed, int count) {
        Random random = new Random(seed);
        List<Row> made = new ArrayList<>();
        StringBuilder text = new StringBuilder("order_date,region,product,units,unit_price,revenue,customer\n");
        for (int i = 0; i < count; i++) {
            LocalDate date = LocalDate.of(2024, 1, 1).plusDays(random.nextInt(366));
            String region = REGIONS.get(random.nextInt(REGIONS.size()));
            String product = PRODUCTS.get(random.nextInt(PRODUCTS.size()));
            long units = 1 + random.nextInt(20);
            BigDecimal price = BigDecimal.valueOf(150 + random.nextInt(9850), 2);
            BigDecimal revenue = price.multiply(BigDecimal.valueOf(units)).setScale(2, RoundingMode.HALF_UP);
            String customer = "C" + String.format("%03d", 1 + random.nextInt(40));
            made.add(new Row(date, region, product, units, price, revenue, customer));
            text.append(date).append(',').append(region).append(',').append(product).append(',').append(units).append(',')
                    .append(price.toPlainString()).append(',').append(revenue.toPlainString()).append(',').append(customer)
                    .append('\n');
        }
        this.rows = List.copyOf(made);
        this.csv = text.toString();
    }
}
