package dev.insight.memory.message;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    private static final Sort BY_SEQ = Sort.by("seq");

    /** Messages with seq greater than {@code afterSeq}, in seq order. */
    public Uni<List<Message>> pageAfter(UUID conversationId, long afterSeq, int size) {
        return find("conversationId = ?1 and seq > ?2", BY_SEQ, conversationId, afterSeq).range(0, size - 1).list();
    }

    /** Messages with seq in [fromSeq, toSeq], in seq order. */
    public Uni<List<Message>> between(UUID conversationId, long fromSeq, long toSeq) {
        return find("conversationId = ?1 and seq >= ?2 and seq <= ?3", BY_SEQ, conversationId, fromSeq, toSeq).list();
    }

    public Uni<Message> findByIdempotencyKey(UUID conversationId, String key) {
        return find("conversationId = ?1 and idempotencyKey = ?2", conversationId, key).firstResult();
    }
}
