package dev.insight.files.storage;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Creates the bucket at start when it is missing. S3 being down at start is not fatal: readiness reports it and
 * the readiness check creates the bucket once S3 answers. */
@ApplicationScoped
public class BucketSetup {

    void onStart(@Observes StartupEvent event, ObjectStore store) {
        try {
            store.ensureBucket();
        } catch (RuntimeException e) {
            Log.warnf("bucket %s not reachable at start (readiness stays down until it is): %s", store.bucket(), e.toString());
        }
    }
}
