package dev.insight.support.web;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.CancellationException;

/**
 * When a client disconnects, its request's pipeline is cancelled, and a future inside it may still complete with a
 * CancellationException that nobody is subscribed to any more. Mutiny reports such dropped failures at ERROR with
 * a stack trace: under load, one per abandoned request, which costs more CPU than the requests themselves. Those
 * are logged at DEBUG; every other dropped failure is still an ERROR.
 */
@ApplicationScoped
public class CancelledRequests {

    void onStart(@Observes StartupEvent event) {
        Infrastructure.setDroppedExceptionHandler(failure -> {
            if (failure instanceof CancellationException) {
                Log.debugf("dropped after cancellation (the client went away): %s", failure.toString());
            } else {
                Log.errorf(failure, "Mutiny had to drop the following exception");
            }
        });
    }
}
