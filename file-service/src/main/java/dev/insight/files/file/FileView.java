package dev.insight.files.file;

import java.time.Instant;
import java.util.UUID;

/**
 * A file as the API shows it: DESIGN.md's fields, plus the format it was read as, why processing failed
 * (null unless FAILED), and when processing finished.
 */
public record FileView(UUID id, String name, long size, String contentType, String sha256, FileStatus status,
        String format, String error, Instant createdAt, Instant processedAt) {

    public static FileView of(StoredFile f) {
        return new FileView(f.id, f.name, f.size, f.contentType, f.sha256, f.status, f.format.name(), f.error,
                f.createdAt, f.processedAt);
    }
}
