package dev.insight.support.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/** Carries the gateway's X-Request-Id into the logs (MDC) and back to the caller; makes one when absent. */
public class RequestIdFilter {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @ServerRequestFilter(preMatching = true)
    public void incoming(ContainerRequestContext request) {
        String id = idOrNew(request.getHeaderString(HEADER));
        request.setProperty(HEADER, id);
        MDC.put("requestId", id);
    }

    /** The caller's request id when it is safe to log and echo, otherwise a new one. */
    public static String idOrNew(String supplied) {
        return isAcceptable(supplied) ? supplied : UUID.randomUUID().toString();
    }

    /** Whether a caller-supplied request id is safe to log and echo (short, no spaces or control characters). */
    public static boolean isAcceptable(String id) {
        return id != null && SAFE.matcher(id).matches();
    }

    @ServerResponseFilter
    public void outgoing(ContainerRequestContext request, ContainerResponseContext response) {
        Object id = request.getProperty(HEADER);
        if (id != null) {
            response.getHeaders().putSingle(HEADER, id);
        }
    }
}
