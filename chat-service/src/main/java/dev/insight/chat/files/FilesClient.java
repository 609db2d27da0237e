package dev.insight.chat.files;

import dev.insight.chat.downstream.DownstreamFailures;
import dev.insight.chat.identity.Caller;
import dev.insight.support.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** file-service on behalf of a caller: their token goes along, failures come back as problems that name it. */
@ApplicationScoped
public class FilesClient {

    static final String SERVICE = "file-service";

    private final FilesApi api;

    public FilesClient(@RestClient FilesApi api) {
        this.api = api;
    }

    public Uni<FileRecords.FileInfo> get(Caller caller, UUID id) {
        return api.get(caller.authorization(), caller.requestId(), id)
                .onFailure().transform(f -> DownstreamFailures.map(SERVICE, f, status -> notFound(id)));
    }

    public Uni<FileRecords.DatasetSummary> summary(Caller caller, UUID id) {
        return api.summary(caller.authorization(), caller.requestId(), id)
                .onFailure().transform(f -> DownstreamFailures.map(SERVICE, f, status -> notFound(id)));
    }

    /** Runs read-only SQL over the file (table {@code data}); a refused statement is a 400 with file-service's reason. */
    public Uni<FileRecords.QueryResult> query(Caller caller, UUID id, String sql) {
        return api.query(caller.authorization(), caller.requestId(), id, new FileRecords.QueryRequest(sql))
                .onFailure().transform(f -> DownstreamFailures.map(SERVICE, f, status -> notFound(id)));
    }

    public static String notFound(UUID fileId) {
        return "File " + fileId + " does not exist.";
    }

    /** True when the problem is file-service refusing the SQL itself (as opposed to the service failing). */
    public static boolean isRefusedSql(Throwable failure) {
        return failure instanceof ProblemException p && (p.status() == 400 || p.status() == 422 || p.status() == 408);
    }
}
