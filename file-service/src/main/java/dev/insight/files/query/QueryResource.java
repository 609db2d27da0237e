package dev.insight.files.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.files.config.FilesConfig;
import dev.insight.files.file.FileService;
import dev.insight.files.file.StoredFile;
import dev.insight.identity.CurrentUser;
import dev.insight.support.problem.ProblemException;
import dev.insight.support.web.Ids;
import io.quarkus.security.Authenticated;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/files/{id}/query")
@Authenticated
@Tag(name = "Files")
public class QueryResource {

    private final QueryService queries;
    private final FileService files;
    private final CurrentUser user;
    private final ObjectMapper json;
    private final FilesConfig config;

    public QueryResource(QueryService queries, FileService files, CurrentUser user, ObjectMapper json, FilesConfig config) {
        this.queries = queries;
        this.files = files;
        this.user = user;
        this.json = json;
        this.config = config;
    }

    /**
     * Runs one read-only SELECT over the file as table "data". Blocking on purpose: DuckDB is a blocking library,
     * and reading the body as a stream lets the JSON size limit hold even for bodies without a Content-Length.
     */
    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = QueryRequest.class)))
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = QueryResult.class)))
    public Response query(@RestPath String id, InputStream body) throws Throwable {
        UUID owner = user.id();
        UUID fileId = Ids.parse("id", id);
        // a repeated key is a parse error (400; the shared mapper detects duplicates), not a question of which wins
        QueryRequest request = json.readValue(JsonBodies.read(body, config.limits().jsonBody().asLongValue()),
                QueryRequest.class);
        if (request == null) {
            throw ProblemException.invalidField("sql", "is required");
        }
        // Hibernate Reactive needs a Vert.x context: look the file up there and wait for it on this worker
        StoredFile file = VertxContextSupport.subscribeAndAwait(() -> files.get(owner, fileId));
        // the query worker's JSON, as it wrote it: numbers keep their exact text
        return Response.ok(queries.run(file, request.sql()), MediaType.APPLICATION_JSON_TYPE).build();
    }
}
