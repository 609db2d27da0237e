package dev.insight.gateway.web;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One line per request, in its own log category (dev.insight.gateway.web.AccessLog) so that it can be routed
 * or silenced on its own.
 */
@ApplicationScoped
public class AccessLog {

    public void record(String requestId, String traceId, String user, String route, String method, String path,
            int status, double latencyMs, long bytesOut) {
        Log.infof("requestId=%s traceId=%s user=%s route=%s method=%s path=%s status=%d latencyMs=%.1f bytesOut=%d",
                requestId, traceId, user, route, method, path, status, latencyMs, bytesOut);
    }
}
