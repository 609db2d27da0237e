package dev.insight.files.engine;

import dev.insight.files.config.FilesConfig;
import dev.insight.files.storage.ObjectStore;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * This replica's bounded copy of processed Parquet files, least recently used evicted first, so that repeated
 * queries do not download the same file again. A file in use by a query is pinned and never deleted under it;
 * concurrent requests for the same missing file download it once. Blocking: called from worker threads.
 */
@ApplicationScoped
public class ParquetCache {

    private static final class Entry {
        final Path path;
        final long size;
        int pins;
        // removed from the cache while a query still read it: deleted when released
        boolean doomed;

        Entry(Path path, long size) {
            this.path = path;
            this.size = size;
        }
    }

    /** A pinned local copy; close it when the query is done. */
    public final class Lease implements AutoCloseable {
        private final Entry entry;
        private boolean closed;

        Lease(Entry entry) {
            this.entry = entry;
        }

        public Path path() {
            return entry.path;
        }

        @Override
        public void close() {
            synchronized (ParquetCache.this) {
                if (!closed) {
                    closed = true;
                    unpin(entry);
                }
            }
        }
    }

    private final ObjectStore store;
    private final WorkDirectory work;
    private final long maxBytes;
    // access order: the eldest entry is the least recently used
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    // guarded by this
    private final Map<String, Download> downloads = new HashMap<>();
    private long bytes;

    @Inject
    public ParquetCache(ObjectStore store, WorkDirectory work, FilesConfig config) {
        this(store, work, config.cache().parquetBytes().asLongValue());
    }

    ParquetCache(ObjectStore store, WorkDirectory work, long maxBytes) {
        this.store = store;
        this.work = work;
        this.maxBytes = maxBytes;
    }

    void onStart(@Observes StartupEvent event) {
        // what a previous run left is not indexed: start empty
        WorkDirectory.deleteRecursively(work.parquetCache());
    }

    /** A download in progress, and how many queries wait for it (each gets the copy pinned for it). */
    private static final class Download {
        final CompletableFuture<Entry> done = new CompletableFuture<>();
        int waiters;
    }

    /**
     * The local copy of a file's Parquet object, downloaded when this replica does not have it. The copy comes pinned
     * for whoever downloaded it and for every query that waited for that download, counted under the lock before it
     * can be evicted: a copy larger than the whole cache is still used once by each of them (and dropped after),
     * never fetched in a loop.
     */
    public Lease acquire(UUID fileId, String sha256, String objectKey) {
        String key = key(fileId, sha256);
        while (true) {
            Download download;
            boolean mine;
            synchronized (this) {
                Entry e = entries.get(key);
                if (e != null && Files.exists(e.path)) {
                    e.pins++;
                    return new Lease(e);
                }
                download = downloads.get(key);
                mine = download == null;
                if (mine) {
                    download = new Download();
                    downloads.put(key, download);
                } else {
                    download.waiters++;
                }
            }
            if (!mine) {
                Entry shared = await(download.done);
                if (shared != null) {
                    return new Lease(shared); // pinned for this waiter already
                }
                continue; // that download failed: try again, ourselves
            }
            try {
                Path target = work.parquetCache().resolve(key + "-" + UUID.randomUUID() + ".parquet");
                store.download(objectKey, target);
                Entry added;
                synchronized (this) {
                    downloads.remove(key);
                    added = add(key, target, 1 + download.waiters);
                }
                download.done.complete(added);
                return new Lease(added);
            } catch (RuntimeException e) {
                synchronized (this) {
                    downloads.remove(key);
                }
                download.done.completeExceptionally(e);
                throw e;
            }
        }
    }

    /** Takes over a Parquet file this replica just produced, so the first query finds it locally. */
    public void adopt(UUID fileId, String sha256, Path produced) {
        String key = key(fileId, sha256);
        Path target = work.parquetCache().resolve(key + "-" + UUID.randomUUID() + ".parquet");
        try {
            Files.move(produced, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Log.debugf("could not keep %s in the cache: %s", produced, e.toString());
            return;
        }
        add(key, target, 0);
    }

    /** Forgets every local copy of a file (deleted, or reprocessed). */
    public synchronized void evict(UUID fileId) {
        String prefix = fileId + "-";
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Entry> e = it.next();
            if (e.getKey().startsWith(prefix)) {
                it.remove();
                drop(e.getValue());
            }
        }
    }

    /** The files this replica holds a local copy of. */
    public synchronized Set<UUID> fileIds() {
        Set<UUID> ids = new HashSet<>();
        for (String key : entries.keySet()) {
            ids.add(UUID.fromString(key.substring(0, key.lastIndexOf('-'))));
        }
        return ids;
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }

    private synchronized Entry add(String key, Path path, int pins) {
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Entry old = entries.remove(key);
        if (old != null) {
            drop(old);
        }
        Entry added = new Entry(path, size);
        added.pins = pins;
        entries.put(key, added);
        bytes += size;
        trim();
        return added;
    }

    private synchronized void unpin(Entry e) {
        e.pins--;
        if (e.doomed) {
            if (e.pins == 0) {
                deleteFile(e);
            }
            return;
        }
        trim();
    }

    private void trim() {
        Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator();
        while (bytes > maxBytes && it.hasNext()) {
            Entry e = it.next().getValue();
            if (e.pins == 0) {
                it.remove();
                drop(e);
            }
        }
    }

    /** Takes an entry out of the accounting; its file goes now, or when the last query using it ends. */
    private void drop(Entry e) {
        bytes -= e.size;
        if (e.pins == 0) {
            deleteFile(e);
        } else {
            e.doomed = true;
        }
    }

    private static void deleteFile(Entry e) {
        try {
            Files.deleteIfExists(e.path);
        } catch (IOException ex) {
            Log.debugf("could not delete cached %s: %s", e.path, ex.toString());
        }
    }

    /** The entry another thread downloaded, pinned for this caller, or null when its download failed. */
    private Entry await(CompletableFuture<Entry> running) {
        try {
            return running.get();
        } catch (InterruptedException e) {
            // the pin taken for this caller is released once the download ends
            running.thenAccept(this::unpin);
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            return null;
        }
    }

    private static String key(UUID fileId, String sha256) {
        return fileId + "-" + sha256.substring(0, 16);
    }
}
