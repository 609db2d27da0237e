package dev.insight.chat.cache;

import dev.insight.cache.RedisCache;
import dev.insight.chat.config.ChatConfig;
import dev.insight.chat.provider.Answer;
import dev.insight.chat.provider.ProviderEvent;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Identical concurrent questions compute once. In this replica the first asker leads and the others wait on
 * its result; across replicas the leader holds a Redis lock ({@code chat:lock:…}) and askers elsewhere poll the
 * cache until the answer lands or the lock goes away. If Redis is down every replica computes for itself — slower,
 * never wrong. A leader that fails passes its failure to its local followers; a leader that is abandoned (client
 * gone) hands the question to them: one of them leads it anew. A follower that leaves affects no one else.
 */
@ApplicationScoped
public class SingleFlight {

    /** How an answer was obtained: computed here (events stream live) or taken from someone else (replayed). */
    public sealed interface Outcome {
        record Computed(Multi<ProviderEvent> events) implements Outcome {
        }

        record Shared(Answer answer) implements Outcome {
        }
    }

    private final ConcurrentHashMap<String, CompletableFuture<Answer>> flights = new ConcurrentHashMap<>();
    private final AnswerCache cache;
    private final RedisCache redis;
    private final ChatConfig.Cache config;

    public SingleFlight(AnswerCache cache, RedisCache redis, ChatConfig config) {
        this.cache = cache;
        this.redis = redis;
        this.config = config.cache();
    }

    /**
     * @param key     the answer's cache key
     * @param compute the provider run, subscribed at most once and only if this caller leads
     */
    public Uni<Outcome> run(AnswerCache.Key key, Supplier<Multi<ProviderEvent>> compute) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Answer> mine = new CompletableFuture<>();
            CompletableFuture<Answer> existing = flights.putIfAbsent(key.answerKey(), mine);
            if (existing != null) {
                return follow(existing, key, compute);
            }
            String token = UUID.randomUUID().toString();
            AtomicReference<String> held = new AtomicReference<>();
            return redis.tryLock(key.lockKey(), token, config.lockTtl()).chain(locked -> {
                if (Boolean.FALSE.equals(locked)) {
                    return awaitOtherReplica(key, Duration.ZERO).chain(answer -> {
                        if (answer != null) {
                            mine.complete(answer);
                            flights.remove(key.answerKey(), mine);
                            return Uni.createFrom().item((Outcome) new Outcome.Shared(answer));
                        }
                        return Uni.createFrom().item(lead(key, mine, null, compute));
                    });
                }
                if (Boolean.TRUE.equals(locked)) {
                    held.set(token);
                }
                // an asker that finished between our cache miss and our claim has cached its answer: look once more
                return cache.get(key).chain(answer -> {
                    if (answer == null) {
                        return Uni.createFrom().item(lead(key, mine, held.get(), compute));
                    }
                    mine.complete(answer);
                    flights.remove(key.answerKey(), mine);
                    Uni<Void> release = held.get() == null ? Uni.createFrom().voidItem() : redis.release(key.lockKey(), token);
                    return release.replaceWith((Outcome) new Outcome.Shared(answer));
                });
            }).onFailure().call(f -> abandon(key, mine, held.get(), () -> mine.completeExceptionally(f)))
                    // the asker left before the flight was handed to it (or while it waited for another replica): no
                    // one will run it, so its followers are released and the flight and its lock go at once
                    .onCancellation().call(() -> abandon(key, mine, held.get(), () -> mine.complete(null)));
        });
    }

    /**
     * Takes a flight out of the map, then ends it: a follower woken by the end finds the question open (and may lead
     * it) rather than the finished flight again.
     */
    private Uni<Void> abandon(AnswerCache.Key key, CompletableFuture<Answer> flight, String lockToken, Runnable end) {
        flights.remove(key.answerKey(), flight);
        end.run();
        return lockToken == null ? Uni.createFrom().voidItem() : redis.release(key.lockKey(), lockToken);
    }

    /**
     * Waits for this replica's leader. Each follower waits on a copy of the flight, so that one that leaves (its
     * client gone, its wait over) cancels only its own wait, never the flight the others wait on. A leader that
     * gave up without an answer (its client left) leaves the question open: the first follower to come back leads
     * it anew and the others follow that one. Past {@code max-wait} a follower computes on its own.
     */
    private Uni<Outcome> follow(CompletableFuture<Answer> leader, AnswerCache.Key key,
            Supplier<Multi<ProviderEvent>> compute) {
        // the leader completes on its own request's context: come back to ours (its MDC, its event loop)
        Context mine = Vertx.currentContext();
        return Uni.createFrom().completionStage(leader::copy)
                .emitOn(mine == null ? Runnable::run : task -> mine.runOnContext(v -> task.run()))
                .chain(answer -> answer != null ? Uni.createFrom().item((Outcome) new Outcome.Shared(answer))
                        : run(key, compute))
                .ifNoItem().after(config.maxWait()).recoverWithItem(() -> new Outcome.Computed(compute.get()));
    }

    private Outcome lead(AnswerCache.Key key, CompletableFuture<Answer> flight, String lockToken,
            Supplier<Multi<ProviderEvent>> compute) {
        Multi<ProviderEvent> events = Multi.createFrom().<ProviderEvent>deferred(compute::get)
                .onItem().call(event -> event instanceof ProviderEvent.Completed done
                        ? cache.put(key, done.answer()).invoke(() -> flight.complete(done.answer()))
                        : Uni.createFrom().voidItem())
                .onFailure().invoke(f -> {
                    flights.remove(key.answerKey(), flight);
                    flight.completeExceptionally(f);
                })
                .onCancellation().invoke(() -> {
                    flights.remove(key.answerKey(), flight);
                    flight.complete(null);
                })
                .onTermination().call(() -> {
                    flights.remove(key.answerKey(), flight);
                    if (!flight.isDone()) {
                        flight.complete(null);
                    }
                    return lockToken == null ? Uni.createFrom().voidItem() : redis.release(key.lockKey(), lockToken);
                });
        return new Outcome.Computed(events);
    }

    /** Polls the cache while another replica holds the lock; null when it let go without an answer or took too long. */
    private Uni<Answer> awaitOtherReplica(AnswerCache.Key key, Duration waited) {
        if (waited.compareTo(config.maxWait()) >= 0) {
            Log.warnf("gave up waiting for another replica's answer after %s; computing here", waited);
            return Uni.createFrom().nullItem();
        }
        return cache.get(key).chain(answer -> {
            if (answer != null) {
                return Uni.createFrom().item(answer);
            }
            return redis.exists(key.lockKey()).chain(held -> {
                if (!Boolean.TRUE.equals(held)) {
                    // the lock is gone: one last look, the answer may have landed just before it was released
                    return cache.get(key);
                }
                return Uni.createFrom().voidItem().onItem().delayIt().by(config.pollInterval())
                        .chain(() -> awaitOtherReplica(key, waited.plus(config.pollInterval())));
            });
        });
    }
}
