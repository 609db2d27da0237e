package dev.insight.files.query;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The pipe protocol between file-service and its query worker processes: frames of a marker, a kind and a length,
 * then that many bytes. The marker makes anything else written to the pipe (a library printing to standard output)
 * a broken worker rather than a misread answer.
 */
final class WorkerFrames {

    static final int MARKER = 0x51574B31;
    /** The worker has loaded DuckDB and waits for queries (payload empty). */
    static final byte READY = 'H';
    /** A query, service to worker (JSON of {@link QueryWorkerMain.Request}). */
    static final byte QUERY = 'Q';
    /** A result, JSON of {@link QueryResult}: exactly what the caller receives. */
    static final byte RESULT = 'R';
    /** A problem the caller can act on: JSON of status, title, detail and errors. */
    static final byte PROBLEM = 'P';
    /** The same, and the worker ends after it (its own heap ran out: it cannot be trusted with another query). */
    static final byte LAST_PROBLEM = 'L';
    /** The query failed in a way that is the service's fault: a message for the log. */
    static final byte FAILURE = 'F';

    /** Largest frame read: a result is bounded at a few MiB (files.query.max-result-size) plus its JSON syntax. */
    static final int MAX_BYTES = 256 << 20;

    record Frame(byte kind, byte[] payload) {
    }

    private WorkerFrames() {
    }

    static void write(DataOutputStream out, byte kind, byte[] payload) throws IOException {
        out.writeInt(MARKER);
        out.writeByte(kind);
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /** The next frame; EOFException when the other side has closed the pipe between frames. */
    static Frame read(DataInputStream in) throws IOException {
        int marker = in.readInt();
        if (marker != MARKER) {
            throw new IOException("not a worker frame (marker " + Integer.toHexString(marker) + ")");
        }
        byte kind = in.readByte();
        int length = in.readInt();
        if (length < 0 || length > MAX_BYTES) {
            throw new IOException("worker frame of " + length + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return new Frame(kind, payload);
    }
}
