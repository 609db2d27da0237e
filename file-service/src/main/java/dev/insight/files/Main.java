package dev.insight.files;

import dev.insight.files.query.QueryWorkerMain;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * file-service's entry point: the service, or, given {@value QueryWorkerMain#ARGUMENT}, one of its query worker
 * processes. A JVM starts a worker with its class directly; a native executable has only this one entry, so it starts
 * itself with the argument.
 */
@QuarkusMain
public final class Main {

    private Main() {
    }

    public static void main(String... args) throws Exception {
        if (args.length > 0 && QueryWorkerMain.ARGUMENT.equals(args[args.length - 1])) {
            QueryWorkerMain.main(args);
            return;
        }
        Quarkus.run(args);
    }
}
