package dev.insight.files.error;

import dev.insight.support.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * file-service's own problem: a file that is not READY. Same problem+json as every other error (from the shared
 * mappers), plus two extension members: fileStatus (the problem's "status" member is the HTTP status) and error.
 */
public class FileProblemMappers {

    @ServerExceptionMapper
    public Response notReady(FileNotReadyException e, UriInfo uri) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", "Conflict");
        body.put("status", 409);
        body.put("detail", e.getMessage());
        body.put("instance", uri != null ? uri.getPath() : null);
        Object requestId = MDC.get("requestId");
        if (requestId != null) {
            body.put("requestId", requestId.toString());
        }
        body.put("fileStatus", e.fileStatus().name());
        if (e.error() != null) {
            body.put("error", e.error());
        }
        Response.ResponseBuilder response = Response.status(409).type(ProblemMappers.PROBLEM_JSON).entity(body);
        if (e.error() == null) {
            response.header("Retry-After", "2");
        }
        return response.build();
    }
}
