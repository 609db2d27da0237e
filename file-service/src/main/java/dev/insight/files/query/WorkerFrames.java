package dev.insight.files.query;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The pipe protocol between file-service and its query worker processes: frames of a marker, a kind and a length,
 * then that many bytes and the marker again. The markers make anything else written to the pipe (a library or the
 * JVM printing to standard output, before or inside a frame) a broken worker rather than a misread answer.
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

    /** Largest request a worker reads (SQL is at most files.limits.sql-chars). */
    static final int MAX_REQUEST_BYTES = 16 << 20;

    record Frame(byte kind, byte[] payload) {
    }

    private WorkerFrames() {
    }

    static void write(DataOutputStream out, byte kind, byte[] payload) throws IOException {
        out.writeInt(MARKER);
        out.writeByte(kind);
        out.writeInt(payload.length);
        out.write(payload);
        out.writeInt(MARKER);
        out.flush();
    }

    /** The next frame of at most maxBytes; EOFException when the other side has closed the pipe. */
    static Frame read(DataInputStream in, int maxBytes) throws IOException {
        int marker = in.readInt();
        if (marker != MARKER) {
            throw new IOException("not a worker frame (marker " + Integer.toHexString(marker) + ")");
        }
        byte kind = in.readByte();
        int length = in.readInt();
        if (length < 0 || length > maxBytes) {
            throw new IOException("worker frame of " + length + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        if (in.readInt() != MARKER) {
            throw new IOException("worker frame of " + length + " bytes not followed by its end marker");
        }
        return new Frame(kind, payload);
    }
}
