package dev.insight.files.engine;

import dev.insight.support.input.Unicode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.Blob;
import java.sql.SQLException;
import java.sql.Struct;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.duckdb.DuckDBStruct;

/**
 * DuckDB values as typed JSON: numbers stay numbers, dates and times become ISO-8601 text, NULL is null, lists
 * and structs nest. Values JSON cannot hold (NaN, infinities, bytes) become text.
 */
public final class JsonValues {

    private JsonValues() {
    }

    public static Object of(Object v) throws SQLException {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
                || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            return v;
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? d.toString() : d;
        }
        if (v instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? f.toString() : (Object) Double.valueOf(f.toString());
        }
        if (v instanceof LocalDate || v instanceof LocalTime || v instanceof OffsetTime || v instanceof UUID) {
            return v.toString();
        }
        if (v instanceof LocalDateTime t) {
            return t.toString();
        }
        if (v instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toString();
        }
        if (v instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (v instanceof Array a) {
            Object[] items = (Object[]) a.getArray();
            List<Object> out = new ArrayList<>(items.length);
            for (Object item : items) {
                out.add(of(item));
            }
            return out;
        }
        if (v instanceof Struct s) {
            Map<String, Object> out = new LinkedHashMap<>();
            if (s instanceof DuckDBStruct named) {
                for (Map.Entry<String, Object> e : named.getMap().entrySet()) {
                    out.put(e.getKey(), of(e.getValue()));
                }
            } else {
                Object[] attributes = s.getAttributes();
                for (int i = 0; i < attributes.length; i++) {
                    out.put("f" + i, of(attributes[i]));
                }
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), of(e.getValue()));
            }
            return out;
        }
        if (v instanceof Blob b) {
            long n = Math.min(b.length(), 4096);
            return Base64.getEncoder().encodeToString(b.getBytes(1, (int) n));
        }
        if (v instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return v.toString();
    }

    /** Text cut to a length in characters (code points, never half an emoji), with an ellipsis when cut. */
    public static Object cut(Object value, int maxChars) {
        if (value instanceof String s) {
            return Unicode.cut(s, maxChars + 1);
        }
        return value;
    }
}
