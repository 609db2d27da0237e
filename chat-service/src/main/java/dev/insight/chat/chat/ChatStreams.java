package dev.insight.chat.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.chat.error.RetryAfterFilter;
import dev.insight.support.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chat events as server-sent events: {@code delta} {text} while the answer is produced, then {@code done}; a
 * failure after the stream began ends it with one {@code error} event carrying the problem (status, title, detail)
 * and, for a failure of something behind chat-service that a plain request would answer with Retry-After, the same
 * hint as {@code retryAfter} (seconds): the head, and with it the header, went out before the failure.
 */
@ApplicationScoped
public class ChatStreams {

    private final ChatService service;
    private final ObjectMapper json;

    public ChatStreams(ChatService service, ObjectMapper json) {
        this.service = service;
        this.json = json;
    }

    /** Each event's data is JSON already written as text, so no per-event content-type line goes on the wire. */
    Multi<OutboundSseEvent> events(ChatService.Prepared prepared, Sse sse) {
        return service.run(prepared, true)
                .map(event -> {
                    if (event instanceof ChatEvent.Delta d) {
                        return sse.newEventBuilder().name("delta").data(encode(Map.of("text", d.text()))).build();
                    }
                    return sse.newEventBuilder().name("done").data(encode(((ChatEvent.Finished) event).reply().done())).build();
                })
                // the head is out: a failure now can only be told as a last event, in problem+json's words
                .onFailure().recoverWithItem(failure -> sse.newEventBuilder().name("error").data(encode(problem(failure))).build())
                .onCancellation().invoke(() -> Log.info("chat stream closed by the client before it finished"));
    }

    private static Map<String, Object> problem(Throwable failure) {
        if (failure instanceof ProblemException p) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", p.title());
            problem.put("status", p.status());
            problem.put("detail", p.getMessage());
            String retryAfter = RetryAfterFilter.of(p);
            if (retryAfter != null) {
                problem.put("retryAfter", Integer.parseInt(retryAfter));
            }
            return problem;
        }
        Log.errorf(failure, "chat stream failed");
        return Map.of("type", "about:blank", "title", "Internal Server Error", "status", 500, "detail",
                "Something went wrong on our side; quote the request id when reporting it.");
    }

    private String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
