package dev.insight.memory.message;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    private static final Sort BY_SEQ = Sort.by("seq");
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    /**
     * The append in one statement (one round trip, atomic): the UPDATE locks the owner's conversation row and
     * takes last_seq + 1, the INSERT uses it. Concurrent appends queue on the row lock, so seq has no gap and
     * no duplicate; a failed insert rolls the increment back with it. The timestamp is taken after the lock is
     * granted, so created_at grows with seq.
     */
    private static final String APPEND = """
            with c as (
                update memory.conversation
                   set last_seq = last_seq + 1, message_count = message_count + 1,
                       total_tokens = total_tokens + $1, updated_at = greatest(updated_at, clock_timestamp())
                 where id = $2 and owner_id = $3
             returning id, last_seq, updated_at)
            insert into memory.message (id, conversation_id, owner_id, seq, role, content, metadata, token_count,
                                        idempotency_key, request_hash, created_at)
            select $4, c.id, $3, c.last_seq, $5, $6, $7::jsonb, $8, $9, $10, c.updated_at from c
            returning seq, created_at
            """;

    private static final String BY_KEY = """
            select id, conversation_id, owner_id, seq, role, content, metadata, token_count, idempotency_key,
                   request_hash, created_at
              from memory.message
             where conversation_id = $1 and idempotency_key = $2 and owner_id = $3
            """;

    static final String IDEMPOTENCY_CONSTRAINT = "message_idempotency_unique";

    private final Pool pool;
    private final ObjectMapper json;

    public MessageRepository(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Messages with seq greater than {@code afterSeq}, in seq order. */
    public Uni<List<Message>> pageAfter(UUID conversationId, long afterSeq, int size) {
        return find("conversationId = ?1 and seq > ?2", BY_SEQ, conversationId, afterSeq).range(0, size - 1).list();
    }

    /** Messages with seq in [fromSeq, toSeq], in seq order. */
    public Uni<List<Message>> between(UUID conversationId, long fromSeq, long toSeq) {
        return find("conversationId = ?1 and seq >= ?2 and seq <= ?3", BY_SEQ, conversationId, fromSeq, toSeq).list();
    }

    /**
     * Appends {@code m} (its id, role, content, metadata, token count and idempotency fields set) to the owner's
     * conversation; fills in its seq and createdAt. Null when the owner has no such conversation.
     */
    public Uni<Message> append(Message m, int overhead) {
        Tuple params = Tuple.tuple(Arrays.asList(m.tokenCount + overhead, m.conversationId, m.ownerId, m.id, m.role,
                m.content, m.metadata == null ? null : new JsonObject(m.metadata), m.tokenCount, m.idempotencyKey,
                m.requestHash));
        return pool.preparedQuery(APPEND).execute(params).map(rows -> {
            if (rows.rowCount() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            m.seq = row.getLong("seq");
            m.createdAt = row.getOffsetDateTime("created_at").toInstant();
            return m;
        });
    }

    /** The owner's message carrying this Idempotency-Key in this conversation, or null. */
    public Uni<Message> findByIdempotencyKey(UUID conversationId, UUID owner, String key) {
        return pool.preparedQuery(BY_KEY).execute(Tuple.of(conversationId, key, owner)).map(this::firstMessage);
    }

    private Message firstMessage(RowSet<Row> rows) {
        if (rows.rowCount() == 0) {
            return null;
        }
        Row row = rows.iterator().next();
        Message m = new Message();
        m.id = row.getUUID("id");
        m.conversationId = row.getUUID("conversation_id");
        m.ownerId = row.getUUID("owner_id");
        m.seq = row.getLong("seq");
        m.role = row.getString("role");
        m.content = row.getString("content");
        JsonObject metadata = row.getJsonObject("metadata");
        m.metadata = metadata == null ? null : json.convertValue(metadata.getMap(), JSON_OBJECT);
        m.tokenCount = row.getInteger("token_count");
        m.idempotencyKey = row.getString("idempotency_key");
        m.requestHash = row.getString("request_hash");
        m.createdAt = row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC).toInstant();
        return m;
    }
}
