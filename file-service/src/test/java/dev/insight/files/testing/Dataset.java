package dev.insight.files.testing;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeSet;

/**
 * A generated table and the statistics a summary must report for it, computed here in plain Java, independently
 * of DuckDB: counts, distinct values, extremes, mean, sample standard deviation, linear-interpolated quartiles
 * and top values (most frequent first, ties by value).
 */
public final class Dataset {

    public final List<String> names;
    public final List<List<Object>> rows;

    public Dataset(List<String> names, List<List<Object>> rows) {
        this.names = names;
        this.rows = rows;
    }

    /** Sales-like rows: an id, a region, units (some missing), a price, a day, a mostly-empty note and a constant. */
    public static Dataset sales(int n, long seed) {
        Random r = new Random(seed);
        String[] regions = { "north", "south", "east", "west", "central" };
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Object> row = new ArrayList<>();
            row.add((long) (1000 + i));
            row.add(regions[(int) Math.floor(Math.pow(r.nextDouble(), 2) * regions.length)]);
            row.add(r.nextInt(10) == 0 ? null : (long) (1 + r.nextInt(40)));
            row.add(Math.round(r.nextDouble() * 100_000) / 100.0);
            row.add(LocalDate.of(2024, 1, 1).plusDays(r.nextInt(90)));
            row.add(r.nextInt(5) == 0 ? "note " + r.nextInt(3) : null);
            row.add("EUR");
            rows.add(row);
        }
        return new Dataset(List.of("id", "region", "units", "price", "day", "note", "currency"), rows);
    }

    public int column(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(name);
        }
        return i;
    }

    public List<Object> values(String name) {
        int i = column(name);
        return rows.stream().map(row -> row.get(i)).toList();
    }

    public long nullCount(String name) {
        return values(name).stream().filter(Objects::isNull).count();
    }

    public long distinctCount(String name) {
        return values(name).stream().filter(Objects::nonNull).distinct().count();
    }

    public List<Double> numbers(String name) {
        return values(name).stream().filter(Objects::nonNull).map(v -> ((Number) v).doubleValue()).sorted().toList();
    }

    public double mean(String name) {
        return numbers(name).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    public double stddev(String name) {
        List<Double> xs = numbers(name);
        double m = mean(name);
        double sum = xs.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
        return Math.sqrt(sum / (xs.size() - 1));
    }

    /** quantile_cont: linear interpolation between the closest ranks. */
    public double quantile(String name, double q) {
        List<Double> xs = numbers(name);
        double pos = (xs.size() - 1) * q;
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return xs.get(lo) + (pos - lo) * (xs.get(hi) - xs.get(lo));
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    public Object min(String name) {
        return values(name).stream().filter(Objects::nonNull).map(v -> (Comparable) v).min(Comparator.naturalOrder()).orElse(null);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    public Object max(String name) {
        return values(name).stream().filter(Objects::nonNull).map(v -> (Comparable) v).max(Comparator.naturalOrder()).orElse(null);
    }

    /** The k most frequent values with their counts, ties broken by the smaller value. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public List<Map.Entry<Object, Long>> top(String name, int k) {
        Map<Object, Long> counts = new HashMap<>();
        values(name).stream().filter(Objects::nonNull).forEach(v -> counts.merge(v, 1L, Long::sum));
        return counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<Object, Long>>comparingLong(Map.Entry::getValue).reversed()
                        .thenComparing(e -> (Comparable) e.getKey()))
                .limit(k).toList();
    }

    /** Sums of a numeric column grouped by another, in key order. */
    public Map<Object, Double> sumBy(String key, String value) {
        int k = column(key);
        int v = column(value);
        Map<Object, Double> sums = new LinkedHashMap<>();
        new TreeSet<>(values(key).stream().filter(Objects::nonNull).map(Object::toString).toList())
                .forEach(x -> sums.put(x, 0.0));
        for (List<Object> row : rows) {
            if (row.get(v) != null) {
                sums.merge(row.get(k).toString(), ((Number) row.get(v)).doubleValue(), Double::sum);
            }
        }
        return sums;
    }

    public byte[] csv(char delimiter) {
        StringBuilder out = new StringBuilder(String.join(String.valueOf(delimiter), names)).append('\n');
        for (List<Object> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    out.append(delimiter);
                }
                out.append(row.get(i) == null ? "" : row.get(i).toString());
            }
            out.append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] jsonArray() {
        StringBuilder out = new StringBuilder("[\n");
        for (int r = 0; r < rows.size(); r++) {
            out.append(jsonObject(rows.get(r))).append(r < rows.size() - 1 ? ",\n" : "\n");
        }
        return out.append("]\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    public byte[] ndjson() {
        StringBuilder out = new StringBuilder();
        rows.forEach(row -> out.append(jsonObject(row)).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String jsonObject(List<Object> row) {
        StringBuilder o = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            Object v = row.get(i);
            o.append(i > 0 ? "," : "").append('"').append(names.get(i)).append("\":");
            o.append(v == null ? "null" : v instanceof Number ? v.toString() : "\"" + v + "\"");
        }
        return o.append('}').toString();
    }

    /** The same table as a one-sheet workbook (plus an empty second sheet), dates stored as Excel serial numbers. */
    public byte[] xlsx() {
        return Xlsx.workbook(names, rows, List.of("Sales", "Notes"));
    }

}
