package dev.insight.files.processing;

import java.util.Locale;
import java.util.Set;

/** What statistics a DuckDB column type allows. */
enum ColumnKind {
    INTEGER, NUMBER, TEXT, TEMPORAL, BOOLEAN, UUID, OTHER;

    private static final Set<String> INTEGERS = Set.of("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
            "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT");

    static ColumnKind of(String duckdbType) {
        String t = duckdbType.toUpperCase(Locale.ROOT);
        if (INTEGERS.contains(t) || t.matches("DECIMAL\\(\\d+,\\s*0\\)")) {
            return INTEGER;
        }
        if (t.equals("FLOAT") || t.equals("DOUBLE") || t.startsWith("DECIMAL")) {
            return NUMBER;
        }
        if (t.equals("VARCHAR")) {
            return TEXT;
        }
        if (t.equals("DATE") || t.startsWith("TIMESTAMP") || t.startsWith("TIME")) {
            return TEMPORAL;
        }
        if (t.equals("BOOLEAN")) {
            return BOOLEAN;
        }
        if (t.equals("UUID")) {
            return UUID;
        }
        return OTHER;
    }

    boolean numeric() {
        return this == INTEGER || this == NUMBER;
    }

    boolean orderable() {
        return this != OTHER;
    }
}
