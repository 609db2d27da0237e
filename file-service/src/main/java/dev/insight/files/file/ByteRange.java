package dev.insight.files.file;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One byte range of a Range header, resolved against the file's size (RFC 9110 §14). */
public record ByteRange(long first, long last) {

    private static final Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

    /** Thrown when the range cannot be served (answered 416). */
    public static final class Unsatisfiable extends RuntimeException {
        private final long size;

        public Unsatisfiable(long size) {
            super(null, null, false, false);
            this.size = size;
        }

        public long size() {
            return size;
        }
    }

    /**
     * The range to serve, or empty for the whole file: headers that are absent, malformed or ask for several
     * ranges are ignored, as RFC 9110 allows.
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        if (m.group(1).isEmpty()) {
            long suffix = number(m.group(2));
            if (suffix == 0 || size == 0) {
                throw new Unsatisfiable(size);
            }
            return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
        }
        long first = number(m.group(1));
        long last = m.group(2).isEmpty() ? size - 1 : Math.min(number(m.group(2)), size - 1);
        if (!m.group(2).isEmpty() && number(m.group(2)) < first) {
            return Optional.empty();
        }
        if (first >= size) {
            throw new Unsatisfiable(size);
        }
        return Optional.of(new ByteRange(first, last));
    }

    /** Digits as a position; beyond a long (no file is that large) they mean "past the end". */
    private static long number(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    public long length() {
        return last - first + 1;
    }

    public String s3Range() {
        return "bytes=" + first + "-" + last;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }
}
