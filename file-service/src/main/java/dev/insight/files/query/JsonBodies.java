package dev.insight.files.query;

import dev.insight.support.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;

/** Reads a JSON request body up to a limit; past it, 413 without reading the rest into memory. */
final class JsonBodies {

    private JsonBodies() {
    }

    static byte[] read(InputStream body, long limit) throws IOException {
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        if (bytes.length > limit) {
            throw new ProblemException(413, "Content Too Large", "The request body is larger than " + limit + " bytes.");
        }
        if (bytes.length == 0) {
            throw ProblemException.badRequest("The body is empty; send {\"sql\": \"SELECT …\"}.");
        }
        return bytes;
    }
}
