package dev.insight.support.problem;

import jakarta.ws.rs.core.Response.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A failure the caller can act on; mapped to problem+json with its status. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
        this.errors = errors;
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, null);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad Request", detail);
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(400, "Bad Request", field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Status.NOT_FOUND.getStatusCode(), "Not Found", detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable Content", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Adds a response header the caller needs to act on the problem (Retry-After, WWW-Authenticate, …). */
    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
