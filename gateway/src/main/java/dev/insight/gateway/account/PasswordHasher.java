package dev.insight.gateway.account;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.support.problem.ProblemException;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * bcrypt through Quarkus' Elytron support. Hashing is deliberately slow CPU work (a quarter of a second at
 * cost 12), so it runs on a small dedicated worker pool, never on the event loop; a bounded number of jobs
 * may wait, past which callers get a 503 instead of an ever longer queue.
 */
@ApplicationScoped
public class PasswordHasher {

    private final WorkerExecutor workers;
    private final int cost;
    private final int maxJobs;
    private final AtomicInteger jobs = new AtomicInteger();
    private volatile String dummyHash;

    public PasswordHasher(Vertx vertx, GatewayConfig config) {
        GatewayConfig.Accounts accounts = config.accounts();
        this.cost = accounts.bcryptCost();
        this.maxJobs = accounts.hashingThreads() + accounts.hashingQueue();
        this.workers = vertx.createSharedWorkerExecutor("password-hashing", accounts.hashingThreads());
    }

    void prepare(@Observes StartupEvent event) {
        // the hash an unknown username is checked against, so that it costs exactly what a wrong password costs
        dummyHash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
    }

    public Uni<String> hash(String password) {
        return offload(() -> BcryptUtil.bcryptHash(password, cost));
    }

    /**
     * Whether the password matches; with no stored hash (unknown user) or a password bcrypt cannot take, the
     * same work is done against a dummy hash and the answer is false.
     */
    public Uni<Boolean> verify(String password, String storedHash) {
        boolean usable = storedHash != null && password.getBytes(StandardCharsets.UTF_8).length <= 72;
        return offload(() -> BcryptUtil.matches(password, usable ? storedHash : dummyHash()) && usable);
    }

    private String dummyHash() {
        String hash = dummyHash;
        if (hash == null) {
            hash = BcryptUtil.bcryptHash(UUID.randomUUID().toString(), cost);
            dummyHash = hash;
        }
        return hash;
    }

    private <T> Uni<T> offload(Callable<T> work) {
        return Uni.createFrom().deferred(() -> {
            if (jobs.incrementAndGet() > maxJobs) {
                jobs.decrementAndGet();
                Log.warnf("password hashing saturated (%d jobs); refusing", maxJobs);
                return Uni.createFrom().failure(new ProblemException(503, "Service Unavailable",
                        "Too many logins and registrations at once; retry in a moment.").withHeader("Retry-After", "1"));
            }
            // counted until the worker is done with it, not until the caller stops waiting: a caller that leaves
            // (its connection closed) does not take the job out of the workers' queue, so the job would otherwise
            // stop counting while it still waits there; one whose caller left before its turn skips the bcrypt
            AtomicBoolean left = new AtomicBoolean();
            Callable<T> unlessLeft = () -> {
                if (left.get()) {
                    throw new CancellationException("the caller left");
                }
                return work.call();
            };
            return Uni.createFrom().completionStage(() -> workers.executeBlocking(unlessLeft, false)
                            .onComplete(done -> jobs.decrementAndGet()).toCompletionStage())
                    .onCancellation().invoke(() -> left.set(true));
        });
    }

    @PreDestroy
    void close() {
        workers.close();
    }
}
