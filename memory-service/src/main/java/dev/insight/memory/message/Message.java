package dev.insight.memory.message;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One message; immutable once written (the search vector is a generated column, not mapped here). */
@Entity
@Table(name = "message")
public class Message {

    @Id
    public UUID id;

    @Column(name = "conversation_id", nullable = false, updatable = false)
    public UUID conversationId;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public UUID ownerId;

    @Column(nullable = false, updatable = false)
    public long seq;

    @Column(nullable = false, updatable = false, length = 16)
    public String role;

    @Column(nullable = false, updatable = false)
    public String content;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb", updatable = false)
    public Map<String, Object> metadata;

    /** The metadata as the JSON an append writes (set on appends only; reads fill {@link #metadata}). */
    @Transient
    public String metadataJson;

    @Column(name = "token_count", nullable = false, updatable = false)
    public int tokenCount;

    @Column(name = "idempotency_key", updatable = false, length = 200)
    public String idempotencyKey;

    @Column(name = "request_hash", updatable = false, length = 64)
    public String requestHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
