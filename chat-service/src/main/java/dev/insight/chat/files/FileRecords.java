package dev.insight.chat.files;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.UUID;

/** The shapes file-service speaks (only the fields chat reads; the rest is ignored). */
public final class FileRecords {

    private FileRecords() {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FileInfo(UUID id, String name, long size, String contentType, String sha256, String status) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TopValue(JsonNode value, long count) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ColumnSummary(String name, String type, Long nullCount, Long distinctCount, JsonNode min, JsonNode max,
            JsonNode mean, JsonNode stddev, JsonNode p25, JsonNode p50, JsonNode p75, List<TopValue> topValues) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DatasetSummary(long rowCount, List<ColumnSummary> columns, JsonNode sampleRows) {
    }

    @RegisterForReflection
    public record QueryRequest(String sql) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResultColumn(String name, String type) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, long rowCount, boolean truncated) {
    }
}
