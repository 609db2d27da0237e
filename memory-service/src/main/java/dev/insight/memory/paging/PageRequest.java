package dev.insight.memory.paging;

import dev.insight.memory.config.MemoryConfig;
import dev.insight.memory.error.ProblemException;

/** A validated ?limit= and ?cursor= pair. */
public record PageRequest(int limit, String cursor) {

    public static PageRequest of(String limit, String cursor, MemoryConfig.Limits limits) {
        int size = limit == null || limit.isBlank() ? limits.defaultPageSize()
                : QueryParams.intParam("limit", limit, 1, limits.maxPageSize());
        return new PageRequest(size, cursor == null || cursor.isBlank() ? null : cursor);
    }
}
