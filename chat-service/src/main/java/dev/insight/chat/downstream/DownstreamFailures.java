package dev.insight.chat.downstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.chat.error.RetryAfterFilter;
import dev.insight.support.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.function.IntFunction;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

/**
 * Turns what a call to memory-service or file-service threw into the problem the caller should see: their
 * 4xx answers keep their meaning (404 stays 404, with our words), anything that means "that service cannot
 * answer" becomes a 503 naming it.
 */
public final class DownstreamFailures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DownstreamFailures() {
    }

    /**
     * @param service  the service's name as the caller should read it ("memory-service")
     * @param failure  what the call threw
     * @param notFound the detail of a 404 (null to pass the service's own detail through)
     */
    public static Throwable map(String service, Throwable failure, IntFunction<String> notFound) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        WebApplicationException web = find(failure, WebApplicationException.class);
        if (web != null && web.getResponse() != null) {
            Response response = web.getResponse();
            int status = response.getStatus();
            String detail = detailOf(response);
            if (status == 404 && notFound != null) {
                return ProblemException.notFound(notFound.apply(status));
            }
            if (status == 401) {
                return new ProblemException(401, "Unauthorized",
                        service + " did not accept the caller's token" + (detail == null ? "." : ": " + detail));
            }
            if (status >= 400 && status < 500 && status != 429) {
                Response.Status known = Response.Status.fromStatusCode(status);
                return new ProblemException(status, known != null ? known.getReasonPhrase() : "HTTP " + status,
                        detail != null ? detail : service + " answered " + status);
            }
            Log.warnf("%s answered %d: %s", service, status, detail);
            if (status == 503 || status == 429) {
                return DownstreamUnavailable.of(service, "is not available right now (HTTP " + status + ")");
            }
            return RetryAfterFilter.behind(new ProblemException(502, "Bad Gateway", service + " failed (HTTP " + status + ")"
                    + (detail == null ? "" : ": " + detail)));
        }
        if (find(failure, CircuitBreakerOpenException.class) != null) {
            return DownstreamUnavailable.of(service, "is failing repeatedly; calls are paused for a few seconds");
        }
        if (isUnreachable(failure)) {
            Log.warnf("%s unreachable: %s", service, failure.toString());
            return DownstreamUnavailable.of(service, "is not reachable");
        }
        if (isTimeout(failure)) {
            Log.warnf("%s timed out: %s", service, failure.toString());
            return DownstreamUnavailable.of(service, "did not answer in time");
        }
        Log.errorf(failure, "unexpected failure calling %s", service);
        return new ProblemException(502, "Bad Gateway", service + " could not be used: " + failure.getClass().getSimpleName());
    }

    static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof ConnectException || t instanceof NoRouteToHostException || t instanceof UnknownHostException
                    || name.equals("io.netty.channel.ConnectTimeoutException")
                    || name.equals("io.vertx.core.http.ConnectionPoolTooBusyException")
                    || name.equals("io.vertx.core.VertxException") && String.valueOf(t.getMessage()).contains("Connection was closed")
                    || (t.getMessage() != null && (t.getMessage().contains("Connection refused")
                            || t.getMessage().contains("Connection reset")))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (t instanceof java.util.concurrent.TimeoutException
                    || t instanceof org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException
                    || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                    || name.equals("io.netty.handler.timeout.ReadTimeoutException")
                    || (t.getMessage() != null && t.getMessage().toLowerCase().contains("timeout"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static String detailOf(Response response) {
        try {
            if (!response.hasEntity()) {
                return null;
            }
            String body = response.readEntity(String.class);
            if (body == null || body.isBlank()) {
                return null;
            }
            JsonNode node = JSON.readTree(body);
            JsonNode detail = node.get("detail");
            return detail != null && detail.isTextual() ? detail.asText() : null;
        } catch (RuntimeException | java.io.IOException e) {
            return null;
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
