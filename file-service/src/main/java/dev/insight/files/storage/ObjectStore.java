package dev.insight.files.storage;

import dev.insight.files.config.FilesConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The bucket, through the synchronous S3 client. Every method blocks: callers run it on a worker thread,
 * never on the event loop.
 */
@ApplicationScoped
public class ObjectStore {

    private final S3Client s3;
    private final String bucket;
    private final int partSize;
    private volatile boolean bucketReady;
    private static final int PARTS_IN_FLIGHT = 2;
    // blocking S3 part uploads of every upload in progress; daemon threads, created on demand
    private final ExecutorService partPool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "s3-part-upload");
        t.setDaemon(true);
        return t;
    });

    public ObjectStore(S3Client s3, FilesConfig config) {
        this.s3 = s3;
        this.bucket = config.storage().bucket();
        this.partSize = (int) Math.max(5L << 20, config.storage().partSize().asLongValue());
    }

    public String bucket() {
        return bucket;
    }

    /** Creates the bucket when it does not exist yet; safe when several replicas start at once. */
    public void ensureBucket() {
        if (bucketReady) {
            return;
        }
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            create();
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            create();
        }
        bucketReady = true;
    }

    private void create() {
        try {
            s3.createBucket(b -> b.bucket(bucket));
            Log.infof("created bucket %s", bucket);
            expireIncompleteUploads();
        } catch (S3Exception e) {
            // another replica created it between our check and our create
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    /**
     * A multipart upload whose abort failed (S3 failing at that moment) or whose replica died mid-upload keeps its
     * parts, invisible to listings, until it is aborted: on a bucket this service creates, a lifecycle rule has S3 do
     * that a day later. (MinIO clears stale uploads by itself; an S3 server without lifecycle support is told nothing
     * and keeps going. A bucket made by an operator should carry such a rule: see the README.)
     */
    private void expireIncompleteUploads() {
        try {
            s3.putBucketLifecycleConfiguration(b -> b.bucket(bucket).lifecycleConfiguration(c -> c.rules(r -> r
                    .id("abort-incomplete-multipart-uploads").status(ExpirationStatus.ENABLED)
                    .filter(f -> f.prefix(""))
                    .abortIncompleteMultipartUpload(a -> a.daysAfterInitiation(1)))));
        } catch (RuntimeException e) {
            // never a reason not to start: the rule is a safety net
            Log.infof("bucket %s got no lifecycle rule for incomplete multipart uploads (%s); abandoned parts stay "
                    + "until removed by hand", bucket, e.toString());
        }
    }

    /** Whether the bucket answers (the readiness check); creates it when it is missing. */
    public void ping() {
        bucketReady = false;
        ensureBucket();
    }

    /**
     * Stores what the stream yields under the key: one PUT for a small object, a multipart upload in parts of the
     * configured size otherwise, so that at most a few parts are ever held in memory. A failure aborts the multipart
     * upload, leaving nothing behind.
     *
     * @return the number of bytes stored
     */
    public long put(String key, InputStream in, String contentType) throws IOException {
        byte[] first = in.readNBytes(partSize);
        if (first.length < partSize) {
            s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(first));
            return first.length;
        }
        String uploadId = s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType)).uploadId();
        // parts go to S3 on the part pool while the next one is read: reading and sending overlap. The part buffers
        // are reused — at most PARTS_IN_FLIGHT being sent and one being read — and the SDK reads a part from its
        // buffer instead of a copy: a buffer per part (and RequestBody.fromBytes' copy of it) made two part-sized
        // arrays of garbage per part, humongous ones for G1, which kept its concurrent marking busy through a
        // large upload
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(PARTS_IN_FLIGHT + 1);
        int buffers = 1;
        List<Future<CompletedPart>> parts = new ArrayList<>();
        try {
            long total = 0;
            byte[] part = first;
            int length = first.length;
            int number = 1;
            int sent = 0;
            while (length > 0) {
                parts.add(partPool.submit(uploadPart(key, uploadId, number, part, length, free)));
                total += length;
                number++;
                part = free.poll();
                if (part == null && buffers <= PARTS_IN_FLIGHT) {
                    part = new byte[partSize];
                    buffers++;
                } else if (part == null) {
                    part = free.take(); // every buffer is in flight: wait for a part to be sent
                }
                // a part S3 refused ends the upload now, not after the rest of the stream has been read
                for (; sent < parts.size() && parts.get(sent).isDone(); sent++) {
                    parts.get(sent).get();
                }
                length = in.readNBytes(part, 0, partSize);
            }
            List<CompletedPart> done = new ArrayList<>(parts.size());
            for (Future<CompletedPart> f : parts) {
                done.add(f.get());
            }
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(CompletedMultipartUpload.builder().parts(done).build()));
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            parts.forEach(f -> f.cancel(true));
            abort(key, uploadId);
            throw new IOException("upload interrupted", e);
        } catch (ExecutionException e) {
            parts.forEach(f -> f.cancel(true));
            abort(key, uploadId);
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(e.getCause());
        } catch (IOException | RuntimeException e) {
            parts.forEach(f -> f.cancel(true));
            abort(key, uploadId);
            throw e;
        }
    }

    /** Sends one part from its buffer (read afresh on a retry), then hands the buffer back for the next part. */
    private Callable<CompletedPart> uploadPart(String key, String uploadId, int number, byte[] buffer, int length,
            BlockingQueue<byte[]> free) {
        return () -> {
            try {
                String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) length), RequestBody.fromContentProvider(
                                () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream"))
                        .eTag();
                return CompletedPart.builder().partNumber(number).eTag(etag).build();
            } finally {
                free.add(buffer);
            }
        };
    }

    private void abort(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            Log.warnf("could not abort multipart upload of %s (its parts stay until the bucket's lifecycle rule, if "
                    + "any, clears them): %s", key, e.toString());
        }
    }

    public void putFile(String key, Path file, String contentType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromFile(file));
    }

    /** {@link #putFile} on the S3 pool, so that the caller can go on computing while the file travels. */
    public CompletableFuture<Void> putFileAsync(String key, Path file, String contentType) {
        return CompletableFuture.runAsync(() -> putFile(key, file, contentType), partPool);
    }

    /** Downloads an object to a local file, atomically: the target exists only once complete. */
    public void download(String key, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part-" + Thread.currentThread().getId());
        try {
            Files.deleteIfExists(partial);
            try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key))) {
                Files.copy(in, partial);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover partial file is removed with the work directory
            }
        }
    }

    /** The object's bytes, whole or one range ("bytes=0-99"); the caller closes the stream. */
    public ResponseInputStream<GetObjectResponse> open(String key, String range) {
        return s3.getObject(b -> b.bucket(bucket).key(key).range(range));
    }

    public Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(s3.headObject(b -> b.bucket(bucket).key(key)));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Deletes the objects; a missing one is not an error (S3 deletes are idempotent). */
    public void delete(String... keys) {
        for (String key : new java.util.LinkedHashSet<>(java.util.Arrays.asList(keys))) {
            if (key != null) {
                s3.deleteObject(b -> b.bucket(bucket).key(key));
            }
        }
    }

    /** One page of the listing under a prefix, in key order. */
    public ListObjectsV2Response list(String prefix, String continuationToken, int pageSize) {
        return s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix).maxKeys(pageSize).continuationToken(continuationToken));
    }
}
