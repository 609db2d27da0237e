package dev.insight.files.engine;

import dev.insight.files.config.FilesConfig;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** This replica's local working space; nothing in it is the only copy of anything (S3 is). */
@ApplicationScoped
public class WorkDirectory {

    private final Path root;

    public WorkDirectory(FilesConfig config) {
        this.root = Path.of(config.storage().workDirectory()).toAbsolutePath().normalize();
    }

    /** Uploads received by this replica, kept until it has processed them. */
    public Path spool() {
        return dir("spool");
    }

    public Path spoolFile(UUID fileId) {
        return spool().resolve(fileId.toString());
    }

    /** The spooled uploads last written before the cutoff (none when the spool cannot be read). */
    public List<Path> spooledBefore(Instant cutoff) {
        try (Stream<Path> entries = Files.list(spool())) {
            return entries.filter(p -> {
                try {
                    return Files.getLastModifiedTime(p).toInstant().isBefore(cutoff);
                } catch (IOException e) {
                    return false; // gone meanwhile
                }
            }).toList();
        } catch (IOException e) {
            Log.debugf("spool not read: %s", e.toString());
            return List.of();
        }
    }

    /** Scratch space of one processing job. */
    public Path newJobDirectory(UUID fileId) {
        return dir("jobs/" + fileId + "-" + UUID.randomUUID());
    }

    /** Where the processing jobs' scratch spaces are. */
    public Path jobs() {
        return dir("jobs");
    }

    public Path parquetCache() {
        return dir("parquet");
    }

    /** Where DuckDB spills when a job or query outgrows its memory limit. */
    public Path duckdbTemp() {
        return dir("duckdb-tmp");
    }

    /** Scratch directories of the query worker processes, one each (their java.io.tmpdir). */
    public Path queryWorkers() {
        return dir("query-workers");
    }

    private Path dir(String name) {
        try {
            return Files.createDirectories(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create work directory " + root.resolve(name), e);
        }
    }

    public static void deleteRecursively(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // left for the next sweep
                }
            });
        } catch (IOException ignored) {
            // left for the next sweep
        }
    }
}
