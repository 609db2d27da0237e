package dev.insight.chat.memory;

import dev.insight.chat.downstream.DownstreamFailures;
import dev.insight.chat.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** memory-service on behalf of a caller: their token goes along, failures come back as problems that name it. */
@ApplicationScoped
public class MemoryClient {

    static final String SERVICE = "memory-service";

    private final MemoryApi api;

    public MemoryClient(@RestClient MemoryApi api) {
        this.api = api;
    }

    public Uni<MemoryRecords.Conversation> create(Caller caller, String title) {
        return guard(api.create(caller.authorization(), caller.requestId(), new MemoryRecords.NewConversation(title)),
                null);
    }

    public Uni<Void> delete(Caller caller, UUID id) {
        return guard(api.delete(caller.authorization(), caller.requestId(), id), id);
    }

    public Uni<MemoryRecords.Conversation> get(Caller caller, UUID id) {
        return guard(api.get(caller.authorization(), caller.requestId(), id), id);
    }

    public Uni<MemoryRecords.MessagePage> messages(Caller caller, UUID id, long after, int limit) {
        return guard(api.messages(caller.authorization(), caller.requestId(), id, after, limit), id);
    }

    public Uni<MemoryRecords.ContextWindow> context(Caller caller, UUID id, int maxTokens) {
        return guard(api.context(caller.authorization(), caller.requestId(), id, maxTokens), id);
    }

    /**
     * Appends several messages together (consecutive seqs, one round trip) with one Idempotency-Key for all, so
     * that a retry after a lost answer writes none of them twice.
     */
    public Uni<java.util.List<MemoryRecords.Message>> appendAll(Caller caller, UUID id, String idempotencyKey,
            java.util.List<MemoryRecords.NewMessage> messages) {
        return Uni.createFrom().deferred(() -> api.appendAll(caller.authorization(), caller.requestId(), idempotencyKey,
                id, new MemoryRecords.NewMessages(messages)))
                .onFailure(MemoryClient::isTransient).retry().withBackOff(java.time.Duration.ofMillis(100)).atMost(2)
                .onFailure().transform(f -> DownstreamFailures.map(SERVICE, f, status -> notFound(id)))
                .map(MemoryRecords.MessagePage::items);
    }

    private static boolean isTransient(Throwable failure) {
        return !(failure instanceof jakarta.ws.rs.WebApplicationException)
                && !(failure instanceof org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException)
                && !(failure.getCause() instanceof java.net.ConnectException);
    }

    private static <T> Uni<T> guard(Uni<T> call, UUID conversationId) {
        return call.onFailure().transform(f -> DownstreamFailures.map(SERVICE, f,
                conversationId == null ? null : status -> notFound(conversationId)));
    }

    static String notFound(UUID conversationId) {
        return "Conversation " + conversationId + " does not exist.";
    }
}
