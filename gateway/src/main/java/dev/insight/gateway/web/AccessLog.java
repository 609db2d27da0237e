package dev.insight.gateway.web;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * One line per request, in its own log category (dev.insight.gateway.web.AccessLog) with its own plain handler
 * (application.properties), so that it can be routed or silenced on its own. It is on the hot path of every
 * request: the line is built directly rather than through a format string.
 */
@ApplicationScoped
public class AccessLog {

    public void record(String requestId, String traceId, String user, String route, String method, String path,
            int status, double latencyMs, long bytesOut) {
        StringBuilder line = new StringBuilder(200 + path.length())
                .append("requestId=").append(requestId)
                .append(" traceId=").append(traceId)
                .append(" user=").append(user)
                .append(" route=").append(route)
                .append(" method=").append(method)
                .append(" path=").append(path)
                .append(" status=").append(status)
                .append(" latencyMs=");
        long tenths = Math.round(latencyMs * 10);
        line.append(tenths / 10).append('.').append(tenths % 10)
                .append(" bytesOut=").append(bytesOut);
        Log.info(line);
    }
}
