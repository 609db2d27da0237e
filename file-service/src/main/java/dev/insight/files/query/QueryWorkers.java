package dev.insight.files.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.files.config.FilesConfig;
import dev.insight.files.engine.WorkDirectory;
import dev.insight.support.problem.Problem;
import dev.insight.support.problem.ProblemException;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The query worker processes of this replica. Users' SQL runs in them, not in the service: DuckDB's memory limit
 * does not count every allocation (a list or string a query builds: {@code SELECT list(range(30000000))} takes
 * gigabytes) and some functions never hear a cancel, and either would otherwise take the whole replica down (an
 * OOM-killed pod) or keep a query slot forever. A worker that grows past {@code files.query.worker-memory} or
 * outlives the time limit is killed and its query answered 422; the next query gets another worker.
 *
 * <p>Workers are kept between queries (a process start costs about a second of CPU): at most one per query slot,
 * {@code files.query.warm-workers} of them started ahead. Blocking (process pipes): callers run on worker threads.
 */
@ApplicationScoped
public class QueryWorkers {

    /** Beyond the query's own time limit, which the worker enforces itself: room to say so before being killed. */
    static final long GRACE_MILLIS = 2_000;
    /** Longest a worker may take to start (a cold JVM on a busy node). */
    static final long START_MILLIS = 60_000;
    /** Queries a worker runs before it is replaced, so that no fragmentation or leak accumulates. */
    static final int MAX_USES = 500;

    private final FilesConfig config;
    private final WorkDirectory work;
    private final ObjectMapper json = new ObjectMapper();
    private final Deque<QueryWorker> idle = new ArrayDeque<>();
    private final Set<QueryWorker> all = ConcurrentHashMap.newKeySet();
    /** Names this service instance's worker directories, so that a restart can tell its predecessors' apart. */
    private final String instance = ProcessHandle.current().pid() + "-" + System.currentTimeMillis();
    private final AtomicLong started = new AtomicLong();
    private final AtomicBoolean warming = new AtomicBoolean();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "query-watchdog");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "query-worker-start");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopped;

    public QueryWorkers(FilesConfig config, WorkDirectory work) {
        this.config = config;
        this.work = work;
    }

    void onStart(@Observes StartupEvent event) {
        sweepPredecessors();
        warm();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopped = true;
        starter.shutdownNow();
        all.forEach(QueryWorker::end);
        watchdog.shutdownNow();
    }

    /** The limits every query runs under, from the configuration. */
    QueryEngine.Limits limits() {
        FilesConfig.Query q = config.query();
        return new QueryEngine.Limits(config.engine().memoryLimit(), config.engine().threads(),
                config.engine().maxTempSize(), q.maxRows(), q.maxResultSize().asLongValue(), q.timeout().toMillis(),
                config.limits().maxColumns(), config.limits().sqlChars());
    }

    /** Runs the query in a worker: the result's JSON, or the problem the worker found, thrown. */
    byte[] run(Path parquet, Path temp, String sql) {
        QueryEngine.Limits limits = limits();
        byte[] request;
        try {
            request = json.writeValueAsBytes(new QueryWorkerMain.Request(parquet.toString(), temp.toString(), sql, limits));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        long maxResident = config.query().workerMemory().asLongValue();
        // a result is bounded by max-result-size as its values' text, plus its JSON syntax (10,000 rows at most)
        int maxAnswer = (int) Math.min(Integer.MAX_VALUE - 8, 2 * limits.maxBytes() + (16 << 20));
        for (int attempt = 1;; attempt++) {
            QueryWorker worker = borrow();
            WorkerFrames.Frame answer = null;
            try {
                try {
                    worker.send(request);
                } catch (IOException e) {
                    // an idle worker that died since its last query: another one, once
                    if (attempt == 1) {
                        continue;
                    }
                    throw unavailable(e);
                }
                try {
                    answer = worker.await(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.timeoutMillis() + GRACE_MILLIS),
                            maxResident, maxAnswer, watchdog);
                } catch (IOException e) {
                    throw ended(worker, limits, e);
                }
            } finally {
                // only a worker that answered in full, and was not ended meanwhile, takes another query
                if (answer != null && worker.ending() == null && answer.kind() != WorkerFrames.LAST_PROBLEM
                        && KNOWN.contains(answer.kind())) {
                    giveBack(worker);
                } else {
                    discard(worker);
                }
            }
            return switch (answer.kind()) {
                case WorkerFrames.RESULT -> answer.payload();
                case WorkerFrames.PROBLEM, WorkerFrames.LAST_PROBLEM -> throw problem(answer.payload());
                case WorkerFrames.FAILURE -> throw new IllegalStateException("the query failed in its worker: "
                        + new String(answer.payload(), StandardCharsets.UTF_8));
                default -> throw new IllegalStateException("a query worker answered with a frame of kind " + answer.kind());
            };
        }
    }

    private static final Set<Byte> KNOWN = Set.of(WorkerFrames.RESULT, WorkerFrames.PROBLEM, WorkerFrames.FAILURE);

    private RuntimeException ended(QueryWorker worker, QueryEngine.Limits limits, IOException e) {
        QueryWorker.Ending ending = worker.ending();
        if (ending == QueryWorker.Ending.TIME) {
            return QueryEngine.timeLimit(limits);
        }
        if (ending == QueryWorker.Ending.MEMORY) {
            return QueryEngine.outOfMemory();
        }
        if (stopped) {
            // ended by this service's shutdown, which kills its workers as the kernel would
            return new ProblemException(503, "Service Unavailable", "This replica is stopping; retry shortly.")
                    .withHeader("Retry-After", "1");
        }
        if (worker.killedFromOutside()) {
            // by the kernel when the pod's memory ran out (workers go first: oom_score_adj 1000)
            return QueryEngine.outOfMemory();
        }
        // DuckDB crashed under a query: the service is fine, this query is not
        return new IllegalStateException("the query worker " + worker.pid() + " stopped while running a query (exit code "
                + worker.exitCode() + ")", e);
    }

    private ProblemException problem(byte[] payload) {
        try {
            JsonNode p = json.readTree(payload);
            List<Problem.FieldError> errors = null;
            if (p.hasNonNull("errors")) {
                errors = new ArrayList<>();
                for (JsonNode e : p.get("errors")) {
                    errors.add(new Problem.FieldError(e.path("field").asText(), e.path("message").asText()));
                }
            }
            return new ProblemException(p.path("status").asInt(500), p.path("title").asText(), p.path("detail").asText(),
                    errors);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable problem from a query worker", e);
        }
    }

    private QueryWorker borrow() {
        while (true) {
            QueryWorker worker;
            synchronized (idle) {
                worker = idle.poll();
            }
            if (worker == null) {
                break;
            }
            if (worker.alive()) {
                warm(); // the next query finds one ready too
                return worker;
            }
            discard(worker);
        }
        try {
            QueryWorker worker = start();
            warm();
            return worker;
        } catch (IOException | RuntimeException e) {
            throw unavailable(e);
        }
    }

    private void giveBack(QueryWorker worker) {
        // a worker whose memory stays high after its query (DuckDB keeps what it allocated) is not kept either
        boolean keep = !stopped && worker.alive() && worker.uses() < MAX_USES
                && worker.residentBytes() < config.query().workerMemory().asLongValue() / 2;
        if (keep) {
            synchronized (idle) {
                if (idle.size() < Math.max(1, config.query().concurrency())) {
                    idle.push(worker);
                    return;
                }
            }
        }
        discard(worker);
    }

    private void discard(QueryWorker worker) {
        all.remove(worker);
        worker.end();
        warm();
    }

    /** Starts workers in the background until warm-workers of them wait idle. */
    private void warm() {
        if (stopped || !warming.compareAndSet(false, true)) {
            return;
        }
        try {
            starter.execute(() -> {
                try {
                    while (!stopped) {
                        synchronized (idle) {
                            if (idle.size() >= Math.min(config.query().warmWorkers(), config.query().concurrency())) {
                                return;
                            }
                        }
                        QueryWorker worker = start();
                        synchronized (idle) {
                            idle.push(worker);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    Log.errorf("a query worker could not be started: %s", e.toString());
                } finally {
                    warming.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            warming.set(false); // shutting down
        }
    }

    private QueryWorker start() throws IOException {
        Path directory = work.queryWorkers().resolve(instance + "-" + started.incrementAndGet());
        QueryWorker worker = QueryWorker.start(command(directory), directory,
                TimeUnit.MILLISECONDS.toNanos(START_MILLIS), watchdog);
        all.add(worker);
        if (stopped) {
            discard(worker);
            throw new IOException("file-service is stopping");
        }
        Log.debugf("query worker %d started", worker.pid());
        return worker;
    }

    private static ProblemException unavailable(Exception cause) {
        Log.errorf("no query worker: %s", cause.toString());
        return new ProblemException(503, "Service Unavailable",
                "The query engine could not be started on this replica; retry shortly.").withHeader("Retry-After", "5");
    }

    /**
     * The worker's command line: this native executable with the worker argument, or this JVM's java running the
     * worker class with the service's class path. Its heap holds one result at a time; its java.io.tmpdir is its own
     * directory, where DuckDB unpacks its native library (removed once loaded, and with the directory at the end).
     */
    List<String> command(Path directory) {
        List<String> command = new ArrayList<>();
        String heap = "-Xmx" + (config.query().workerHeap().asLongValue() >> 20) + "m";
        String tmp = "-Djava.io.tmpdir=" + directory;
        // dates and timestamps with a zone come out in the service's zone, as they did when queries ran in it
        String zone = "-Duser.timezone=" + java.util.TimeZone.getDefault().getID();
        if ("runtime".equals(System.getProperty("org.graalvm.nativeimage.imagecode"))) {
            command.add(ProcessHandle.current().info().command().orElse("/proc/self/exe"));
            command.addAll(List.of(heap, tmp, zone, QueryWorkerMain.ARGUMENT));
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // a small heap, collected serially, compiled by C1 only: the work is DuckDB's, in native code
            // and the JVM's own messages on standard error: its standard output carries the frames
            command.addAll(List.of(heap, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
                    "-Xlog:disable", "-Xlog:all=warning:stderr", "-Xss1m", tmp, zone, "-cp", classPath(System.getProperty("java.class.path")),
                    QueryWorkerMain.class.getName()));
        }
        return command;
    }

    /**
     * The class path a worker needs: this JVM's, with Quarkus's launcher jar (quarkus-run.jar, which holds no
     * classes of its own) replaced by the application's and libraries' jars next to it.
     */
    static String classPath(String current) {
        List<String> entries = new ArrayList<>();
        for (String entry : current.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath();
            if (path.getFileName().toString().equals("quarkus-run.jar")) {
                Path app = path.getParent();
                for (String dir : List.of("app", "lib/main", "lib/boot")) {
                    entries.add(app.resolve(dir) + File.separator + "*");
                }
            } else {
                entries.add(path.toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Removes the directories of workers of an earlier run of this service (killed without its shutdown). */
    private void sweepPredecessors() {
        long self = ProcessHandle.current().pid();
        try (var entries = Files.list(work.queryWorkers())) {
            entries.filter(dir -> !dir.getFileName().toString().startsWith(instance + "-")).forEach(dir -> {
                String name = dir.getFileName().toString();
                long owner;
                try {
                    owner = Long.parseLong(name.substring(0, name.indexOf('-')));
                } catch (RuntimeException e) {
                    owner = -1;
                }
                if (owner == self || owner < 0 || ProcessHandle.of(owner).isEmpty()) {
                    WorkDirectory.deleteRecursively(dir);
                }
            });
        } catch (IOException e) {
            Log.debugf("query worker directories not swept: %s", e.toString());
        }
    }
}
