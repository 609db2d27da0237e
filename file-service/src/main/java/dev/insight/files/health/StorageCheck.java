package dev.insight.files.health;

import dev.insight.files.storage.ObjectStore;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** S3 is where every file lives: without its bucket, file-service cannot serve, so it is not ready. */
@Readiness
@ApplicationScoped
public class StorageCheck implements AsyncHealthCheck {

    private final ObjectStore store;

    public StorageCheck(ObjectStore store) {
        this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        // the S3 client blocks: ask on a worker thread, and never wait longer than a probe allows
        return VertxContextSupport.executeBlocking(() -> {
            store.ping();
            return HealthCheckResponse.named("s3").up().withData("bucket", store.bucket()).build();
        }).ifNoItem().after(Duration.ofSeconds(3)).fail()
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named("s3").down()
                        .withData("bucket", store.bucket())
                        .withData("error", e.getClass().getSimpleName()).build());
    }
}
