// A sales table of about the given size in MB, for the benchmarks (bash is far too slow for 1 GB):
//   java bench/lib/SalesCsv.java <out.csv> <MB>   prints the number of rows written
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
public class SalesCsv {
    public static void main(String[] a) throws IOException {
        long target = Long.parseLong(a[1]) * 1024 * 1024;
        String[] regions = {"North", "South", "East", "West", "Central", "Overseas"};
        String[] channels = {"web", "store", "partner", "phone"};
        SplittableRandom r = new SplittableRandom(42);
        long written = 0, id = 0;
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new FileOutputStream(a[0]), StandardCharsets.UTF_8), 1 << 20)) {
            String header = "order_id,order_date,region,channel,product,customer,units,unit_price,discount,revenue,returned\n";
            w.write(header);
            written += header.length();
            StringBuilder line = new StringBuilder(160);
            while (written < target) {
                id++;
                int units = 1 + r.nextInt(50);
                double price = Math.round((2 + r.nextDouble() * 498) * 100) / 100.0;
                String discount = r.nextInt(4) == 0 ? "" : String.valueOf(r.nextInt(30));
                double revenue = Math.round(units * price * (1 - (discount.isEmpty() ? 0 : Integer.parseInt(discount)) / 100.0) * 100) / 100.0;
                line.setLength(0);
                line.append(id).append(',')
                    .append(2020 + r.nextInt(5)).append('-').append(String.format("%02d", 1 + r.nextInt(12))).append('-').append(String.format("%02d", 1 + r.nextInt(28))).append(',')
                    .append(regions[r.nextInt(regions.length)]).append(',')
                    .append(channels[r.nextInt(channels.length)]).append(',')
                    .append("P-").append(r.nextInt(5000)).append(',')
                    .append("customer ").append(r.nextInt(200000)).append(',')
                    .append(units).append(',').append(price).append(',').append(discount).append(',').append(revenue).append(',')
                    .append(r.nextInt(20) == 0).append('\n');
                w.write(line.toString());
                written += line.length();
            }
        }
        System.out.println(id);
    }
}
