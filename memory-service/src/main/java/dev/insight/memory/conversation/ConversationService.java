package dev.insight.memory.conversation;

import dev.insight.cache.RedisCache;
import dev.insight.memory.config.MemoryConfig;
import dev.insight.memory.context.ContextCacheKeys;
import dev.insight.support.input.Unicode;
import dev.insight.support.problem.ProblemException;
import dev.insight.support.paging.Cursor;
import dev.insight.support.paging.Page;
import dev.insight.support.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

@ApplicationScoped
public class ConversationService {

    static final String DEFAULT_TITLE = "New conversation";
    private static final String CURSOR_KIND = "conv";
    /** Scans for a deleted conversation's cached windows run in the background, at most this many at once. */
    static final int MAX_BACKGROUND_SCANS = 4;

    /** Scans under way for deleted conversations (background or not). */
    private final AtomicInteger backgroundScans = new AtomicInteger();

    private final ConversationRepository conversations;
    private final RedisCache cache;
    private final MemoryConfig config;

    public ConversationService(ConversationRepository conversations, RedisCache cache, MemoryConfig config) {
        this.conversations = conversations;
        this.cache = cache;
        this.config = config;
    }

    @WithTransaction
    public Uni<Conversation> create(UUID owner, String requestedTitle) {
        Conversation c = new Conversation();
        c.id = UUID.randomUUID();
        c.ownerId = owner;
        c.title = requestedTitle == null ? DEFAULT_TITLE : cleanTitle(requestedTitle);
        c.createdAt = now();
        c.updatedAt = c.createdAt;
        return conversations.persist(c);
    }

    @WithSession
    public Uni<Conversation> get(UUID owner, UUID id) {
        return conversations.findOwned(id, owner).onItem().ifNull().failWith(() -> notFound(id));
    }

    @WithSession
    public Uni<Page<ConversationView>> list(UUID owner, PageRequest page) {
        Instant afterActive = null;
        UUID afterId = null;
        if (page.cursor() != null) {
            String[] key = Cursor.decode(page.cursor(), CURSOR_KIND, 2);
            try {
                afterActive = Cursor.instant(key[0]);
                afterId = UUID.fromString(key[1]);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("cursor", "is not a cursor this list returned");
            }
        }
        return conversations.pageAfter(owner, afterActive, afterId, page.limit() + 1).map(rows -> {
            boolean more = rows.size() > page.limit();
            List<Conversation> items = more ? rows.subList(0, page.limit()) : rows;
            String next = null;
            if (more) {
                Conversation last = items.get(items.size() - 1);
                next = Cursor.encode(CURSOR_KIND, last.activeAt.toString(), last.id.toString());
            }
            return new Page<>(items.stream().map(ConversationView::of).toList(), next);
        });
    }

    @WithTransaction
    public Uni<Conversation> rename(UUID owner, UUID id, String title) {
        if (title == null) {
            throw ProblemException.invalidField("title", "is required");
        }
        String clean = cleanTitle(title);
        return conversations.findOwnedForUpdate(id, owner).onItem().ifNull().failWith(() -> notFound(id)).map(c -> {
            c.title = clean;
            c.updatedAt = now();
            return c;
        });
    }

    public Uni<Void> delete(UUID owner, UUID id) {
        return Panache.withTransaction(() -> conversations.delete("id = ?1 and ownerId = ?2", id, owner))
                .chain(count -> {
                    if (count == 0) {
                        return Uni.createFrom().failure(notFound(id));
                    }
                    // entries are versioned by seq and unreachable once the row is gone, so the answer does not wait
                    // for this: a SCAN over the whole shared Redis, which takes seconds once it holds millions of keys.
                    // A few run in the background at once; past that a delete waits for its own, so a client deleting
                    // in a loop cannot pile scans up on Redis
                    Uni<Void> scan = cache.deleteMatching(ContextCacheKeys.conversationPattern(owner, id))
                            .onTermination().invoke(backgroundScans::decrementAndGet);
                    if (backgroundScans.incrementAndGet() > MAX_BACKGROUND_SCANS) {
                        return scan;
                    }
                    scan.subscribe().with(
                            done -> Log.debugf("context entries of conversation %s deleted", id),
                            failure -> Log.debugf("context entries of conversation %s expire instead: %s", id,
                                    failure.toString()));
                    return Uni.createFrom().voidItem();
                });
    }

    String cleanTitle(String title) {
        String trimmed = title.strip();
        if (trimmed.isEmpty()) {
            throw ProblemException.invalidField("title", "must not be blank");
        }
        if (trimmed.codePoints().anyMatch(cp -> Character.isISOControl(cp))) {
            throw ProblemException.invalidField("title", "must not contain control characters");
        }
        Unicode.requireWellFormed("title", trimmed);
        int characters = Unicode.characters(trimmed);
        if (characters > config.limits().titleChars()) {
            throw ProblemException.invalidField("title",
                    "must be at most " + config.limits().titleChars() + " characters (got " + characters + ")");
        }
        return trimmed;
    }

    public static ProblemException notFound(UUID id) {
        return ProblemException.notFound("No conversation " + id);
    }

    /** PostgreSQL keeps microseconds; truncating here keeps cursors and round trips exact. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
