package dev.insight.chat.cache;

import dev.insight.cache.RedisCache;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.chat.config.ChatConfig;
import dev.insight.chat.provider.Answer;
import dev.insight.support.json.StrictJson;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Answers in Redis under {@code chat:answer:<user>:<hash>}. The hash covers everything the answer depends on —
 * provider, model, prompt version, the context the provider reads, every file's sha256 and the normalised
 * question — so a changed input can never be served an old answer. The user is in the key in clear so that
 * "forget me" can delete their entries by pattern.
 */
@ApplicationScoped
public class AnswerCache {

    static final String PREFIX = "chat:answer:";
    static final String LOCK_PREFIX = "chat:lock:";
    static final String FORGOTTEN_PREFIX = "chat:forgotten:";

    private final RedisCache redis;
    private final ObjectMapper json;
    private final ChatConfig.Cache config;

    public AnswerCache(RedisCache redis, ObjectMapper json, ChatConfig config) {
        this.redis = redis;
        this.json = json;
        this.config = config.cache();
    }

    /** What identifies an answer: see the class comment. {@code context} is empty for providers that ignore history. */
    public record Key(UUID user, String hash) {
        public String answerKey() {
            return PREFIX + user + ":" + hash;
        }

        public String lockKey() {
            return LOCK_PREFIX + user + ":" + hash;
        }
    }

    public static Key key(UUID user, String provider, String model, String promptVersion, String context,
            List<String> fileFingerprints, String question) {
        StringBuilder material = new StringBuilder();
        for (String part : List.of(provider, model, promptVersion, context)) {
            material.append(part.length()).append(':').append(part).append('\n');
        }
        material.append(fileFingerprints.size()).append('\n');
        for (String f : fileFingerprints) {
            material.append(f).append('\n');
        }
        material.append(normalise(question));
        return new Key(user, sha256(material.toString()));
    }

    /**
     * The question as the provider reads it, only without the spaces around it. Case and inner spacing are kept: they
     * can change an answer ("status = 'Active'" and "'ACTIVE'" are different values to DuckDB, "US" is a country and
     * "us" a pronoun, a model writes the literal it was given), and an answer served for another question is worse
     * than one computed again.
     */
    public static String normalise(String question) {
        return question.strip();
    }

    public Uni<Answer> get(Key key) {
        return redis.get(key.answerKey()).map(this::decode);
    }

    /**
     * Caches an answer, unless its user has been forgotten meanwhile: a question still being answered when "forget
     * me" ran would otherwise cache its answer after the deletion. Written first and checked after, so that either
     * this check sees the mark or the forgetting's deletion, which follows its mark, sees the entry.
     */
    public Uni<Void> put(Key key, Answer answer) {
        if (!answer.cacheable()) {
            return Uni.createFrom().voidItem();
        }
        return redis.put(key.answerKey(), encode(answer), config.ttl())
                .chain(() -> redis.get(FORGOTTEN_PREFIX + key.user()))
                .chain(forgotten -> forgotten == null ? Uni.createFrom().voidItem() : redis.delete(key.answerKey()));
    }

    /** Deletes a user's answers and locks, and keeps none computed from now until any answer under way is done. */
    public Uni<Void> forget(UUID user) {
        return redis.put(FORGOTTEN_PREFIX + user, "1", config.lockTtl())
                .chain(() -> redis.deleteMatching(PREFIX + user + ":*"))
                .chain(() -> redis.deleteMatching(LOCK_PREFIX + user + ":*"));
    }

    private String encode(Answer answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer is not serializable", e);
        }
    }

    private Answer decode(String cached) {
        if (cached == null) {
            return null;
        }
        try {
            return json.readerFor(Answer.class).without(StrictJson.LENIENT).readValue(cached);
        } catch (JsonProcessingException e) {
            Log.warnf("ignoring unreadable cached answer: %s", e.getOriginalMessage());
            return null;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
