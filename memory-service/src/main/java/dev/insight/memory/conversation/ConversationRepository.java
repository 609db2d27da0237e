package dev.insight.memory.conversation;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ConversationRepository implements PanacheRepositoryBase<Conversation, UUID> {

    private static final Sort NEWEST_FIRST = Sort.by("activeAt", Sort.Direction.Descending)
            .and("id", Sort.Direction.Descending);

    public Uni<Conversation> findOwned(UUID id, UUID owner) {
        return find("id = ?1 and ownerId = ?2", id, owner).firstResult();
    }

    /**
     * The owner's conversation, locked until the transaction ends: a deletion committed meanwhile makes this null
     * (the row is read again once the deleting transaction ends) instead of an update that finds no row at flush.
     */
    public Uni<Conversation> findOwnedForUpdate(UUID id, UUID owner) {
        return find("id = ?1 and ownerId = ?2", id, owner).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /**
     * One page, last active first, strictly after the (activeAt, id) key when one is given. The activity of each of
     * the owner's conversations is read from its newest message (an index probe each) before sorting.
     */
    public Uni<List<Conversation>> pageAfter(UUID owner, Instant activeAt, UUID id, int size) {
        if (activeAt == null) {
            return find("ownerId = ?1", NEWEST_FIRST, owner).range(0, size - 1).list();
        }
        return find("ownerId = ?1 and (activeAt < ?2 or (activeAt = ?2 and id < ?3))", NEWEST_FIRST,
                owner, activeAt, id).range(0, size - 1).list();
    }

    public Uni<Long> deleteOwnedBy(UUID owner) {
        // messages and stored summaries go with their conversation (on delete cascade)
        return delete("ownerId = ?1", owner);
    }
}
