package dev.insight.files.processing;

import dev.insight.files.storage.S3Failures;
import java.net.ConnectException;

/** Whether a processing failure came from a backing store being unreachable or failing, not from the file. */
final class StoreOutage {

    private static final S3Failures S3 = new S3Failures();

    private StoreOutage() {
    }

    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            String name = t.getClass().getName();
            if (S3.isUnavailable(t) || t instanceof ConnectException
                    || name.equals("io.vertx.sqlclient.ClosedConnectionException")
                    || name.equals("io.vertx.core.impl.NoStackTraceTimeoutException")
                    || name.equals("io.vertx.core.http.ConnectionPoolTooBusyException")) {
                return true;
            }
        }
        return false;
    }
}
