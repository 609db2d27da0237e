package dev.insight.gateway.privacy;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Keeps asking services to forget deleted users until every one of them has confirmed. */
@ApplicationScoped
public class ErasureRetries {

    private final AccountErasure erasure;

    public ErasureRetries(AccountErasure erasure) {
        this.erasure = erasure;
    }

    @Scheduled(every = "${gateway.erasure.retry-interval}", delayed = "${gateway.erasure.retry-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> retry() {
        return erasure.retryDue()
                .invoke(n -> {
                    if (n > 0) {
                        Log.infof("retried %d pending erasures", n);
                    }
                })
                .onFailure().invoke(e -> Log.warnf("erasure retry round failed: %s", e.toString()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
