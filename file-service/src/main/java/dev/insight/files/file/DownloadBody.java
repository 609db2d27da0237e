package dev.insight.files.file;

import java.io.IOException;
import java.io.InputStream;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * The bytes of a download and how many there are, known before the first one is sent: {@link DownloadBodyWriter}
 * sends them with a Content-Length, never chunked. The stream is S3's (blocking); the writer closes it.
 */
public record DownloadBody(InputStream in, long length) {

    /** Closes the stream; unread bytes of an S3 stream are abandoned (aborted), not drained. */
    void close(boolean complete) {
        try {
            if (!complete && in instanceof ResponseInputStream<?> s3) {
                s3.abort();
            }
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // nothing left to read
        }
    }
}
