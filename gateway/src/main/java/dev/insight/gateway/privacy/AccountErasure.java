package dev.insight.gateway.privacy;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.routing.Upstream;
import dev.insight.gateway.routing.UpstreamFailure;
import dev.insight.gateway.routing.Upstreams;
import dev.insight.gateway.session.SessionStore;
import dev.insight.gateway.token.IdentityTokens;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * "Forget me". The account and every session end at once; each service is then asked to delete what it holds
 * for the user (DELETE /api/me/data with a JWT minted for them). A service that is down must not keep the
 * person's data forever nor keep their account alive: its erasure is queued in auth.pending_erasure (in the
 * same transaction that deletes the account) and retried with backoff until it succeeds.
 */
@ApplicationScoped
public class AccountErasure {

    private static final TypeLiteral<Uni<Integer>> STATUS = new TypeLiteral<>() {
    };

    private final Pool db;
    private final SessionStore sessions;
    private final Upstreams upstreams;
    private final IdentityTokens tokens;
    private final GatewayConfig.Erasure config;

    public AccountErasure(Pool db, SessionStore sessions, Upstreams upstreams, IdentityTokens tokens, GatewayConfig config) {
        this.db = db;
        this.sessions = sessions;
        this.upstreams = upstreams;
        this.tokens = tokens;
        this.config = config.erasure();
    }

    /** Deletes the account and its sessions and asks every service to forget the user; returns the services still pending. */
    public Uni<List<String>> forget(UUID userId, String username) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // leased to this first attempt: the retry job leaves the rows alone until it had its chance (or crashed)
        OffsetDateTime firstRetry = now.plus(config.callTimeout().multipliedBy(3));
        // sessions first, with a tombstone that refuses new ones: a login that checked the password a moment
        // before the account goes cannot leave a session behind; if the account cannot be deleted, it may log in again
        return sessions.bury(userId)
                .chain(() -> db.withTransaction(conn -> conn
                        .preparedQuery("delete from auth.account where id = $1").execute(Tuple.of(userId))
                        .chain(() -> conn.preparedQuery("insert into auth.pending_erasure "
                                + "(user_id, username, service, next_attempt_at, created_at) values ($1, $2, $3, $4, $5) "
                                + "on conflict do nothing")
                                .executeBatch(upstreams.all().stream()
                                        .map(u -> Tuple.of(userId, username, u.key(), firstRetry, now)).toList()))))
                // not deleted after all (a store failed, the caller left): the account may log in again
                .onFailure().call(() -> sessions.unbury(userId).onFailure().recoverWithNull())
                .onCancellation().call(() -> sessions.unbury(userId).onFailure().recoverWithNull())
                .invoke(() -> Log.infof("deleted account %s; asking the services to forget it", userId))
                .chain(() -> Uni.join().all(upstreams.all().stream().map(u -> attempt(u, userId, username)).toList())
                        .andCollectFailures())
                .map(outcomes -> {
                    List<String> pending = new ArrayList<>();
                    for (int i = 0; i < outcomes.size(); i++) {
                        if (!outcomes.get(i)) {
                            pending.add(upstreams.all().get(i).name());
                        }
                    }
                    return pending;
                });
    }

    /** One retry round over the queue: claims due rows (a lease, so replicas never double up) and tries them. */
    public Uni<Integer> retryDue() {
        Duration lease = config.callTimeout().multipliedBy(3);
        return db.preparedQuery("update auth.pending_erasure set next_attempt_at = now() + make_interval(secs => $1) "
                + "where (user_id, service) in (select user_id, service from auth.pending_erasure "
                + "where next_attempt_at <= now() order by next_attempt_at limit $2 for update skip locked) "
                + "returning user_id, username, service")
                .execute(Tuple.of((double) lease.toSeconds(), config.batchSize()))
                .chain(rows -> {
                    List<Uni<Boolean>> attempts = new ArrayList<>();
                    for (Row row : rows) {
                        Upstream upstream = byKey(row.getString("service"));
                        if (upstream != null) {
                            attempts.add(attempt(upstream, row.getUUID("user_id"), row.getString("username")));
                        }
                    }
                    if (attempts.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return Uni.join().all(attempts).andCollectFailures().map(List::size);
                });
    }

    /** Calls one service; records the outcome in the queue (row deleted on success, backoff on failure). */
    private Uni<Boolean> attempt(Upstream upstream, UUID userId, String username) {
        return call(upstream, userId, username)
                // only a 2xx confirms: a 404 says the endpoint was not found (a wrong upstream, an old version),
                // not that the data is gone
                .map(status -> {
                    if (status / 100 != 2) {
                        Log.warnf("%s answered %d to forgetting user %s; asking again later", upstream.name(), status, userId);
                    }
                    return status / 100 == 2;
                })
                .onFailure().recoverWithItem(e -> {
                    Log.warnf("%s could not forget user %s yet: %s", upstream.name(), userId, e.toString());
                    return false;
                })
                .call(done -> done ? succeeded(upstream, userId) : failed(upstream, userId))
                .onFailure().recoverWithItem(e -> {
                    Log.errorf("cannot record the erasure state of %s at %s: %s", userId, upstream.name(), e.toString());
                    return false;
                });
    }

    private Uni<Integer> call(Upstream upstream, UUID userId, String username) {
        RequestOptions options = upstream.request(HttpMethod.DELETE, "/api/me/data")
                .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.mint(userId, username).token())
                .setIdleTimeout(config.callTimeout().toMillis());
        return upstream.guard().get(() -> Uni.createFrom().completionStage(() -> upstream.client().request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response))
                .toCompletionStage())
                .onFailure().transform(e -> new UpstreamFailure(UpstreamFailure.Kind.UNREACHABLE,
                        upstream.name() + ": " + e, e))
                // counted by the breaker the way a relayed answer is: a service that says it cannot serve
                .map(response -> {
                    int status = response.statusCode();
                    if (UpstreamFailure.isUnhealthy(status, response.getHeader("Retry-After"))) {
                        throw UpstreamFailure.unhealthy(upstream.name(), status);
                    }
                    return status;
                }), STATUS);
    }

    private Uni<Void> succeeded(Upstream upstream, UUID userId) {
        Log.infof("%s forgot user %s", upstream.name(), userId);
        return db.preparedQuery("delete from auth.pending_erasure where user_id = $1 and service = $2")
                .execute(Tuple.of(userId, upstream.key())).replaceWithVoid();
    }

    private Uni<Void> failed(Upstream upstream, UUID userId) {
        // exponential backoff from the retry interval, capped at an hour
        return db.preparedQuery("update auth.pending_erasure set attempts = attempts + 1, "
                + "next_attempt_at = now() + make_interval(secs => least(3600, $3 * power(2, least(attempts, 10)))), "
                + "last_error = $4 where user_id = $1 and service = $2")
                .execute(Tuple.of(userId, upstream.key(), (double) config.retryInterval().toSeconds(),
                        "not confirmed by " + upstream.name()))
                .replaceWithVoid();
    }

    private Upstream byKey(String key) {
        return upstreams.all().stream().filter(u -> u.key().equals(key)).findFirst().orElse(null);
    }
}
