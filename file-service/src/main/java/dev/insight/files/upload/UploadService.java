package dev.insight.files.upload;

import dev.insight.files.config.FilesConfig;
import dev.insight.files.engine.WorkDirectory;
import dev.insight.files.file.FileFormat;
import dev.insight.files.file.FileRepository;
import dev.insight.files.file.FileService;
import dev.insight.files.file.FileStatus;
import dev.insight.files.file.StoredFile;
import dev.insight.files.privacy.ErasureMarks;
import dev.insight.files.processing.ProcessingWorker;
import dev.insight.files.storage.ObjectKeys;
import dev.insight.files.storage.ObjectStore;
import dev.insight.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Receives an upload: reads the multipart body as it arrives, decides the type from the first bytes, streams
 * the file part to S3 (hashing and counting it on the way), and only then writes the row, so that nothing
 * half-uploaded is ever listed. Runs on a worker thread: the request body, S3 and the spool are blocking I/O.
 */
@ApplicationScoped
public class UploadService {

    private static final int SNIFF_BYTES = 64 * 1024;

    private final ObjectStore store;
    private final FileRepository files;
    private final FilesConfig config;
    private final WorkDirectory work;
    private final ProcessingWorker worker;
    private final ErasureMarks erasures;
    /** Uploads in progress on this replica (see files.limits.concurrent-uploads). */
    private final Semaphore slots;

    public UploadService(ObjectStore store, FileRepository files, FilesConfig config, WorkDirectory work,
            ProcessingWorker worker, ErasureMarks erasures) {
        this.erasures = erasures;
        this.store = store;
        this.files = files;
        this.config = config;
        this.work = work;
        this.worker = worker;
        this.slots = new Semaphore(config.limits().concurrentUploads());
    }

    /**
     * The HTTP layer cuts a request body at quarkus.http.limits.max-body-size (a bare 413, or a dropped connection)
     * before this service sees it: an upload limit raised without it would not be honoured. Checked at start, so the
     * mistake stops the service with what to set instead of failing large uploads one by one.
     */
    void checkTransportRoom(@Observes StartupEvent event) {
        // getValue, not getOptionalValue: Quarkus always has one (its default is 10M), and a key misspelt here
        // must stop every start rather than skip the check
        requireTransportRoom(config.limits().uploadSize().asLongValue(), ConfigProvider.getConfig()
                .getValue("quarkus.http.limits.max-body-size", MemorySize.class).asLongValue());
    }

    /** Room for the multipart envelope around the file (headers, boundaries, small fields). */
    static final long ENVELOPE_BYTES = 1 << 20;

    static void requireTransportRoom(long uploadSize, long maxBodySize) {
        if (maxBodySize < uploadSize + ENVELOPE_BYTES) {
            long needed = (uploadSize + ENVELOPE_BYTES + (1 << 20) - 1) >> 20;
            throw new IllegalStateException("files.limits.upload-size (" + uploadSize + " bytes) does not fit under "
                    + "quarkus.http.limits.max-body-size (" + maxBodySize + " bytes) with room for the multipart "
                    + "envelope: set QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE to at least " + needed + "M, or lower "
                    + "FILES_LIMITS_UPLOAD_SIZE");
        }
    }

    public StoredFile receive(UUID owner, InputStream body, String contentType) throws Throwable {
        if (!slots.tryAcquire()) {
            // with Retry-After: this replica is busy, not failing (the gateway's breaker leaves it alone)
            throw new ProblemException(503, "Service Unavailable", "Too many uploads are in progress on this replica; "
                    + "retry shortly.").withHeader("Retry-After", "2");
        }
        try {
            return receiveInSlot(owner, body, contentType);
        } finally {
            slots.release();
        }
    }

    private StoredFile receiveInSlot(UUID owner, InputStream body, String contentType) throws Throwable {
        MultipartBody multipart = new MultipartBody(body, contentType);
        StoredFile uploaded = null;
        try {
            for (MultipartBody.Part part = multipart.next(); part != null; part = multipart.next()) {
                if (uploaded == null && "file".equals(part.fieldName())) {
                    uploaded = upload(owner, part, multipart);
                } else {
                    // other fields are ignored, but still read through so the client gets its answer cleanly
                    part.content().transferTo(OutputStream.nullOutputStream());
                }
            }
        } catch (Throwable e) {
            // a part after the file that cannot be read fails the whole request: the file is not kept either, so
            // that a client retrying after its 4xx does not end up with the file twice
            if (uploaded != null) {
                discard(uploaded);
            }
            if (e instanceof ProblemException || e instanceof UploadStream.TooLargeException) {
                drain(body);
            }
            if (e instanceof UploadStream.TooLargeException) {
                throw new ProblemException(413, "Content Too Large", "The file is larger than the upload limit of "
                        + config.limits().uploadSize().asLongValue() + " bytes.");
            }
            throw e;
        }
        if (uploaded == null) {
            throw ProblemException.invalidField("file", "is required: send the file as the multipart field 'file'");
        }
        persist(uploaded);
        if (VertxContextSupport.subscribeAndAwait(() -> erasures.isErased(owner))) {
            // the user's data was erased while this upload streamed: it is not kept either
            UUID id = uploaded.id;
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> files.deleteById(id)));
            discard(uploaded);
            throw new ProblemException(410, "Gone", "This account's data has been erased; the upload was not kept.");
        }
        worker.wake();
        return uploaded;
    }

    /** Removes an uploaded file's object and spooled copy (its row was never written). */
    private void discard(StoredFile f) {
        try {
            store.delete(f.objectKey);
        } catch (RuntimeException cleanup) {
            Log.warnf("object %s stays until the orphan sweep: %s", f.objectKey, cleanup.toString());
        }
        WorkDirectory.deleteRecursively(work.spoolFile(f.id));
    }

    /** Streams the file part to S3 and the spool; the row is written by {@link #persist} once the whole body is read. */
    private StoredFile upload(UUID owner, MultipartBody.Part part, MultipartBody multipart) throws Throwable {
        String name = FileNames.sanitize(part.fileName(), config.limits().nameChars());
        InputStream content = part.content();
        byte[] head = content.readNBytes(SNIFF_BYTES);
        FileFormat format = FileTypes.detect(name, head, head.length);
        String ext = FileNames.extension(name);
        if (ext.isEmpty() || ext.equals(".txt")) {
            // a download should open in the right program: name the format that sniffing found
            name = FileNames.truncate(name + format.extension(), config.limits().nameChars());
        }

        UUID id = UUID.randomUUID();
        String key = ObjectKeys.original(owner, id);
        Path spool = work.spoolFile(id);
        UploadStream stream;
        try (OutputStream spoolOut = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16)) {
            stream = new UploadStream(new SequenceInputStream(new java.io.ByteArrayInputStream(head), content),
                    config.limits().uploadSize().asLongValue(), spoolOut);
            store.put(key, stream, format.mediaType());
            if (!multipart.complete()) {
                store.delete(key);
                throw ProblemException.badRequest("The upload ended before its multipart body did (no closing "
                        + "boundary): the file may be cut short. Send it again.");
            }
        } catch (Throwable e) {
            Files.deleteIfExists(spool);
            throw e;
        }

        StoredFile f = new StoredFile();
        f.id = id;
        f.ownerId = owner;
        f.name = name;
        f.size = stream.count();
        f.contentType = format.mediaType();
        f.format = format;
        f.sha256 = stream.sha256Hex();
        f.objectKey = key;
        f.status = FileStatus.UPLOADED;
        return f;
    }

    private void persist(StoredFile f) throws Throwable {
        f.createdAt = FileService.now();
        f.updatedAt = f.createdAt;
        try {
            // Hibernate Reactive needs a Vert.x context: run the insert there and wait for it on this worker
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> files.persist(f)));
        } catch (Throwable e) {
            Log.warnf("row for uploaded %s could not be written, removing its object: %s", f.objectKey, e.toString());
            discard(f);
            throw e;
        }
        Log.infof("uploaded %s (%s, %d bytes) as %s", f.id, f.format, f.size, f.objectKey);
    }

    /** Reads what is left of the request body so the client receives the error instead of a reset connection. */
    private static void drain(InputStream body) {
        try {
            body.transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException ignored) {
            // the connection is gone; nothing to answer
        }
    }
}
