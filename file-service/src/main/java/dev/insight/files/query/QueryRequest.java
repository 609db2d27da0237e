package dev.insight.files.query;

/** Body of POST /api/files/{id}/query. */
public record QueryRequest(String sql) {
}
