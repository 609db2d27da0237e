package dev.insight.gateway.web;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Caching rules for the web console's static files (served by Quarkus from META-INF/resources, web
 * dependencies under /webjars/):
 * <ul>
 * <li>fingerprinted files ({@code name.<8+ hex digits>.ext}) and versioned web dependencies
 * ({@code /webjars/<name>/<version>/…}) never change under their URL: {@code public, max-age=31536000, immutable};</li>
 * <li>everything else, index.html first, is revalidated on every use ({@code no-cache}), which costs a 304.</li>
 * </ul>
 * Every file gets a strong ETag (a digest of its content, computed once per file on a worker thread), and a
 * matching If-None-Match is answered 304 here.
 */
@ApplicationScoped
public class StaticCaching {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    private static final String POLICY = "gw.static.policy";
    private static final String DECORATED = "gw.static.decorated";
    private static final Pattern FINGERPRINTED = Pattern.compile(".*[.-][0-9a-f]{8,}\\.[A-Za-z0-9]+$");
    private static final Pattern VERSIONED_WEBJAR = Pattern.compile("^/webjars/[^/]+/\\d+(\\.\\d+)*[^/]*/.+");
    private static final int MAX_REMEMBERED_MISSES = 10_000;

    private final Vertx vertx;
    private final ClassLoader resources;
    private final ConcurrentHashMap<String, Optional<String>> etags = new ConcurrentHashMap<>();

    public StaticCaching(Vertx vertx) {
        this.vertx = vertx;
        this.resources = Thread.currentThread().getContextClassLoader();
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, EdgeFilter.PRIORITY - 100);
    }

    void handle(RoutingContext rc) {
        HttpMethod method = rc.request().method();
        String path = rc.normalizedPath();
        if (!(method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) || path == null
                || path.startsWith("/api/") || path.startsWith("/q/") || path.contains("..")) {
            rc.next();
            return;
        }
        if (rc.get(POLICY) == null) {
            // decided on the URL the browser asked for, before any internal reroute to a versioned path
            rc.put(POLICY, policyFor(path));
        }
        String resource = "META-INF/resources" + (path.endsWith("/") ? path + "index.html" : path);
        Optional<String> known = etags.get(resource);
        if (known != null) {
            apply(rc, known.orElse(null));
            return;
        }
        vertx.executeBlocking(() -> digest(resource), false).onComplete(ar -> {
            String etag = ar.succeeded() ? ar.result() : null;
            if (etag != null || etags.size() < MAX_REMEMBERED_MISSES) {
                etags.put(resource, Optional.ofNullable(etag));
            }
            apply(rc, etag);
        });
    }

    private void apply(RoutingContext rc, String etag) {
        if (etag == null) {
            rc.next();
            return;
        }
        String policy = rc.get(POLICY);
        if (matches(rc.request().getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
            rc.response().setStatusCode(304)
                    .putHeader(HttpHeaders.ETAG, etag)
                    .putHeader(HttpHeaders.CACHE_CONTROL, policy)
                    .end();
            return;
        }
        if (rc.get(DECORATED) == null) {
            rc.put(DECORATED, Boolean.TRUE);
            rc.addHeadersEndHandler(v -> {
                int status = rc.response().getStatusCode();
                if (status == 200 || status == 206 || status == 304) {
                    rc.response().headers().set(HttpHeaders.ETAG, etag);
                    rc.response().headers().set(HttpHeaders.CACHE_CONTROL, policy);
                }
            });
        }
        rc.next();
    }

    static String policyFor(String path) {
        if (VERSIONED_WEBJAR.matcher(path).matches() || FINGERPRINTED.matcher(path).matches()) {
            return IMMUTABLE;
        }
        return REVALIDATE;
    }

    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.strip();
            if (c.startsWith("W/")) {
                c = c.substring(2);
            }
            if (c.equals("*") || c.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    private String digest(String resource) throws IOException {
        try (InputStream in = resources.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream digesting = new DigestInputStream(in, sha)) {
                digesting.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest()).substring(0, 27) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
