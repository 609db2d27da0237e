package dev.insight.files.upload;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The upload's bytes on their way to S3: counted against the size limit (fails the moment it is passed),
 * hashed with SHA-256, and copied to a local spool file so that this replica can process the file without
 * downloading it again.
 */
final class UploadStream extends FilterInputStream {

    /** Thrown while streaming, as soon as the upload passes the limit. */
    static final class TooLargeException extends IOException {
        TooLargeException(long limit) {
            super("upload exceeds " + limit + " bytes", null);
        }
    }

    private final MessageDigest sha256;
    private final long limit;
    private final OutputStream spool;
    private long count;

    UploadStream(InputStream in, long limit, OutputStream spool) {
        super(in);
        this.limit = limit;
        this.spool = spool;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count += n;
            if (count > limit) {
                throw new TooLargeException(limit);
            }
            sha256.update(b, off, n);
            if (spool != null) {
                spool.write(b, off, n);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // every byte must be hashed and counted
        byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, n))];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    long count() {
        return count;
    }

    String sha256Hex() {
        return HexFormat.of().formatHex(sha256.digest());
    }
}
