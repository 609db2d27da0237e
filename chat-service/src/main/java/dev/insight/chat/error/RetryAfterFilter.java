package dev.insight.chat.error;

import dev.insight.support.problem.ProblemException;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every 503 tells the caller when to come back, whichever mapper produced it. So does a 502 or 504 about something
 * behind chat-service failing or being slow — the AI provider's 5xx or timeout, memory-service's or file-service's
 * 5xx, the answer deadline — through {@link #behind}: with Retry-After the gateway relays it without counting it
 * against chat-service in its circuit breaker, which would otherwise refuse every question (cached answers included)
 * because a provider was slow. A 502 about chat-service's own configuration (a refused API key, an unknown model) or
 * an unexpected failure carries none, and counts.
 */
public class RetryAfterFilter {

    static final String SECONDS = "5";

    /** The problem, marked as one behind chat-service: the caller may retry, and chat-service itself is fine. */
    public static ProblemException behind(ProblemException problem) {
        return problem.withHeader("Retry-After", SECONDS);
    }

    /** The Retry-After a plain answer with this problem carries (null for none); the stream's error event says the same. */
    public static String of(ProblemException problem) {
        String given = problem.headers().get("Retry-After");
        return given == null && problem.status() == 503 ? SECONDS : given;
    }

    @ServerResponseFilter
    public void retryAfter(ContainerResponseContext response) {
        if (response.getStatus() == 503 && !response.getHeaders().containsKey("Retry-After")) {
            response.getHeaders().putSingle("Retry-After", SECONDS);
        }
    }
}
