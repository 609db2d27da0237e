package dev.insight.files.query;

import dev.insight.files.engine.WorkDirectory;
import io.quarkus.logging.Log;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One query worker process as the service sees it: its pipes, its scratch directory, and the watch kept on it while
 * it works. Used by one query at a time (the pool hands it out); ended when a query outlives its time or grows past
 * its memory, which is how a query DuckDB cannot stop is stopped.
 */
final class QueryWorker {

    /** Why the service ended a worker while it worked: the answer the waiting query gets. */
    enum Ending {
        TIME, MEMORY
    }

    /** How often a working worker's clock and resident memory are looked at. */
    static final long WATCH_MILLIS = 20;

    private final Process process;
    private final Path directory;
    private final DataOutputStream in;
    private final DataInputStream out;
    /** Guards the watch: a worker is only ever ended for a query it is still working on. */
    private final Object watch = new Object();
    private boolean working;
    private Ending ending;
    private boolean ended;
    private int uses;

    private QueryWorker(Process process, Path directory) {
        this.process = process;
        this.directory = directory;
        this.in = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.out = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    /** Starts a worker and waits until it has loaded DuckDB; the directory is its own (java.io.tmpdir). */
    static QueryWorker start(List<String> command, Path directory, long startNanos, ScheduledExecutorService watchdog)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        // none of the service's secrets (database password, S3 keys) where users' SQL runs: only what a process needs
        Map<String, String> environment = builder.environment();
        environment.keySet().retainAll(Set.of("PATH", "LANG", "LC_ALL", "TZ"));
        QueryWorker worker;
        try {
            Files.createDirectories(directory);
            worker = new QueryWorker(builder.start(), directory);
        } catch (IOException | RuntimeException e) {
            WorkDirectory.deleteRecursively(directory);
            throw e;
        }
        try {
            WorkerFrames.Frame ready = worker.await(System.nanoTime() + startNanos, Long.MAX_VALUE, 0, watchdog);
            if (ready.kind() != WorkerFrames.READY) {
                throw new IOException("query worker said " + (char) ready.kind() + " instead of ready");
            }
        } catch (IOException | RuntimeException e) {
            worker.end();
            throw e instanceof IOException io ? io : new IOException(e);
        }
        // DuckDB unpacked its native library here to load it; loaded, the file is no longer needed
        clear(directory);
        return worker;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        synchronized (watch) {
            return !ended && process.isAlive();
        }
    }

    int uses() {
        return uses;
    }

    void send(byte[] request) throws IOException {
        uses++;
        WorkerFrames.write(in, WorkerFrames.QUERY, request);
    }

    /**
     * The worker's next frame. While waiting, the worker is ended when the deadline passes or its resident memory
     * goes past maxResidentBytes; the caller then reads {@link #ending()} to know which.
     */
    WorkerFrames.Frame await(long deadlineNanos, long maxResidentBytes, int maxBytes,
            ScheduledExecutorService watchdog) throws IOException {
        synchronized (watch) {
            working = true;
        }
        ScheduledFuture<?> check = watchdog.scheduleAtFixedRate(() -> {
            if (System.nanoTime() - deadlineNanos > 0) {
                endFor(Ending.TIME);
            } else if (maxResidentBytes != Long.MAX_VALUE && residentBytes() > maxResidentBytes) {
                endFor(Ending.MEMORY);
            }
        }, WATCH_MILLIS, WATCH_MILLIS, TimeUnit.MILLISECONDS);
        try {
            return WorkerFrames.read(out, maxBytes);
        } finally {
            check.cancel(false);
            // a check already under way when the answer came must not end the worker after it
            synchronized (watch) {
                working = false;
            }
        }
    }

    /** Why the service ended this worker while it waited for it, if it did. */
    Ending ending() {
        synchronized (watch) {
            return ending;
        }
    }

    /** What the process exited with, once it has (-1 while it still runs a moment after its pipe closed). */
    int exitCode() {
        try {
            return process.waitFor(1, TimeUnit.SECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void endFor(Ending why) {
        synchronized (watch) {
            if (!working || ended) {
                return;
            }
            ending = why;
            ended = true;
            process.destroyForcibly();
        }
        Log.infof("ended query worker %d: its query %s", process.pid(),
                why == Ending.TIME ? "outlived its time limit" : "grew past the memory a query may use");
    }

    /** Whether the process was killed by SIGKILL without the service asking (the kernel's OOM killer, most likely). */
    boolean killedFromOutside() {
        return ending() == null && exitCode() == 128 + 9;
    }

    /** Ends the process (closing its input first, which a worker between queries takes as the end) and its files. */
    void end() {
        synchronized (watch) {
            ended = true;
        }
        try {
            in.close();
        } catch (IOException ignored) {
            // already gone
        }
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WorkDirectory.deleteRecursively(directory);
    }

    /** VmRSS of the process, from /proc; 0 where there is none to read (not Linux), which watches time only. */
    long residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no /proc
        }
        return 0;
    }

    private static void clear(Path directory) {
        try (var entries = Files.list(directory)) {
            entries.forEach(WorkDirectory::deleteRecursively);
        } catch (IOException e) {
            Log.debugf("query worker directory %s not cleared: %s", directory, e.toString());
        }
    }
}
