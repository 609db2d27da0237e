package dev.insight.files.cache;

import java.util.UUID;

/** Redis keys of cached summaries: by file id and content hash, so a stale entry can never be served. */
public final class SummaryCacheKeys {

    private SummaryCacheKeys() {
    }

    public static String summary(UUID fileId, String sha256) {
        return "file:summary:" + fileId + ":" + sha256;
    }
}
