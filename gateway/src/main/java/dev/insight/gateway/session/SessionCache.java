package dev.insight.gateway.session;

import dev.insight.gateway.config.GatewayConfig;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.pubsub.ReactivePubSubCommands;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each replica's short-lived copies of the sessions it has just seen, so that a busy client costs Redis one
 * round trip every couple of seconds instead of one per request.
 * <ul>
 * <li>A copy is used for at most the configured TTL (capped at a quarter of the idle timeout) and never past
 * the session's own expiry; then Redis is asked again, which also slides the expiry.</li>
 * <li>Revocations (logout, logout everywhere, account deletion) are published on {@value #CHANNEL}; every replica
 * drops its copies as the message arrives, the revoking one before it even answers.</li>
 * <li>Copies are used only while this replica's subscription to that channel is up: a replica that could miss a
 * revocation asks Redis every time.</li>
 * </ul>
 */
@ApplicationScoped
public class SessionCache {

    static final String CHANNEL = "gw:session-revocations";
    private static final long RESUBSCRIBE_MILLIS = 2000;

    private final ReactivePubSubCommands<String> pubsub;
    private final Vertx vertx;
    private final long ttlNanos;
    private final int maxEntries;
    private final ConcurrentHashMap<String, Copy> copies = new ConcurrentHashMap<>();
    /** Counts revocations seen here: a session read from Redis before one of them is not copied. */
    private final AtomicLong revocations = new AtomicLong();
    private volatile boolean listening;
    private volatile boolean stopped;

    public SessionCache(ReactiveRedisDataSource redis, Vertx vertx, GatewayConfig config) {
        this.pubsub = redis.pubsub(String.class);
        this.vertx = vertx;
        long ttl = config.session().localCacheTtl().toNanos();
        long quarterIdle = config.session().idleTimeout().toNanos() / 4;
        this.ttlNanos = Math.max(0, Math.min(ttl, quarterIdle));
        this.maxEntries = config.session().localCacheMaxEntries();
    }

    void start(@Observes StartupEvent event) {
        if (ttlNanos > 0) {
            subscribe();
            // copies of sessions not seen again (a closed browser, a one-off script) would stay until the map was
            // full, and then no new session could be copied: whatever outlived its time goes, every TTL or second
            vertx.setPeriodic(Math.max(1000, ttlNanos / 1_000_000), id -> purge());
        }
    }

    /** Drops every copy past its time to live or its session's expiry. */
    void purge() {
        long now = System.nanoTime();
        long wallNow = System.currentTimeMillis();
        copies.values().removeIf(copy -> now - copy.takenAt > ttlNanos || wallNow >= copy.session.expiresAt().toEpochMilli());
    }

    /** Whether this replica holds a copy of the session (for tests). */
    boolean holds(String key) {
        return copies.containsKey(key);
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /** The copy of a session, or null when there is none worth trusting. */
    public Session get(String key) {
        if (!listening) {
            return null;
        }
        Copy copy = copies.get(key);
        if (copy == null) {
            return null;
        }
        if (System.nanoTime() - copy.takenAt > ttlNanos || System.currentTimeMillis() >= copy.session.expiresAt().toEpochMilli()) {
            copies.remove(key, copy);
            return null;
        }
        return copy.session;
    }

    /** What to hand back to {@link #put} with a session read from Redis. */
    public long revocationsSeen() {
        return revocations.get();
    }

    /**
     * Keeps a copy of a session just read from Redis, unless a revocation arrived while it was being read (the
     * copy could then outlive a logout).
     */
    public void put(Session session, long revocationsBeforeRead) {
        if (listening && revocations.get() == revocationsBeforeRead
                && (copies.size() < maxEntries || copies.containsKey(session.key()))) {
            copies.put(session.key(), new Copy(session, System.nanoTime()));
        }
    }

    /** Keeps a renewed identity token with the copy, so the next requests reuse it. */
    public void withJwt(Session session, String jwt, long expiresAtMillis) {
        copies.computeIfPresent(session.key(), (key, copy) -> new Copy(new Session(key, copy.session.userId(),
                copy.session.username(), copy.session.csrfToken(), copy.session.expiresAt(), jwt, expiresAtMillis), copy.takenAt));
    }

    /** Drops the copy here and tells the other replicas to drop theirs. */
    public Uni<Void> revoked(Session session) {
        evict("s:" + session.key());
        return announce("s:" + session.key());
    }

    public Uni<Void> revokedAll(UUID userId) {
        evict("u:" + userId);
        return announce("u:" + userId);
    }

    private Uni<Void> announce(String message) {
        return pubsub.publish(CHANNEL, message)
                .onFailure().invoke(e -> Log.warnf("could not announce a revocation to the other replicas (their copies "
                        + "expire within %d ms): %s", ttlNanos / 1_000_000, e.toString()))
                .onFailure().recoverWithNull();
    }

    private void evict(String message) {
        revocations.incrementAndGet();
        if (message.startsWith("s:")) {
            copies.remove(message.substring(2));
        } else if (message.startsWith("u:")) {
            String user = message.substring(2);
            copies.values().removeIf(copy -> copy.session.userId().toString().equals(user));
        }
    }

    private void subscribe() {
        if (stopped) {
            return;
        }
        pubsub.subscribe(CHANNEL, this::evict, this::lost, failure -> lost())
                .subscribe().with(
                        subscriber -> {
                            // anything revoked while this replica was not listening may still be in a copy
                            copies.clear();
                            listening = true;
                            Log.debugf("listening for session revocations on %s", CHANNEL);
                        },
                        failure -> {
                            Log.debugf("cannot listen for session revocations yet: %s", failure.toString());
                            lost();
                        });
    }

    private void lost() {
        if (listening) {
            Log.infof("stopped listening for session revocations; every request asks Redis until it is back");
        }
        listening = false;
        copies.clear();
        if (!stopped) {
            vertx.setTimer(RESUBSCRIBE_MILLIS, id -> subscribe());
        }
    }

    private record Copy(Session session, long takenAt) {
    }
}
