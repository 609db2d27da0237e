package dev.insight.support.paging;

/** A validated ?limit= and ?cursor= pair. */
public record PageRequest(int limit, String cursor) {

    /**
     * @param limit       the raw ?limit= value (null or blank for the default)
     * @param cursor      the raw ?cursor= value (null or blank for the first page)
     * @param defaultSize the page size when no limit is given
     * @param maxSize     the largest page a caller may ask for
     */
    public static PageRequest of(String limit, String cursor, int defaultSize, int maxSize) {
        int size = limit == null || limit.isBlank() ? defaultSize : QueryParams.intParam("limit", limit, 1, maxSize);
        return new PageRequest(size, cursor == null || cursor.isBlank() ? null : cursor);
    }
}
