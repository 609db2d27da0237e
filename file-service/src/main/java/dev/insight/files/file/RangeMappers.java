package dev.insight.files.file;

import dev.insight.support.problem.ProblemMappers;
import java.util.Map;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A Range the file cannot satisfy: 416 problem+json with the file's size in Content-Range. */
public class RangeMappers {

    @ServerExceptionMapper
    public Response unsatisfiable(ByteRange.Unsatisfiable e, UriInfo uri) {
        return Response.status(416).type(ProblemMappers.PROBLEM_JSON)
                .entity(Map.of("type", "about:blank", "title", "Range Not Satisfiable", "status", 416,
                        "detail", "The requested range is outside the file (" + e.size() + " bytes).",
                        "instance", uri.getPath()))
                .header("Content-Range", "bytes */" + e.size())
                .build();
    }
}
