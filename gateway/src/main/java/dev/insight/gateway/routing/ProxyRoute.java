package dev.insight.gateway.routing;

import java.time.Duration;

/**
 * A path prefix forwarded without rewriting to one upstream: the prefix itself and everything below it
 * ("/api/files" and "/api/files/…", never "/api/filesystem").
 *
 * @param timeout     longest wait for the upstream's response headers or between two body chunks, counted
 *                    from the end of the request body
 * @param maxBodyBytes largest request body accepted for this route
 * @param rateLimited whether requests count against the caller's chat budget
 */
public record ProxyRoute(String name, String prefix, Upstream upstream, Duration timeout, long maxBodyBytes,
        boolean rateLimited) {

    public boolean matches(String path) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
