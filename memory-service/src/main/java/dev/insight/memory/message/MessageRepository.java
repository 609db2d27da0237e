package dev.insight.memory.message;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
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
     * An append in one statement (one round trip, atomic), for one message or several in order: the UPDATE locks
     * the owner's conversation row and moves last_seq past the new messages, the INSERT numbers them from the old
     * value. Concurrent appends queue on the row lock, so seq has no gap and no duplicate, and a batch is never
     * interleaved with another append; a failed insert rolls the increment back with it. The timestamp is taken
     * after the lock is granted, so created_at grows with seq.
     */
    private static final String APPEND = """
            with c as (
                update memory.conversation
                   set last_seq = last_seq + $1, message_count = message_count + $1,
                       total_tokens = total_tokens + $2, updated_at = greatest(updated_at, clock_timestamp())
                 where id = $3 and owner_id = $4
             returning id, last_seq - $1 as base, updated_at)
            insert into memory.message (id, conversation_id, owner_id, seq, role, content, metadata, token_count,
                                        idempotency_key, request_hash, created_at)
            select m.id, c.id, $4, c.base + m.ord, m.role, m.content, m.metadata::jsonb, m.token_count,
                   m.idempotency_key, $5, c.updated_at
              from c cross join unnest($6::uuid[], $7::varchar[], $8::text[], $9::text[], $10::int[], $11::varchar[])
                   with ordinality as m(id, role, content, metadata, token_count, idempotency_key, ord)
            returning id, seq, created_at
            """;

    private static final String BY_KEYS = """
            select id, conversation_id, owner_id, seq, role, content, metadata, token_count, idempotency_key,
                   request_hash, created_at
              from memory.message
             where conversation_id = $1 and owner_id = $2 and idempotency_key = any($3)
             order by seq
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
     * Appends the messages (ids, roles, contents, metadata, token counts and idempotency fields set, all of one
     * owner and conversation) in this order; fills in their seq and createdAt. Null when the owner has no such
     * conversation.
     */
    public Uni<List<Message>> append(List<Message> batch, int overhead) {
        Message first = batch.get(0);
        int n = batch.size();
        long tokens = 0;
        UUID[] ids = new UUID[n];
        String[] roles = new String[n];
        String[] contents = new String[n];
        String[] metadata = new String[n];
        Integer[] tokenCounts = new Integer[n];
        String[] keys = new String[n];
        for (int i = 0; i < n; i++) {
            Message m = batch.get(i);
            ids[i] = m.id;
            roles[i] = m.role;
            contents[i] = m.content;
            metadata[i] = m.metadata == null ? null : new JsonObject(m.metadata).encode();
            tokenCounts[i] = m.tokenCount;
            keys[i] = m.idempotencyKey;
            tokens += m.tokenCount + overhead;
        }
        Tuple params = Tuple.tuple(Arrays.asList(n, tokens, first.conversationId, first.ownerId, first.requestHash,
                ids, roles, contents, metadata, tokenCounts, keys));
        return pool.preparedQuery(APPEND).execute(params).map(rows -> {
            if (rows.rowCount() == 0) {
                return null;
            }
            Map<UUID, Row> byId = new java.util.HashMap<>();
            rows.forEach(row -> byId.put(row.getUUID("id"), row));
            for (Message m : batch) {
                Row row = byId.get(m.id);
                m.seq = row.getLong("seq");
                m.createdAt = row.getOffsetDateTime("created_at").toInstant();
            }
            return batch;
        });
    }

    /** The owner's messages carrying these Idempotency-Keys in this conversation, in seq order. */
    public Uni<List<Message>> findByIdempotencyKeys(UUID conversationId, UUID owner, List<String> keys) {
        return pool.preparedQuery(BY_KEYS).execute(Tuple.of(conversationId, owner, keys.toArray(String[]::new)))
                .map(rows -> {
                    List<Message> found = new java.util.ArrayList<>();
                    rows.forEach(row -> found.add(message(row)));
                    return found;
                });
    }

    private Message message(Row row) {
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
