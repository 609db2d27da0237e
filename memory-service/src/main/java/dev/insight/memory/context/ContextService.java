package dev.insight.memory.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.cache.RedisCache;
import dev.insight.memory.config.MemoryConfig;
import dev.insight.memory.conversation.Conversation;
import dev.insight.memory.conversation.ConversationRepository;
import dev.insight.memory.conversation.ConversationService;
import dev.insight.memory.message.Message;
import dev.insight.memory.message.MessageRepository;
import dev.insight.memory.message.MessageView;
import dev.insight.support.json.StrictJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ContextService {

    private static final String FOREIGN_KEY_VIOLATION = "23503";

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final ContextRepository windows;
    private final RedisCache cache;
    private final ExtractiveSummarizer summarizer;
    private final TokenCounter tokens;
    private final MemoryConfig.Context config;
    private final MemoryConfig.Cache cacheConfig;
    private final ObjectMapper json;
    private final Vertx vertx;

    public ContextService(ConversationRepository conversations, MessageRepository messages, ContextRepository windows,
            RedisCache cache, TokenCounter tokens, MemoryConfig config, ObjectMapper json, Vertx vertx) {
        this.conversations = conversations;
        this.messages = messages;
        this.windows = windows;
        this.cache = cache;
        this.tokens = tokens;
        this.summarizer = new ExtractiveSummarizer(tokens);
        this.config = config.context();
        this.cacheConfig = config.cache();
        this.json = json;
        this.vertx = vertx;
    }

    /** What the window is made of, read in one session. */
    private record Parts(List<Message> included, long firstIncluded, int summaryBudget, String storedSummary,
            List<ExtractiveSummarizer.Source> toSummarize) {
    }

    public Uni<ContextWindow> window(UUID owner, UUID conversationId, int maxTokens) {
        return Panache.withSession(() -> conversations.findOwned(conversationId, owner))
                .onItem().ifNull().failWith(() -> ConversationService.notFound(conversationId))
                .chain(conversation -> {
                    String key = ContextCacheKeys.window(owner, conversationId, conversation.lastSeq, maxTokens);
                    return cache.get(key).chain(hit -> {
                        ContextWindow cached = decode(hit);
                        if (cached != null) {
                            return Uni.createFrom().item(cached);
                        }
                        return compute(conversation, maxTokens)
                                .call(window -> cache.put(key, encode(window), cacheConfig.contextTtl()));
                    });
                });
    }

    private Uni<ContextWindow> compute(Conversation conversation, int maxTokens) {
        return Panache.withSession(() -> parts(conversation, maxTokens)).chain(parts -> {
            long leftOut = parts.firstIncluded() - 1;
            if (leftOut == 0) {
                return Uni.createFrom().item(assemble(conversation.id, maxTokens, parts.included(), null, 0));
            }
            if (parts.storedSummary() != null) {
                return Uni.createFrom().item(assemble(conversation.id, maxTokens, parts.included(),
                        parts.storedSummary(), leftOut));
            }
            // scoring sentences is CPU work proportional to the history: keep it off the event loop
            return vertx.executeBlocking(Uni.createFrom().item(
                    () -> summarizer.summarize(parts.toSummarize(), leftOut, parts.summaryBudget())))
                    .call(summary -> summary == null ? Uni.createFrom().voidItem()
                            : Panache.withTransaction(() -> windows.store(conversation.id, leftOut,
                                    parts.summaryBudget(), summary, tokens.count(summary)))
                                    // deleted while the digest was made: its foreign key finds the conversation gone
                                    .onFailure(ContextService::isConversationGone)
                                    .transform(e -> ConversationService.notFound(conversation.id)))
                    .map(summary -> assemble(conversation.id, maxTokens, parts.included(), summary, leftOut));
        });
    }

    private static boolean isConversationGone(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            // Hibernate Reactive hands the driver's error on as a java.sql.SQLException carrying its SQLSTATE
            if (t instanceof SQLException sql && FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())
                    || t instanceof PgException pg && FOREIGN_KEY_VIOLATION.equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }

    private Uni<Parts> parts(Conversation conversation, int maxTokens) {
        int overhead = config.perMessageOverhead();
        long last = conversation.lastSeq;
        // if the history does not fit, room is kept for the digest of what is left out
        int summaryBudget = Math.min(config.summaryMaxTokens(), maxTokens / 4);
        long messageBudget = maxTokens - summaryBudget;
        return windows.cut(conversation.id, last, messageBudget, overhead).chain(cut -> {
            if (cut.totalTokens() <= maxTokens) {
                return messages.between(conversation.id, 1, last).map(all -> new Parts(all, 1, 0, null, List.of()));
            }
            long first = cut.firstSeqWithin();
            return messages.between(conversation.id, first, last)
                    .chain(included -> windows.storedSummary(conversation.id, first - 1, summaryBudget)
                            .chain(stored -> stored != null
                                    ? Uni.createFrom().item(new Parts(included, first, summaryBudget, stored, List.of()))
                                    : windows.summarySources(conversation.id,
                                            Math.max(1, first - config.summaryInputMessages()), first - 1,
                                            config.summaryInputChars(), config.summaryMessageChars())
                                            .map(older -> new Parts(included, first, summaryBudget, null, older))));
        });
    }

    private ContextWindow assemble(UUID conversationId, int maxTokens, List<Message> included, String summary,
            long summarized) {
        int used = summary == null ? 0 : tokens.count(summary);
        for (Message m : included) {
            used += m.tokenCount + config.perMessageOverhead();
        }
        return new ContextWindow(conversationId, maxTokens, used, summary, summarized,
                included.stream().map(MessageView::of).toList());
    }

    private String encode(ContextWindow window) {
        try {
            return json.writeValueAsString(window);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("context window is not serializable", e);
        }
    }

    private ContextWindow decode(String cached) {
        if (cached == null) {
            return null;
        }
        try {
            return json.readerFor(ContextWindow.class).without(StrictJson.LENIENT).readValue(cached);
        } catch (JsonProcessingException e) {
            Log.warnf("ignoring unreadable cached context window: %s", e.getOriginalMessage());
            return null;
        }
    }
}
