package dev.insight.files.cache;

import dev.insight.cache.RedisCache;
import dev.insight.files.config.FilesConfig;
import dev.insight.files.processing.ProcessingQueue;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Summaries in Redis, one entry per file and content hash. An entry is written only for a file that still exists
 * once written: a summary read (or a job finished) just before the file's deletion must not put its sample rows
 * and top values back for a day after the deletion removed them.
 */
@ApplicationScoped
public class SummaryCache {

    private final RedisCache cache;
    private final ProcessingQueue files;
    private final FilesConfig config;

    public SummaryCache(RedisCache cache, ProcessingQueue files, FilesConfig config) {
        this.cache = cache;
        this.files = files;
        this.config = config;
    }

    public Uni<String> get(UUID fileId, String sha256) {
        return cache.get(SummaryCacheKeys.summary(fileId, sha256));
    }

    /**
     * Writes, then checks that the file is still there and takes the entry back if not: a deletion commits its row
     * before it removes the entry, so either this check sees the row gone or that removal comes after this write.
     * (If the check itself fails, the entry stays for its TTL.)
     */
    public Uni<Void> put(UUID fileId, String sha256, String json) {
        String key = SummaryCacheKeys.summary(fileId, sha256);
        return cache.put(key, json, config.cache().summaryTtl())
                .chain(() -> files.exists(fileId).onFailure().recoverWithItem(true))
                .chain(exists -> exists ? Uni.createFrom().voidItem() : cache.delete(key));
    }

    /** Removes a deleted file's entry (no entry without a content hash: the file never finished uploading). */
    public Uni<Void> evict(UUID fileId, String sha256) {
        return sha256 == null ? Uni.createFrom().voidItem() : cache.delete(SummaryCacheKeys.summary(fileId, sha256));
    }
}
