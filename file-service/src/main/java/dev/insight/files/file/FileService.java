package dev.insight.files.file;

import dev.insight.files.cache.SummaryCache;
import dev.insight.files.engine.ParquetCache;
import dev.insight.files.engine.WorkDirectory;
import dev.insight.files.storage.ObjectKeys;
import dev.insight.files.storage.ObjectStore;
import dev.insight.support.paging.Cursor;
import dev.insight.support.paging.Page;
import dev.insight.support.paging.PageRequest;
import dev.insight.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.logging.Log;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** The rules of a file's metadata: who sees it, how it is listed, and what deleting it removes. */
@ApplicationScoped
public class FileService {

    private static final String CURSOR_KIND = "file";

    private final FileRepository files;
    private final ObjectStore store;
    private final SummaryCache summaries;
    private final ParquetCache parquet;
    private final WorkDirectory work;

    public FileService(FileRepository files, ObjectStore store, SummaryCache summaries, ParquetCache parquet,
            WorkDirectory work) {
        this.files = files;
        this.store = store;
        this.summaries = summaries;
        this.parquet = parquet;
        this.work = work;
    }

    @WithSession
    public Uni<StoredFile> get(UUID owner, UUID id) {
        return files.findOwned(id, owner).onItem().ifNull().failWith(() -> notFound(id));
    }

    @WithSession
    public Uni<Page<FileView>> list(UUID owner, PageRequest page) {
        Instant afterCreated = null;
        UUID afterId = null;
        if (page.cursor() != null) {
            String[] key = Cursor.decode(page.cursor(), CURSOR_KIND, 2);
            try {
                afterCreated = Cursor.instant(key[0]);
                afterId = UUID.fromString(key[1]);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("cursor", "is not a cursor this list returned");
            }
        }
        return files.pageAfter(owner, afterCreated, afterId, page.limit() + 1).map(rows -> {
            boolean more = rows.size() > page.limit();
            List<StoredFile> items = more ? rows.subList(0, page.limit()) : rows;
            String next = null;
            if (more) {
                StoredFile last = items.get(items.size() - 1);
                next = Cursor.encode(CURSOR_KIND, last.createdAt.toString(), last.id.toString());
            }
            return new Page<>(items.stream().map(FileView::of).toList(), next);
        });
    }

    /** Deletes the row first (the file disappears at once), then its objects, cache entries and local copies. */
    public Uni<Void> delete(UUID owner, UUID id) {
        return Panache.withTransaction(() -> files.findOwned(id, owner)
                .onItem().ifNull().failWith(() -> notFound(id))
                .call(f -> files.delete(f)))
                .chain(f -> removeTraces(List.of(f)));
    }

    /** Removes everything that belonged to deleted rows; what fails here is left to the orphan sweep. */
    public Uni<Void> removeTraces(List<StoredFile> deleted) {
        if (deleted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // the S3 client blocks: run it on a worker thread
        return VertxContextSupport.executeBlocking(() -> {
            for (StoredFile f : deleted) {
                try {
                    // the processed copy's key whatever the row says: a failed or interrupted job may have left one
                    store.delete(f.objectKey, f.parquetKey, ObjectKeys.parquet(f.ownerId, f.id));
                } catch (RuntimeException e) {
                    Log.warnf("objects of deleted file %s stay until the orphan sweep: %s", f.id, e.toString());
                }
                parquet.evict(f.id);
                // an upload this replica received but never processed (another replica's sweep drops theirs)
                WorkDirectory.deleteRecursively(work.spoolFile(f.id));
            }
            return null;
        }).chain(() -> Uni.join().all(deleted.stream().map(f -> summaries.evict(f.id, f.sha256)).toList())
                .andCollectFailures().replaceWithVoid());
    }

    public static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No file " + id);
    }

    /** PostgreSQL keeps microseconds; truncating here keeps cursors and round trips exact. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
