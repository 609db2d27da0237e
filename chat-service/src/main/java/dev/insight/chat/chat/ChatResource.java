package dev.insight.chat.chat;

import dev.insight.chat.config.ChatConfig;
import dev.insight.chat.downstream.DownstreamUnavailable;
import dev.insight.chat.identity.Caller;
import dev.insight.identity.CurrentUser;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.TimeoutException;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/chat")
@Authenticated
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Chat")
public class ChatResource {

    private final ChatService service;
    private final CurrentUser user;
    private final ChatStreams streams;
    private final ChatConfig config;

    public ChatResource(ChatService service, CurrentUser user, ChatStreams streams, ChatConfig config) {
        this.service = service;
        this.user = user;
        this.streams = streams;
        this.config = config;
    }

    /** Asks a question; without a conversationId a conversation is started. */
    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<ChatReply> ask(ChatInput body) {
        return service.prepare(Caller.of(user), body, false).chain(service::ask);
    }

    /**
     * The same, as server-sent events: {@code delta} events {text}, then one {@code done} event.
     * <p>
     * An SSE response's head is written as soon as a stream is returned, so everything that can fail with a
     * status of its own (input, conversation, files, a service that is down) is settled first, on a worker
     * thread that waits for it (never the event loop); the answer itself then streams without blocking.
     */
    @POST
    @Path("/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Blocking
    public Multi<OutboundSseEvent> stream(ChatInput body, @Context Sse sse) {
        ChatService.Prepared prepared;
        // memoized: waiting no longer does not stop the preparation, whose outcome is still needed (below)
        Uni<ChatService.Prepared> preparing = service.prepare(Caller.of(user), body, true).memoize().indefinitely();
        try {
            prepared = preparing.await().atMost(config.limits().prepareTimeout());
        } catch (TimeoutException e) {
            // refused, but what is still under way may yet start a conversation: removed once it has
            preparing.chain(service::abandon).subscribe().with(done -> { }, failure -> { });
            throw new DownstreamUnavailable("memory-service or file-service did not answer within "
                    + config.limits().prepareTimeout().toSeconds() + " s; retry shortly.");
        }
        return streams.events(prepared, sse);
    }
}
