package dev.insight.memory.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.insight.memory.config.MemoryConfig;
import dev.insight.memory.context.TokenCounter;
import dev.insight.memory.conversation.ConversationRepository;
import dev.insight.memory.conversation.ConversationService;
import dev.insight.support.input.Unicode;
import dev.insight.support.problem.ProblemException;
import dev.insight.support.paging.Cursor;
import dev.insight.support.paging.Page;
import dev.insight.support.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class MessageService {

    public static final Set<String> ROLES = Set.of("user", "assistant", "system", "tool");
    private static final String CURSOR_KIND = "msg";
    /**
     * Marks a batch message's position in its stored Idempotency-Key ("k#2"); client keys may not contain it, so a
     * stored key is never mistaken for another request's.
     */
    private static final char POSITION_MARK = '#';
    /** Room kept in the Idempotency-Key column for a batch position suffix ("#12"). */
    private static final int BATCH_KEY_SUFFIX = 4;
    /** Content up to this many characters (in all) is tokenized on the calling thread: well under a millisecond. */
    private static final int INLINE_TOKEN_COUNT_CHARS = 16_384;
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String FOREIGN_KEY_VIOLATION = "23503";

    /** What an append produced: the messages, and whether they replay an earlier identical request. */
    public record Appended(List<Message> messages, boolean replayed) {
    }

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final TokenCounter tokens;
    private final MemoryConfig config;
    private final ObjectMapper canonical;
    private final Vertx vertx;

    public MessageService(ConversationRepository conversations, MessageRepository messages, TokenCounter tokens,
            MemoryConfig config, ObjectMapper mapper, Vertx vertx) {
        this.vertx = vertx;
        this.conversations = conversations;
        this.messages = messages;
        this.tokens = tokens;
        this.config = config;
        this.canonical = mapper.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }

    /**
     * Appends one message in one atomic statement (see {@link MessageRepository#append}); a retry carrying the
     * same Idempotency-Key and body gets the first attempt's message back, another body with that key is a 422.
     */
    public Uni<Appended> append(UUID owner, UUID conversationId, NewMessage body, String idempotencyKey) {
        return append(owner, conversationId, List.of(validate(body, "")), validateKey(idempotencyKey, 0), false);
    }

    /**
     * Appends several messages at once, in order and with consecutive seqs (a question and its answer are never
     * split by another append). The Idempotency-Key covers the whole batch; single and batch appends share one key
     * space, so a key already used by the other kind of append is a 422.
     */
    public Uni<Appended> appendAll(UUID owner, UUID conversationId, NewMessages body, String idempotencyKey) {
        if (body == null || body.messages() == null || body.messages().isEmpty()) {
            throw ProblemException.invalidField("messages", "must hold at least one message");
        }
        int max = config.limits().batchMessages();
        if (body.messages().size() > max) {
            throw ProblemException.invalidField("messages",
                    "must hold at most " + max + " messages (got " + body.messages().size() + ")");
        }
        List<Checked> inputs = new ArrayList<>();
        for (int i = 0; i < body.messages().size(); i++) {
            inputs.add(validate(body.messages().get(i), "messages[" + i + "]."));
        }
        return append(owner, conversationId, inputs, validateKey(idempotencyKey, BATCH_KEY_SUFFIX), true);
    }

    private Uni<Appended> append(UUID owner, UUID conversationId, List<Checked> inputs, String key, boolean batch) {
        long characters = inputs.stream().mapToLong(input -> input.content().length()).sum();
        if (characters <= INLINE_TOKEN_COUNT_CHARS) {
            return append(owner, conversationId, inputs, key, batch, counts(inputs));
        }
        // tokenizing a long text takes the CPU for up to a few hundred milliseconds: not on the event loop, where
        // every other request of this replica would wait for it
        return vertx.executeBlocking(Uni.createFrom().item(() -> counts(inputs)))
                .chain(counts -> append(owner, conversationId, inputs, key, batch, counts));
    }

    private int[] counts(List<Checked> inputs) {
        return inputs.stream().mapToInt(input -> tokens.count(input.content())).toArray();
    }

    private Uni<Appended> append(UUID owner, UUID conversationId, List<Checked> inputs, String key, boolean batch,
            int[] tokenCounts) {
        String hash = key == null ? null : batch ? requestHash(inputs) : requestHash(inputs.get(0));
        List<Message> attempt = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            Checked input = inputs.get(i);
            Message m = new Message();
            m.id = UUID.randomUUID();
            m.conversationId = conversationId;
            m.ownerId = owner;
            m.role = input.role();
            m.content = input.content();
            m.metadata = input.metadata();
            m.metadataJson = input.metadataJson();
            m.tokenCount = tokenCounts[i];
            // the first message of any request carries the key itself, so that a single append and a batch with the
            // same key meet at the unique constraint (and a mismatch is a 422); a batch's later messages carry it with
            // their position, which keeps each row unique
            m.idempotencyKey = key == null ? null : i == 0 ? key : key + POSITION_MARK + (i + 1);
            m.requestHash = hash;
            attempt.add(m);
        }
        // insert straight away (one round trip): without a key nothing can collide, and with one a new key is the
        // common case; the unique constraint on (conversation, key) turns a retry, or a concurrent twin, into a
        // violation that rolls the whole statement back, and the messages already stored under that key are the answer
        List<String> stored = new ArrayList<>(attempt.stream().map(m -> m.idempotencyKey).toList());
        if (key != null && batch) {
            // before this version a batch's first message carried "k#1": a retry of such a batch still replays
            stored.add(key + POSITION_MARK + 1);
        }
        return insert(attempt).onFailure(MessageService::isKeyTaken)
                .recoverWithUni(() -> messages.findByIdempotencyKeys(conversationId, owner, stored)
                        .chain(earlier -> replay(earlier, attempt, key)));
    }

    /**
     * The insert, again while another append to the same conversation took the seq it read (each attempt waits for
     * that append to commit, then reads anew; one of the racers wins each round, so this ends).
     */
    private Uni<Appended> insert(List<Message> batch) {
        UUID conversationId = batch.get(0).conversationId;
        Uni<List<Message>> attempt = Uni.createFrom().deferred(() -> messages.append(batch));
        int retries = config.limits().appendAttempts() - 1;
        if (retries > 0) {
            attempt = attempt.onFailure(MessageService::isSeqTaken).retry().atMost(retries);
        }
        return attempt.onFailure(MessageService::isSeqTaken).transform(e -> new ProblemException(503,
                        "Service Unavailable", "Too many messages are being added to conversation " + conversationId
                                + " at once; try again").withHeader("Retry-After", "1"))
                // deleted while the append ran: it read the row, then the foreign key check found it gone
                .onFailure(MessageService::isConversationGone).transform(e -> ConversationService.notFound(conversationId))
                .onItem().ifNull().failWith(() -> ConversationService.notFound(conversationId))
                .map(saved -> new Appended(saved, false));
    }

    private static Uni<Appended> replay(List<Message> earlier, List<Message> attempt, String key) {
        String hash = attempt.get(0).requestHash;
        if (earlier.size() != attempt.size() || earlier.stream().anyMatch(m -> !hash.equals(m.requestHash))) {
            return Uni.createFrom().failure(ProblemException.unprocessable(
                    "Idempotency-Key '" + key + "' was already used for a different request"));
        }
        return Uni.createFrom().item(new Appended(earlier, true));
    }

    private static boolean isKeyTaken(Throwable failure) {
        return violates(failure, UNIQUE_VIOLATION, MessageRepository.IDEMPOTENCY_CONSTRAINT);
    }

    private static boolean isSeqTaken(Throwable failure) {
        return violates(failure, UNIQUE_VIOLATION, MessageRepository.SEQ_CONSTRAINT);
    }

    private static boolean isConversationGone(Throwable failure) {
        return violates(failure, FOREIGN_KEY_VIOLATION, MessageRepository.CONVERSATION_CONSTRAINT);
    }

    private static boolean violates(Throwable failure, String sqlState, String constraint) {
        return failure instanceof io.vertx.pgclient.PgException pg && sqlState.equals(pg.getSqlState())
                && constraint.equals(pg.getConstraint());
    }

    @WithSession
    public Uni<Page<MessageView>> list(UUID owner, UUID conversationId, Long after, PageRequest page) {
        long afterSeq = after == null ? 0 : after;
        if (page.cursor() != null) {
            if (after != null) {
                throw ProblemException.badRequest("Give either 'after' or 'cursor', not both");
            }
            String[] key = Cursor.decode(page.cursor(), CURSOR_KIND, 2);
            if (!key[0].equals(conversationId.toString())) {
                throw ProblemException.invalidField("cursor", "belongs to another conversation");
            }
            try {
                afterSeq = Long.parseLong(key[1]);
            } catch (NumberFormatException e) {
                throw ProblemException.invalidField("cursor", "is not a cursor this list returned");
            }
        }
        long from = afterSeq;
        return conversations.findOwned(conversationId, owner)
                .onItem().ifNull().failWith(() -> ConversationService.notFound(conversationId))
                .chain(c -> messages.pageAfter(conversationId, from, page.limit() + 1))
                .map(rows -> {
                    boolean more = rows.size() > page.limit();
                    List<Message> items = more ? rows.subList(0, page.limit()) : rows;
                    String next = more
                            ? Cursor.encode(CURSOR_KIND, conversationId.toString(),
                                    Long.toString(items.get(items.size() - 1).seq))
                            : null;
                    return new Page<>(items.stream().map(MessageView::of).toList(), next);
                });
    }

    /** A message that passed validation, with its metadata already written as canonical JSON (sorted keys). */
    private record Checked(String role, String content, Map<String, Object> metadata, String metadataJson) {
    }

    private Checked validate(NewMessage body, String at) {
        if (body == null) {
            throw at.isEmpty() ? ProblemException.badRequest("A JSON body with 'role' and 'content' is required")
                    : ProblemException.invalidField(at.substring(0, at.length() - 1), "must be a message object");
        }
        if (body.role() == null) {
            throw ProblemException.invalidField(at + "role", "is required (one of user, assistant, system, tool)");
        }
        String role = body.role().strip().toLowerCase(java.util.Locale.ROOT);
        if (!ROLES.contains(role)) {
            throw ProblemException.invalidField(at + "role",
                    "must be one of user, assistant, system, tool (got '" + truncate(body.role()) + "')");
        }
        if (body.content() == null) {
            throw ProblemException.invalidField(at + "content", "is required");
        }
        if (body.content().isBlank()) {
            throw ProblemException.invalidField(at + "content", "must not be empty");
        }
        int max = config.limits().messageContentChars();
        int characters = Unicode.characters(body.content());
        if (characters > max) {
            throw ProblemException.invalidField(at + "content", "must be at most " + max + " characters (got " + characters + ")");
        }
        if (body.content().indexOf('\u0000') >= 0) {
            throw ProblemException.invalidField(at + "content", "must not contain NUL characters");
        }
        Unicode.requireWellFormed(at + "content", body.content());
        String metadataJson = null;
        if (body.metadata() != null) {
            checkMetadata(at + "metadata", body.metadata());
            metadataJson = json(body.metadata());
            int size = metadataJson.getBytes(StandardCharsets.UTF_8).length;
            if (size > config.limits().metadataBytes()) {
                throw ProblemException.invalidField(at + "metadata",
                        "must be at most " + config.limits().metadataBytes() + " bytes of JSON (got " + size + ")");
            }
        }
        return new Checked(role, body.content(), body.metadata(), metadataJson);
    }

    /**
     * Refuses what the metadata's JSON column could only store altered: a number beyond double range (Jackson reads
     * 1e400 as Infinity, which would be written as the string "Infinity"), a string with a lone surrogate (in a
     * key, Jackson's parser refuses one already) or a NUL character, in a string or a key.
     */
    private static void checkMetadata(String field, Object value) {
        if (value instanceof Map<?, ?> object) {
            for (Map.Entry<?, ?> entry : object.entrySet()) {
                String key = String.valueOf(entry.getKey());
                requireNoNul(field, key);
                checkMetadata(field + "." + truncate(key), entry.getValue());
            }
        } else if (value instanceof List<?> array) {
            for (int i = 0; i < array.size(); i++) {
                checkMetadata(field + "[" + i + "]", array.get(i));
            }
        } else if (value instanceof String text) {
            requireNoNul(field, text);
            Unicode.requireWellFormed(field, text);
        } else if ((value instanceof Double || value instanceof Float) && !Double.isFinite(((Number) value).doubleValue())) {
            throw ProblemException.invalidField(field, "must be a finite number (at most about 1.8e308 in size)");
        }
    }

    /** PostgreSQL's jsonb cannot hold U+0000 (the escaped text "\\u0000" in a string is fine: it is not a NUL). */
    private static void requireNoNul(String field, String text) {
        if (text.indexOf('\u0000') >= 0) {
            throw ProblemException.invalidField(field, "must not contain NUL characters");
        }
    }

    private String validateKey(String key, int reserved) {
        if (key == null) {
            return null;
        }
        String k = key.strip();
        if (k.isEmpty() || k.length() > config.limits().idempotencyKeyChars() - reserved
                || k.chars().anyMatch(c -> c < 0x21 || c > 0x7e || c == POSITION_MARK)) {
            throw ProblemException.invalidField("Idempotency-Key", "must be 1 to "
                    + (config.limits().idempotencyKeyChars() - reserved) + " printable ASCII characters other than '"
                    + POSITION_MARK + "'");
        }
        return k;
    }

    /**
     * sha256 of the request in a canonical form, to tell a retry from a different message: the JSON of {content,
     * metadata, role} with every object's keys sorted (for a batch, the array of those), built from the metadata JSON
     * validation wrote rather than serialising the metadata again.
     */
    private String requestHash(Checked input) {
        return sha256(canonicalJson(input));
    }

    private String requestHash(List<Checked> inputs) {
        StringBuilder all = new StringBuilder("[");
        for (Checked input : inputs) {
            all.append(all.length() == 1 ? "" : ",").append(canonicalJson(input));
        }
        return sha256(all.append(']').toString());
    }

    private String canonicalJson(Checked input) {
        return "{\"content\":" + json(input.content()) + ",\"metadata\":"
                + (input.metadataJson() == null ? "null" : input.metadataJson()) + ",\"role\":" + json(input.role()) + "}";
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String json(Object value) {
        try {
            return canonical.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidField("metadata", "cannot be written as JSON");
        }
    }

    private static String truncate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
