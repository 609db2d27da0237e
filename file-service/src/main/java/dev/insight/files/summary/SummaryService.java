package dev.insight.files.summary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.files.cache.SummaryCache;
import dev.insight.files.error.FileNotReadyException;
import dev.insight.files.file.FileService;
import dev.insight.files.file.FileStatus;
import dev.insight.support.json.StrictJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** A READY file's summary: from Redis when cached, else from PostgreSQL (and then cached). */
@ApplicationScoped
public class SummaryService {

    private final FileService files;
    private final SummaryRepository summaries;
    private final SummaryCache cache;
    private final ObjectMapper json;

    public SummaryService(FileService files, SummaryRepository summaries, SummaryCache cache, ObjectMapper json) {
        this.files = files;
        this.summaries = summaries;
        this.cache = cache;
        this.json = json;
    }

    /** jsonb keeps the values but not the key order: bring back DatasetSummary's field order. */
    private String canonical(String stored) {
        try {
            return json.writeValueAsString(json.readerFor(DatasetSummary.class).without(StrictJson.LENIENT).readValue(stored));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored summary is not a DatasetSummary", e);
        }
    }

    public Uni<String> summaryJson(UUID owner, UUID id) {
        return files.get(owner, id).chain(f -> {
            if (f.status != FileStatus.READY) {
                return Uni.createFrom().failure(new FileNotReadyException(f.id, f.status, f.error));
            }
            return cache.get(f.id, f.sha256).chain(cached -> {
                if (cached != null) {
                    return Uni.createFrom().item(cached);
                }
                return summaries.find(f.id, f.sha256).chain(stored -> {
                    if (stored == null) {
                        // a READY file's summary is written with its status and goes only with its row: the file was
                        // deleted since it was read, as a new request would find
                        return Uni.createFrom().failure(FileService.notFound(f.id));
                    }
                    String canonical = canonical(stored);
                    return cache.put(f.id, f.sha256, canonical).replaceWith(canonical);
                });
            });
        });
    }
}
