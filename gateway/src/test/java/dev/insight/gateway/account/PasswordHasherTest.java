package dev.insight.gateway.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.insight.gateway.config.GatewayConfig;
import dev.insight.gateway.testing.FakeUpstreams;
import dev.insight.gateway.testing.TestKeys;
import dev.insight.support.problem.ProblemException;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A hashing job whose caller left (its connection closed) still counts against the pool's bound until a worker is
 * done with it — it stays in the workers' queue either way — so that callers who leave cannot grow the queue past
 * its bound; when its turn comes it skips the bcrypt.
 */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(FakeUpstreams.class)
class PasswordHasherTest {

    @Inject
    PasswordHasher hasher;

    @Inject
    GatewayConfig config;

    @Test
    void jobsWhoseCallerLeftCountUntilAWorkerIsDoneWithThem() throws Exception {
        int threads = config.accounts().hashingThreads();
        int queue = config.accounts().hashingQueue();
        // every worker busy for about a second: a stored hash of a higher cost than the test profile's
        String slow = BcryptUtil.bcryptHash("secret", 14);
        List<CompletableFuture<Boolean>> busy = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            busy.add(hasher.verify("secret", slow).subscribeAsCompletionStage());
        }
        // the queue filled by callers who leave at once
        List<Cancellable> left = new ArrayList<>();
        for (int i = 0; i < queue; i++) {
            left.add(hasher.hash("password " + i).subscribe().with(hash -> { }, failure -> { }));
        }
        left.forEach(Cancellable::cancel);

        Throwable refused = catchThrowable(() -> hasher.hash("one more").await().atMost(Duration.ofSeconds(5)));
        assertThat(refused).isInstanceOf(ProblemException.class);
        assertThat(((ProblemException) refused).status()).isEqualTo(503);
        for (CompletableFuture<Boolean> job : busy) {
            assertThat(job.get(30, TimeUnit.SECONDS)).isTrue();
        }
        // the abandoned jobs then go through without hashing, and the pool takes work again
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String hash = null;
        while (hash == null && System.nanoTime() < deadline) {
            try {
                hash = hasher.hash("after").await().atMost(Duration.ofSeconds(5));
            } catch (ProblemException stillFull) {
                Thread.sleep(100);
            }
        }
        assertThat(hash).startsWith("$2");
    }
}
