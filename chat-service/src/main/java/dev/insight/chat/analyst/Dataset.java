package dev.insight.chat.analyst;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** What the analyst knows about one file: its columns as file-service summarised them. */
public record Dataset(UUID fileId, String name, long rowCount, List<Column> columns) {

    public enum Kind {
        NUMBER, TEMPORAL, TEXT, BOOLEAN, OTHER
    }

    /** Whether a text column holds the value, in any case, among the values the analyst knows. */
    boolean holdsText(String value) {
        return columns.stream().anyMatch(c -> c.kind() == Kind.TEXT
                && c.topValues().stream().anyMatch(v -> v.equalsIgnoreCase(value)));
    }

    /**
     * One column. {@code topValues} are the values the analyst knows of a text column, most frequent first (the
     * summary's top values, then, for a column with few, all the others), used to recognise "North" in "revenue
     * in North"; min/max/mean are the summary's numbers, shown by "describe".
     */
    public record Column(String name, String type, Kind kind, List<String> topValues, Long distinctCount,
            Long nullCount, String min, String max, String mean) {

        public Column {
            topValues = topValues == null ? List.of() : List.copyOf(topValues);
        }

        public static Column of(String name, String type) {
            return new Column(name, type, kindOf(type), List.of(), null, null, null, null, null);
        }

        public boolean numeric() {
            return kind == Kind.NUMBER;
        }

        public boolean temporal() {
            return kind == Kind.TEMPORAL;
        }
    }

    public Dataset {
        columns = List.copyOf(columns);
    }

    /** DuckDB's type names to the kinds the analyst reasons about. */
    public static Kind kindOf(String type) {
        if (type == null) {
            return Kind.OTHER;
        }
        String t = type.toUpperCase(Locale.ROOT).strip();
        if (t.startsWith("DECIMAL") || t.startsWith("NUMERIC") || t.matches(
                "(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?(\\d+)?|INT\\d|DOUBLE( PRECISION)?|FLOAT\\d?|REAL|LONG|SHORT|BYTE|UHUGEINT|VARINT)")) {
            return Kind.NUMBER;
        }
        if (t.startsWith("TIMESTAMP") || t.equals("DATE") || t.startsWith("DATETIME")) {
            return Kind.TEMPORAL;
        }
        if (t.startsWith("BOOL")) {
            return Kind.BOOLEAN;
        }
        if (t.startsWith("VARCHAR") || t.startsWith("CHAR") || t.equals("TEXT") || t.equals("STRING") || t.equals("UUID")
                || t.startsWith("ENUM")) {
            return Kind.TEXT;
        }
        return Kind.OTHER;
    }
}
