package dev.insight.files.privacy;

import dev.insight.cache.RedisCache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;

/**
 * A mark left in Redis when a user's data is erased, for uploads that were still streaming then: such an upload
 * writes its row after the erasure deleted the user's rows, so it checks for the mark once its row is written and
 * removes itself (write first, check after: either the check sees the mark, or the row existed before the erasure
 * deleted the user's rows). Redis being down leaves no mark: the upload is then kept (a known, narrow gap).
 */
@ApplicationScoped
public class ErasureMarks {

    /** Longer than any upload may stream. */
    static final Duration TTL = Duration.ofHours(24);

    private final RedisCache cache;

    public ErasureMarks(RedisCache cache) {
        this.cache = cache;
    }

    private static String key(UUID owner) {
        return "file:erased:" + owner;
    }

    public Uni<Void> mark(UUID owner) {
        return cache.put(key(owner), "1", TTL);
    }

    public Uni<Boolean> isErased(UUID owner) {
        return cache.get(key(owner)).map(value -> value != null);
    }
}
