package dev.insight.memory.conversation;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "conversation")
public class Conversation {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public UUID ownerId;

    @Column(nullable = false, length = 200)
    public String title;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    /** When the conversation itself last changed (created or renamed); see {@link #activeAt} for its messages. */
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * The seq of the newest message, read from the messages (appends never write this row). Seqs run from 1 without
     * gaps and messages are never removed one by one, so this is also how many there are.
     */
    @Formula("(select coalesce(max(m.seq), 0) from memory.message m where m.conversation_id = id)")
    public long lastSeq;

    /** The last activity: a rename, or the newest message, whichever came later. The list is sorted by it. */
    @Formula("greatest(updated_at, (select m.created_at from memory.message m where m.conversation_id = id"
            + " order by m.seq desc limit 1))")
    public Instant activeAt;

    /** What the API calls updatedAt: also right for an entity renamed in this session, whose formula was read before. */
    public Instant lastActivity() {
        return activeAt == null || updatedAt.isAfter(activeAt) ? updatedAt : activeAt;
    }
}
