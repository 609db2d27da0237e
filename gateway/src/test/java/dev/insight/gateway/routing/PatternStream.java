package dev.insight.gateway.routing;

import java.io.InputStream;

/** A deterministic stream of any length that is never held in memory: byte i is (i * 31 + 7) mod 251. */
final class PatternStream extends InputStream {

    private final long length;
    private long position;

    PatternStream(long length) {
        this.length = length;
    }

    static int byteAt(long i) {
        return (int) ((i * 31 + 7) % 251);
    }

    @Override
    public int read() {
        return position < length ? byteAt(position++) : -1;
    }

    @Override
    public int read(byte[] buffer, int offset, int len) {
        if (position >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - position);
        for (int k = 0; k < n; k++) {
            buffer[offset + k] = (byte) byteAt(position + k);
        }
        position += n;
        return n;
    }

    /** The CRC32 a receiver computes over the whole stream. */
    static long crc32(long length) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] chunk = new byte[64 * 1024];
        try (PatternStream s = new PatternStream(length)) {
            int n;
            while ((n = s.read(chunk, 0, chunk.length)) > 0) {
                crc.update(chunk, 0, n);
            }
        }
        return crc.getValue();
    }

    @Override
    public void close() {
    }
}
