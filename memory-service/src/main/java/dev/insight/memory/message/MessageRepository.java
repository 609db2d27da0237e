package dev.insight.memory.message;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.memory.config.MemoryConfig;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<Message, UUID> {

    private static final Sort BY_SEQ = Sort.by("seq");
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };

    /**
     * An append in one statement (one round trip, atomic), for one message or several in order: it reads the owner's
     * conversation (none, no row: the owner has no such conversation) and numbers the messages on from the newest seq
     * it sees. Nothing else is written: no counter, no row lock beyond the foreign key's share lock, so appends to
     * different conversations never wait for each other. Two appends racing on one conversation read the same newest
     * seq; the unique (conversation_id, seq) constraint makes the second wait for the first and then fail as a whole
     * ({@link #SEQ_CONSTRAINT}), and its retry, a new statement with a new snapshot, numbers on from the first. So
     * seq has no gap and no duplicate, and a batch is never interleaved. created_at is read when the row is made,
     * after every smaller seq was committed, and never earlier than the newest message's (the database's clock stepped
     * back, or a failover to a server whose clock is behind): it never decreases as seq grows.
     * <p>
     * The messages come as a VALUES list with one row of parameters each, one statement text per batch size: its
     * plan is the same whatever the values, so PostgreSQL keeps one per connection. (Arrays passed to unnest() were
     * re-planned on every call, about a third of the database's work per append: a plan for arrays of unknown length
     * assumes 100 rows and always looks costlier than one made for the actual values.)
     */
    private static final String APPEND = """
            insert into memory.message (id, conversation_id, owner_id, seq, role, content, metadata, token_count,
                                        idempotency_key, request_hash, created_at)
            select m.id, c.id, c.owner_id, coalesce(newest.seq, 0) + m.ord,
                   m.role, m.content, m.metadata::jsonb, m.token_count, m.idempotency_key, $3,
                   greatest(clock_timestamp(), newest.created_at)
              from memory.conversation c
                   left join lateral (select seq, created_at from memory.message
                                       where conversation_id = c.id order by seq desc limit 1) as newest on true
                   cross join (values %s) as m(id, role, content, metadata, token_count, idempotency_key, ord)
             where c.id = $1 and c.owner_id = $2
            returning id, seq, created_at
            """;
    private static final int APPEND_FIXED_PARAMETERS = 3;
    private static final int APPEND_MESSAGE_PARAMETERS = 6;

    private static final String BY_KEYS = """
            select id, conversation_id, owner_id, seq, role, content, metadata, token_count, idempotency_key,
                   request_hash, created_at
              from memory.message
             where conversation_id = $1 and owner_id = $2 and idempotency_key = any($3)
             order by seq
            """;

    static final String IDEMPOTENCY_CONSTRAINT = "message_idempotency_unique";
    static final String SEQ_CONSTRAINT = "message_seq_unique";
    /** The foreign key to the conversation (PostgreSQL's default name for it in V1). */
    static final String CONVERSATION_CONSTRAINT = "message_conversation_id_fkey";

    private final Pool pool;
    private final ObjectMapper json;
    /** The append statement for each batch size, by size. */
    private final String[] appendStatements;

    public MessageRepository(Pool pool, ObjectMapper json, MemoryConfig config) {
        this.pool = pool;
        this.json = json;
        this.appendStatements = new String[config.limits().batchMessages() + 1];
        for (int size = 1; size < appendStatements.length; size++) {
            appendStatements[size] = appendStatement(size);
        }
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
    public Uni<List<Message>> append(List<Message> batch) {
        Message first = batch.get(0);
        List<Object> params = new ArrayList<>(APPEND_FIXED_PARAMETERS + APPEND_MESSAGE_PARAMETERS * batch.size());
        params.add(first.conversationId);
        params.add(first.ownerId);
        params.add(first.requestHash);
        for (Message m : batch) {
            params.add(m.id);
            params.add(m.role);
            params.add(m.content);
            params.add(m.metadataJson);
            params.add(m.tokenCount);
            params.add(m.idempotencyKey);
        }
        return pool.preparedQuery(appendStatements[batch.size()]).execute(Tuple.from(params)).map(rows -> {
            if (rows.rowCount() == 0) {
                return null;
            }
            Map<UUID, Row> byId = new HashMap<>();
            rows.forEach(row -> byId.put(row.getUUID("id"), row));
            for (Message m : batch) {
                Row row = byId.get(m.id);
                m.seq = row.getLong("seq");
                m.createdAt = row.getOffsetDateTime("created_at").toInstant();
            }
            return batch;
        });
    }

    /** The append statement for a batch of this size: always the same text, so each connection prepares it once. */
    private static String appendStatement(int size) {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < size; i++) {
            int p = APPEND_FIXED_PARAMETERS + APPEND_MESSAGE_PARAMETERS * i;
            rows.append(i == 0 ? "" : ", ").append("($").append(p + 1).append("::uuid, $").append(p + 2)
                    .append("::varchar, $").append(p + 3).append("::text, $").append(p + 4).append("::text, $")
                    .append(p + 5).append("::int, $").append(p + 6).append("::varchar, ").append(i + 1).append(')');
        }
        return APPEND.formatted(rows);
    }

    /** The owner's messages carrying these Idempotency-Keys in this conversation, in seq order. */
    public Uni<List<Message>> findByIdempotencyKeys(UUID conversationId, UUID owner, List<String> keys) {
        return pool.preparedQuery(BY_KEYS).execute(Tuple.of(conversationId, owner, keys.toArray(String[]::new)))
                .map(rows -> {
                    List<Message> found = new ArrayList<>();
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
