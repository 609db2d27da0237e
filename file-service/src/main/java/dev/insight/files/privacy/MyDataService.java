package dev.insight.files.privacy;

import dev.insight.files.file.FileRepository;
import dev.insight.files.file.FileService;
import dev.insight.files.file.StoredFile;
import dev.insight.files.storage.ObjectKeys;
import dev.insight.files.storage.ObjectStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

@ApplicationScoped
public class MyDataService {

    private final FileRepository files;
    private final FileService fileService;
    private final ObjectStore store;

    private final ErasureMarks marks;

    public MyDataService(FileRepository files, FileService fileService, ObjectStore store, ErasureMarks marks) {
        this.files = files;
        this.fileService = fileService;
        this.store = store;
        this.marks = marks;
    }

    /**
     * Deletes the caller's rows (summaries go with them), then every object under the caller's prefix, which also
     * catches objects whose upload was interrupted before its row was written.
     */
    public Uni<Void> forget(UUID owner) {
        // the mark first: an upload still streaming now finds it once its row is written, and removes itself
        return marks.mark(owner).chain(() -> Panache.withTransaction(() -> files.ownedBy(owner)
                .call(rows -> files.delete("ownerId = ?1", owner))))
                .invoke(rows -> Log.infof("forgot user %s: %d files", owner, rows.size()))
                .chain(rows -> fileService.removeTraces(rows))
                // the S3 client blocks: run the sweep of the prefix on a worker thread
                .chain(() -> VertxContextSupport.executeBlocking(() -> {
                    deletePrefix(ObjectKeys.ROOT + owner + "/");
                    return null;
                }));
    }

    private void deletePrefix(String prefix) {
        String token = null;
        do {
            ListObjectsV2Response page = store.list(prefix, token, 1000);
            List<String> keys = page.contents().stream().map(S3Object::key).toList();
            store.delete(keys.toArray(String[]::new));
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
    }

}
