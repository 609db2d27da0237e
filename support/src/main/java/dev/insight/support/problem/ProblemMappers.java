package dev.insight.support.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.ConnectException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Collectors;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become RFC 9457 problem+json; no stack trace ever reaches a client. */
public class ProblemMappers {

    public static final String PROBLEM_JSON = "application/problem+json";

    private final Instance<StoreFailures> storeFailures;

    public ProblemMappers(Instance<StoreFailures> storeFailures) {
        this.storeFailures = storeFailures;
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(e.status(), e.title(), e.getMessage(), e.errors(), uri);
        if (e.headers().isEmpty()) {
            return response;
        }
        Response.ResponseBuilder builder = Response.fromResponse(response);
        e.headers().forEach(builder::header);
        return builder.build();
    }

    @ServerExceptionMapper({ UnauthorizedException.class, AuthenticationFailedException.class })
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(401, "Unauthorized",
                "A valid bearer token issued by the gateway is required.", null, uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "Forbidden", "This token may not do that.", null, uri);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(400, "Bad Request", detail, errors, uri);
    }

    // every Jackson type is named: Quarkus ships mappers for some of them, and the closest type wins
    @ServerExceptionMapper({ JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class })
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        return respond(400, "Bad Request", describe(e), null, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e.getCause() instanceof JsonProcessingException json) {
            return respond(400, "Bad Request", describe(json), null, uri);
        }
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        String detail = switch (status) {
            case 404 -> "No such resource: " + uri.getPath();
            case 405 -> "Method not allowed on " + uri.getPath();
            case 406 -> "Cannot produce the requested media type.";
            case 413 -> "The request body is too large.";
            case 415 -> "This endpoint does not accept the request's Content-Type (JSON bodies are application/json, "
                    + "uploads multipart/form-data).";
            default -> e.getMessage() != null && status < 500 ? e.getMessage() : title;
        };
        Response.ResponseBuilder builder = Response.fromResponse(respond(status, title, detail, null, uri));
        e.getResponse().getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return builder.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (isUnavailable(e) || isStoreUnavailable(e)) {
            Log.warnf("backing store unavailable on %s: %s", uri.getPath(), e.toString());
            return Response.fromResponse(respond(503, "Service Unavailable",
                    "A store this service needs is not reachable right now; retry shortly.", null, uri))
                    .header("Retry-After", "5").build();
        }
        if (e instanceof CancellationException) {
            // the client went away and its request was cancelled: nobody will read this answer, nothing failed
            Log.debugf("request to %s cancelled: the client went away", uri.getPath());
            return respond(503, "Service Unavailable", "The request was cancelled.", null, uri);
        }
        Log.errorf(e, "unexpected failure on %s", uri.getPath());
        return respond(500, "Internal Server Error",
                "Something went wrong on our side; quote the request id when reporting it.", null, uri);
    }

    private boolean isStoreUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StoreFailures failures : storeFailures) {
                if (failures.isUnavailable(t)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof ConnectException
                    || name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.netty.channel.ConnectTimeoutException")
                    || name.equals("io.vertx.core.http.ConnectionPoolTooBusyException")
                    || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                    || (t.getMessage() != null && t.getMessage().contains("Connection refused"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String describe(JsonProcessingException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return "The body is not valid JSON: " + firstLine(parse.getOriginalMessage());
            }
        }
        if (e instanceof JsonMappingException mapping) {
            String field = mapping.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            if (mapping instanceof UnrecognizedPropertyException unknown) {
                String known = unknown.getKnownPropertyIds() == null ? ""
                        : unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                                .collect(Collectors.joining(", ", " (known fields: ", ")"));
                return "Unknown field '" + field + "'" + known;
            }
            if (mapping instanceof InvalidFormatException invalid) {
                return (field.isEmpty() ? "A value" : "Field '" + field + "'") + " has an invalid value '"
                        + invalid.getValue() + "'";
            }
            if (mapping instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
                return (field.isEmpty() ? "The body" : "Field '" + field + "'") + " must be "
                        + jsonKind(mismatched.getTargetType());
            }
            return (field.isEmpty() ? "The body" : "Field '" + field + "'") + " could not be read: "
                    + firstLine(mapping.getOriginalMessage());
        }
        return "The body could not be read as JSON.";
    }

    private static String jsonKind(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String fieldOf(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // "create.body.title" -> "title": the method and parameter names are ours, not the caller's.
        String[] parts = path.split("\\.");
        return parts.length > 2 ? String.join(".", java.util.Arrays.copyOfRange(parts, 2, parts.length))
                : parts[parts.length - 1];
    }

    static Response respond(int status, String title, String detail, List<Problem.FieldError> errors, UriInfo uri) {
        Object requestId = MDC.get("requestId");
        Problem body = new Problem("about:blank", title, status, detail, uri != null ? uri.getPath() : null,
                requestId != null ? requestId.toString() : null, errors);
        return Response.status(status).type(PROBLEM_JSON).entity(body).build();
    }
}
