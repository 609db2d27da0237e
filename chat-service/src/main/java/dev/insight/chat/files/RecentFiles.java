package dev.insight.chat.files;

import dev.insight.chat.config.ChatConfig;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * File metadata seen in the last few seconds, per user: a file's sha256 never changes, so a repeated question
 * need not ask file-service again within {@code chat.cache.file-info-ttl}. The price is that a file deleted in
 * that window can still be named for that long (its cached answers, not its data: queries always go to
 * file-service, which refuses a deleted file). A ttl of 0 turns it off.
 */
@jakarta.enterprise.context.ApplicationScoped
public class RecentFiles {

    private record Entry(FileRecords.FileInfo info, long expiresAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;

    public RecentFiles(ChatConfig config) {
        this.ttlNanos = config.cache().fileInfoTtl().toNanos();
        this.maxEntries = config.cache().fileInfoEntries();
    }

    public FileRecords.FileInfo get(UUID user, UUID file) {
        if (ttlNanos <= 0) {
            return null;
        }
        Entry e = entries.get(user + ":" + file);
        if (e == null) {
            return null;
        }
        if (System.nanoTime() - e.expiresAt() > 0) {
            entries.remove(user + ":" + file, e);
            return null;
        }
        return e.info();
    }

    public void put(UUID user, FileRecords.FileInfo info) {
        if (ttlNanos <= 0 || info == null || info.sha256() == null) {
            return;
        }
        if (entries.size() >= maxEntries) {
            long now = System.nanoTime();
            entries.values().removeIf(e -> now - e.expiresAt() > 0);
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        entries.put(user + ":" + info.id(), new Entry(info, System.nanoTime() + ttlNanos));
    }

    public void forget(UUID user) {
        entries.keySet().removeIf(k -> k.startsWith(user + ":"));
    }
}
