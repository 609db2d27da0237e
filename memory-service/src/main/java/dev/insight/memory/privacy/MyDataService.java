package dev.insight.memory.privacy;

import dev.insight.cache.RedisCache;
import dev.insight.memory.context.ContextCacheKeys;
import dev.insight.memory.conversation.ConversationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class MyDataService {

    private final ConversationRepository conversations;
    private final RedisCache cache;

    public MyDataService(ConversationRepository conversations, RedisCache cache) {
        this.conversations = conversations;
        this.cache = cache;
    }

    public Uni<Void> forget(UUID owner) {
        return Panache.withTransaction(() -> conversations.deleteOwnedBy(owner))
                .invoke(count -> Log.infof("forgot user %s: %d conversations", owner, count))
                .chain(count -> cache.deleteMatching(ContextCacheKeys.ownerPattern(owner)));
    }
}
