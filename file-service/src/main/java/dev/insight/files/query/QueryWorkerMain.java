package dev.insight.files.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.files.engine.DuckDb;
import dev.insight.support.problem.Problem;
import dev.insight.support.problem.ProblemException;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query worker: a process of its own that runs users' SQL for file-service (see {@link QueryWorkers}), one query
 * at a time, read from standard input and answered on standard output in {@link WorkerFrames}. Nothing of Quarkus
 * runs here: only DuckDB, the sandbox and JSON. A query that DuckDB cannot bound (a value built in memory its limit
 * does not count, a function that does not hear the cancel) ends this process, not the service.
 */
public final class QueryWorkerMain {

    /** The argument that makes the service's native executable a query worker (see dev.insight.files.Main). */
    public static final String ARGUMENT = "query-worker";

    @RegisterForReflection
    record Request(String parquet, String temp, String sql, QueryEngine.Limits limits) {
    }

    private QueryWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        // standard output carries frames only: anything printed goes to standard error, the service's log
        System.setOut(System.err);
        // when memory runs out in the pod, the kernel is to kill a worker, never the service
        try {
            Files.writeString(Path.of("/proc/self/oom_score_adj"), "1000");
        } catch (IOException | RuntimeException e) {
            // not Linux, or no /proc: only the service's own watch then
        }
        Thread loop = new Thread(null, () -> serve(in, out), "query", QueryEngine.STACK_BYTES);
        loop.start();
        loop.join();
        System.exit(0);
    }

    private static void serve(DataInputStream in, DataOutputStream out) {
        ObjectMapper json = new ObjectMapper();
        QueryEngine engine = null;
        try {
            // the native library loads (and unpacks) before the service is told this worker is ready
            DuckDb.loadDriver();
            try (Connection warm = DriverManager.getConnection("jdbc:duckdb:")) {
                warm.isValid(1);
            }
            WorkerFrames.write(out, WorkerFrames.READY, new byte[0]);
            while (true) {
                WorkerFrames.Frame frame;
                try {
                    frame = WorkerFrames.read(in, WorkerFrames.MAX_REQUEST_BYTES);
                } catch (EOFException e) {
                    return; // the service closed the pipe: it is done with this worker
                }
                Request request = json.readValue(frame.payload(), Request.class);
                if (engine == null || !engine.limits().equals(request.limits())) {
                    if (engine != null) {
                        engine.close();
                    }
                    engine = new QueryEngine(request.limits());
                }
                byte kind;
                byte[] payload;
                boolean last = false;
                try {
                    QueryResult result = engine.run(Path.of(request.parquet()), Path.of(request.temp()), request.sql());
                    kind = WorkerFrames.RESULT;
                    payload = json.writeValueAsBytes(result);
                } catch (ProblemException e) {
                    kind = WorkerFrames.PROBLEM;
                    payload = json.writeValueAsBytes(problem(e));
                } catch (OutOfMemoryError e) {
                    // this process's heap: answer, then make way for a fresh worker
                    kind = WorkerFrames.LAST_PROBLEM;
                    payload = json.writeValueAsBytes(problem(QueryEngine.outOfMemory()));
                    last = true;
                } catch (IOException | RuntimeException | StackOverflowError e) {
                    e.printStackTrace();
                    kind = WorkerFrames.FAILURE;
                    payload = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
                }
                WorkerFrames.write(out, kind, payload);
                if (last) {
                    return;
                }
            }
        } catch (Throwable e) {
            // the pipe is broken or this process cannot go on: the service sees it end and starts another
            e.printStackTrace();
        }
    }

    private static Map<String, Object> problem(ProblemException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", e.status());
        body.put("title", e.title());
        body.put("detail", e.getMessage());
        List<Problem.FieldError> errors = e.errors();
        if (errors != null) {
            // as maps: nothing here needs reflection on the support module's records (a native image has none)
            body.put("errors", errors.stream().map(f -> Map.of("field", f.field(), "message", f.message())).toList());
        }
        return body;
    }
}
