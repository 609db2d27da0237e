package dev.insight.files.query;

import java.util.List;

/** A query's answer: typed columns, rows as arrays in column order, how many rows, and whether more were cut. */
public record QueryResult(List<ResultColumn> columns, List<List<Object>> rows, int rowCount, boolean truncated) {

    public record ResultColumn(String name, String type) {
    }
}
