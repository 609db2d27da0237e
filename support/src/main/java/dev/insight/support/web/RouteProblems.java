package dev.insight.support.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.support.problem.Problem;
import dev.insight.support.problem.ProblemMappers;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * A problem+json answer written straight from a Vert.x route: for refusals made before any REST resource (and its
 * exception mappers) runs. Same shape as {@link ProblemMappers}' answers, request id included.
 */
public final class RouteProblems {

    private RouteProblems() {
    }

    public static void send(RoutingContext rc, ObjectMapper json, int status, String title, String detail,
            Map<String, String> headers) {
        String id = RequestIdFilter.idOrNew(rc.request().getHeader(RequestIdFilter.HEADER));
        String body;
        try {
            body = json.writeValueAsString(new Problem("about:blank", title, status, detail, rc.request().path(), id, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        HttpServerResponse response = rc.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemMappers.PROBLEM_JSON)
                .putHeader(RequestIdFilter.HEADER, id);
        headers.forEach(response::putHeader);
        response.end(body);
    }
}
