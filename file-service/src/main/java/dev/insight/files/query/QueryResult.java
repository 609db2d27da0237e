package dev.insight.files.query;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** A query's answer: typed columns, rows as arrays in column order, how many rows, and whether more were cut. */
@RegisterForReflection
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, int rowCount, boolean truncated) {

    @RegisterForReflection
    public record ResultColumn(String name, String type) {
    }
}
