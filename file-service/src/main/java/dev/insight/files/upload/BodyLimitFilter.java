package dev.insight.files.upload;

import dev.insight.files.config.FilesConfig;
import dev.insight.support.problem.ProblemException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The transport admits bodies as large as an upload; every other request declaring a body over the JSON limit is
 * refused before a byte of it is read (bodies without a Content-Length are bounded where they are read).
 */
public class BodyLimitFilter {

    private final FilesConfig config;

    public BodyLimitFilter(FilesConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public void limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return;
        }
        boolean upload = request.getMethod().equals("POST") && request.getUriInfo().getPath().replaceAll("/+$", "").equals("/api/files");
        long limit = upload ? config.limits().uploadSize().asLongValue() + (1L << 20) : config.limits().jsonBody().asLongValue();
        try {
            if (Long.parseLong(length.strip()) > limit) {
                throw new ProblemException(413, "Content Too Large", upload
                        ? "The file is larger than the upload limit of " + config.limits().uploadSize().asLongValue() + " bytes."
                        : "The request body is larger than " + limit + " bytes.");
            }
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Content-Length is not a number.");
        }
    }
}
