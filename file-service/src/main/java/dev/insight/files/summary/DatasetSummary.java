package dev.insight.files.summary;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * The summary of a dataset, in DESIGN.md's shape (rowCount, columns, sampleRows) plus: alerts about columns,
 * whether distinct counts and percentiles are approximate (large files), the format read, and for workbooks the
 * sheet read and the names of all sheets. Serialised to jsonb and Redis outside REST, hence registered.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DatasetSummary(long rowCount, List<ColumnSummary> columns, List<List<Object>> sampleRows,
        List<Alert> alerts, boolean approximate, String format, String sheet, List<String> sheets) {

    /** One column's statistics; what does not apply to its type (mean of text, …) is null. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ColumnSummary(String name, String type, long nullCount, long distinctCount, Object min, Object max,
            Double mean, Double stddev, Double p25, Double p50, Double p75, List<TopValue> topValues) {
    }

    @RegisterForReflection
    public record TopValue(Object value, long count) {
    }

    /** Something worth knowing about a column before asking questions of it. */
    @RegisterForReflection
    public record Alert(String column, AlertKind kind, String detail) {
    }

    public enum AlertKind {
        CONSTANT, ALL_NULL, HIGH_CARDINALITY, MOSTLY_NULL, POSSIBLE_ID, MIXED_TYPES
    }
}
