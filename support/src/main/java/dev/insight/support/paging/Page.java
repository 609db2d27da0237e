package dev.insight.support.paging;

import java.util.List;

/** The shape of every list: a page of items and the cursor of the next page, null on the last one. */
public record Page<T>(List<T> items, String nextCursor) {
}
