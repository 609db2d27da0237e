package dev.insight.chat.error;

import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every 502, 503 and 504 tells the caller when to come back, whichever mapper produced it. chat-service answers them
 * when something behind it failed (memory-service, file-service, the AI provider, the answer deadline), never about
 * itself: with Retry-After, the gateway relays them without counting them against chat-service in its circuit
 * breaker, which would otherwise refuse every question — cached answers included — because a provider was slow.
 */
public class RetryAfterFilter {

    @ServerResponseFilter
    public void retryAfter(ContainerResponseContext response) {
        int status = response.getStatus();
        if ((status == 502 || status == 503 || status == 504) && !response.getHeaders().containsKey("Retry-After")) {
            response.getHeaders().putSingle("Retry-After", "5");
        }
    }
}
