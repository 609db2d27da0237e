package dev.insight.gateway.session;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.redis.LuaScript;
import dev.insight.support.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sessions live only in Redis (key {@code gw:s:<sha256 of token>}, a hash), with a per-user index
 * ({@code gw:u:<user id>}, a set of session keys) so that every session of a person can be revoked at once.
 * Each operation is one Lua script: one round trip, atomic.
 */
@ApplicationScoped
public class SessionStore {

    static final String SESSION_PREFIX = "gw:s:";
    static final String USER_PREFIX = "gw:u:";
    static final String DELETED_PREFIX = "gw:deleted:";

    // HSET the session, give it its idle TTL, index it under its user and drop index entries of ended sessions;
    // nothing for a user whose account was deleted (KEYS[3], the tombstone): 0
    private static final LuaScript CREATE = new LuaScript("""
            if redis.call('EXISTS', KEYS[3]) == 1 then return 0 end
            redis.call('HSET', KEYS[1], 'uid', ARGV[1], 'name', ARGV[2], 'abs', ARGV[3], 'csrf', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            for _, member in ipairs(redis.call('SMEMBERS', KEYS[2])) do
              if redis.call('EXISTS', member) == 0 then redis.call('SREM', KEYS[2], member) end
            end
            redis.call('SADD', KEYS[2], KEYS[1])
            if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[6]) then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
            return 1
            """);

    // read the session and slide its expiry, never past its absolute end (ARGV: now ms, idle ms)
    private static final LuaScript TOUCH = new LuaScript("""
            local v = redis.call('HMGET', KEYS[1], 'uid', 'name', 'abs', 'csrf', 'jwt', 'jwtexp')
            if not v[1] then return false end
            local left = tonumber(v[3]) - tonumber(ARGV[1])
            if left <= 0 then redis.call('DEL', KEYS[1]) return false end
            local ttl = math.min(tonumber(ARGV[2]), left)
            redis.call('PEXPIRE', KEYS[1], ttl)
            v[7] = tostring(ttl)
            return v
            """);

    // cache the session's identity token, unless the session ended meanwhile (never resurrect a revoked key)
    private static final LuaScript STORE_JWT = new LuaScript("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              redis.call('HSET', KEYS[1], 'jwt', ARGV[1], 'jwtexp', ARGV[2])
            end
            return 1
            """);

    private static final LuaScript REVOKE = new LuaScript("""
            redis.call('DEL', KEYS[1])
            redis.call('SREM', KEYS[2], KEYS[1])
            return 1
            """);

    // every session of a user; with KEYS[2], first the tombstone of a deleted account (ARGV[1] ms: no session can
    // be created for it while one could still live)
    private static final LuaScript REVOKE_ALL = new LuaScript("""
            if KEYS[2] then redis.call('SET', KEYS[2], '1', 'PX', ARGV[1]) end
            local members = redis.call('SMEMBERS', KEYS[1])
            for _, member in ipairs(members) do redis.call('DEL', member) end
            redis.call('DEL', KEYS[1])
            return #members
            """);

    private final ReactiveRedisDataSource redis;
    private final SessionCache cache;
    private final GatewayConfig.Session config;

    public SessionStore(ReactiveRedisDataSource redis, SessionCache cache, GatewayConfig config) {
        this.redis = redis;
        this.cache = cache;
        this.config = config.session();
    }

    /** The Redis key of the session a token names. */
    public static String keyOf(String token) {
        return SESSION_PREFIX + SessionTokens.digest(token);
    }

    /** A new session; the returned token is the only place the secret exists outside the caller. */
    public Uni<NewSession> create(UUID userId, String username) {
        String token = SessionTokens.newToken();
        String csrf = SessionTokens.newCsrfToken();
        String key = keyOf(token);
        long now = System.currentTimeMillis();
        long idle = config.idleTimeout().toMillis();
        long absolute = config.absoluteTimeout().toMillis();
        long absoluteEnd = now + absolute;
        Instant expiresAt = Instant.ofEpochMilli(now + Math.min(idle, absolute));
        return bounded(CREATE.run(redis, List.of(key, USER_PREFIX + userId, DELETED_PREFIX + userId), userId.toString(),
                username, Long.toString(absoluteEnd), csrf, Long.toString(Math.min(idle, absolute)), Long.toString(absolute)))
                .map(created -> {
                    if (created.toInteger() == 0) {
                        // a login that checked the password just before the account was deleted
                        throw SessionAuthenticator.unauthorized("Wrong username or password.");
                    }
                    return new NewSession(token, new Session(key, userId, username, csrf, expiresAt, null, 0));
                });
    }

    /** The session a token names, its expiry slid forward; null when it does not exist or has ended. */
    public Uni<Session> touch(String token) {
        String key = keyOf(token);
        long now = System.currentTimeMillis();
        return bounded(TOUCH.run(redis, List.of(key), Long.toString(now), Long.toString(config.idleTimeout().toMillis())))
                .map(r -> {
                    if (r == null || r.size() < 7) {
                        return null;
                    }
                    UUID user;
                    try {
                        user = UUID.fromString(r.get(0).toString());
                    } catch (IllegalArgumentException e) {
                        Log.warnf("session %s holds no valid user id; ignoring it", key);
                        return null;
                    }
                    String jwt = r.get(4) == null ? null : r.get(4).toString();
                    long jwtExp = r.get(5) == null ? 0 : Long.parseLong(r.get(5).toString());
                    Instant expiresAt = Instant.ofEpochMilli(now + Long.parseLong(r.get(6).toString()));
                    return new Session(key, user, r.get(1).toString(), r.get(3) == null ? "" : r.get(3).toString(),
                            expiresAt, jwt, jwtExp);
                });
    }

    public Uni<Void> storeJwt(Session session, String jwt, long expiresAtMillis) {
        cache.withJwt(session, jwt, expiresAtMillis);
        return bounded(STORE_JWT.run(redis, List.of(session.key()), jwt, Long.toString(expiresAtMillis))).replaceWithVoid();
    }

    /** Ends one session, here and (through the revocation channel) in every replica's copies. */
    public Uni<Void> revoke(Session session) {
        return bounded(REVOKE.run(redis, List.of(session.key(), USER_PREFIX + session.userId())))
                .chain(() -> cache.revoked(session));
    }

    /**
     * For an account about to be deleted: no new session for it from now on (for as long as a session can live, the
     * absolute timeout), and every session it has ended. A login that checked the password a moment before gets 401.
     */
    public Uni<Integer> bury(UUID userId) {
        return bounded(REVOKE_ALL.run(redis, List.of(USER_PREFIX + userId, DELETED_PREFIX + userId),
                Long.toString(config.absoluteTimeout().toMillis()))).map(Response::toInteger)
                .call(() -> cache.revokedAll(userId));
    }

    /** Takes a tombstone back: the account it was set for could not be deleted after all. */
    public Uni<Void> unbury(UUID userId) {
        return bounded(redis.execute("DEL", DELETED_PREFIX + userId)).replaceWithVoid();
    }

    /** Ends every session of a user at once; returns how many there were. */
    public Uni<Integer> revokeAll(UUID userId) {
        return bounded(REVOKE_ALL.run(redis, List.of(USER_PREFIX + userId))).map(Response::toInteger)
                .call(() -> cache.revokedAll(userId));
    }

    private Uni<Response> bounded(Uni<Response> call) {
        Duration timeout = config.storeTimeout();
        return call.ifNoItem().after(timeout).fail()
                .onFailure().transform(SessionStore::unavailable);
    }

    static ProblemException unavailable(Throwable cause) {
        if (cause instanceof ProblemException p) {
            return p;
        }
        Log.warnf("session store (Redis) unavailable: %s", cause.toString());
        return new ProblemException(503, "Service Unavailable",
                "Sessions are unavailable right now (the session store does not answer); retry shortly.")
                .withHeader("Retry-After", "5");
    }

    /** The token of a new session (shown once) and the session itself. */
    public record NewSession(String token, Session session) {
    }
}
