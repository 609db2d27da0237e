package dev.insight.gateway.ratelimit;

import dev.insight.support.problem.ProblemException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of counting one request against a sliding-window budget, with the headers that tell the caller
 * where they stand (draft-ietf-httpapi-ratelimit-headers: RateLimit-Limit / -Remaining / -Reset, and the
 * policy, e.g. "60;w=60": at most 60 in any 60 s). Reset (and Retry-After when refused) is the number of
 * seconds until the oldest request counted leaves the window, i.e. until one more request is admitted.
 */
public record RateLimitDecision(boolean allowed, int limit, int remaining, long resetSeconds, long windowSeconds) {

    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", Integer.toString(limit));
        headers.put("RateLimit-Remaining", Integer.toString(remaining));
        headers.put("RateLimit-Reset", Long.toString(resetSeconds));
        headers.put("RateLimit-Policy", limit + ";w=" + windowSeconds);
        if (!allowed) {
            headers.put("Retry-After", Long.toString(resetSeconds));
        }
        return headers;
    }

    /** Of two budgets a request counted against, the one to report: a refusing one, else the one with less left. */
    public static RateLimitDecision tighter(RateLimitDecision a, RateLimitDecision b) {
        if (a.allowed() != b.allowed()) {
            return a.allowed() ? b : a;
        }
        return b.remaining() < a.remaining() ? b : a;
    }

    public ProblemException tooManyRequests(String what) {
        ProblemException problem = new ProblemException(429, "Too Many Requests",
                "Too many " + what + ": at most " + limit + " per " + windowSeconds + " s; retry in " + resetSeconds + " s.");
        headers().forEach(problem::withHeader);
        return problem;
    }
}
