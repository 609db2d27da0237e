package dev.insight.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.support.problem.Problem;
import dev.insight.support.problem.ProblemException;
import dev.insight.support.problem.ProblemMappers;
import io.quarkus.logging.Log;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * problem+json for what the gateway answers outside JAX-RS (the proxy routes and its filters): the same
 * {@link Problem} body the REST endpoints send through {@link ProblemMappers}.
 */
@ApplicationScoped
@RegisterForReflection(targets = { Problem.class, Problem.FieldError.class })
public class Problems {

    /** How long a refused request's body is still read (and dropped) so that its sender sees the answer. */
    private static final long LINGER_MILLIS = 2000;

    private final ObjectMapper json;
    private final Vertx vertx;

    public Problems(ObjectMapper json, Vertx vertx) {
        this.json = json;
        this.vertx = vertx;
    }

    public void send(RoutingContext rc, ProblemException e) {
        send(rc, e.status(), e.title(), e.getMessage(), e.headers());
    }

    public void send(RoutingContext rc, int status, String title, String detail, Map<String, String> headers) {
        HttpServerResponse response = rc.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (response.headWritten()) {
            // the upstream's answer has begun: the only honest signal left is to cut the connection
            response.reset();
            return;
        }
        Object requestId = rc.get(EdgeFilter.REQUEST_ID);
        Problem body = new Problem("about:blank", title, status, detail, rc.request().path(),
                requestId != null ? requestId.toString() : null, null);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            Log.errorf(e, "cannot write a problem body");
            text = "{\"status\":" + status + "}";
        }
        response.setStatusCode(status);
        response.headers().set(HttpHeaders.CONTENT_TYPE, ProblemMappers.PROBLEM_JSON);
        headers.forEach((name, value) -> response.headers().set(name, value));
        boolean lingering = discardUnreadBody(rc.request(), response);
        response.end(text);
        if (lingering) {
            // like nginx's lingering close: the rest of a refused upload is not read for ever
            HttpServerRequest request = rc.request();
            vertx.setTimer(LINGER_MILLIS, id -> {
                if (!request.isEnded() && request.connection() != null) {
                    request.connection().close();
                }
            });
        }
    }

    /**
     * A request answered before its body was read: the body is drained rather than left queued in front of
     * the next request on the connection, and a connection that carried a body closes afterwards so that no
     * one waits for the rest of an upload (a sender that keeps sending is cut off after a short linger);
     * bodiless requests keep their connection.
     */
    static boolean discardUnreadBody(HttpServerRequest request, HttpServerResponse response) {
        if (request.isEnded()) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        boolean body = request.headers().contains(HttpHeaders.TRANSFER_ENCODING) || length != null && !length.strip().equals("0");
        if (body) {
            response.headers().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        request.resume();
        return body;
    }
}
