package dev.insight.files.upload;

import dev.insight.support.problem.ProblemException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.util.ContentUtil;

/**
 * A multipart/form-data request body read as a stream (Apache James mime4j, pull parser): parts are handed
 * over one at a time as they arrive, so a file part never has to fit in memory or on disk.
 */
final class MultipartBody {

    /** One part: its form field name, the file name when it is a file, and its bytes as they arrive. */
    record Part(String fieldName, String fileName, InputStream content) {
    }

    private static final MimeConfig CONFIG = MimeConfig.custom()
            .setMaxHeaderCount(32)
            .setMaxHeaderLen(8192)
            .setMaxLineLen(8192)
            .setMaxContentLen(-1)
            .setStrictParsing(false)
            .build();

    private static final java.util.regex.Pattern BOUNDARY = java.util.regex.Pattern.compile(
            "(?i)boundary=(?:\"([^\"]*)\"|([^;\\s]+))");

    private final MimeTokenStream tokens = new MimeTokenStream(CONFIG);
    private Map<String, String> disposition = Map.of();
    private final Tail tail;
    private final String closing;

    /** The request body as it is read: whether it has ended, and its last bytes. */
    private static final class Tail extends java.io.FilterInputStream {
        private final byte[] last = new byte[512];
        private int filled;
        private boolean ended;

        Tail(InputStream in) {
            super(in);
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
            if (n < 0) {
                ended = true;
            } else if (n >= last.length) {
                System.arraycopy(b, off + n - last.length, last, 0, last.length);
                filled = last.length;
            } else if (n > 0) {
                int keep = Math.min(filled, last.length - n);
                System.arraycopy(last, filled - keep, last, 0, keep);
                System.arraycopy(b, off, last, keep, n);
                filled = keep + n;
            }
            return n;
        }

        String text() {
            return new String(last, 0, filled, StandardCharsets.ISO_8859_1);
        }
    }

    MultipartBody(InputStream body, String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")
                || !contentType.toLowerCase(Locale.ROOT).contains("boundary=")) {
            throw new ProblemException(415, "Unsupported Media Type",
                    "Send the file as multipart/form-data with a boundary, in the field 'file'.");
        }
        java.util.regex.Matcher boundary = BOUNDARY.matcher(contentType);
        this.closing = "--" + (!boundary.find() ? "" : boundary.group(1) != null ? boundary.group(1) : boundary.group(2)) + "--";
        this.tail = new Tail(body);
        tokens.parseHeadless(tail, contentType);
    }

    /**
     * Whether the body, if it has ended, ended with its closing boundary: a body cut short (a dropped connection, a
     * client that stopped) makes its last part end at the end of the stream, which the parser does not tell apart.
     */
    boolean complete() {
        return !tail.ended || tail.text().stripTrailing().endsWith(closing);
    }

    /** The next part, positioned at its content; null at the end of the body. */
    Part next() throws IOException {
        try {
            for (EntityState state = tokens.next(); state != EntityState.T_END_OF_STREAM; state = tokens.next()) {
                switch (state) {
                    case T_START_BODYPART -> disposition = Map.of();
                    case T_FIELD -> {
                        Field field = tokens.getField();
                        if ("content-disposition".equalsIgnoreCase(field.getName())) {
                            // browsers send names as raw UTF-8, not in RFC 2047 form
                            disposition = parameters(ContentUtil.decode(StandardCharsets.UTF_8, field.getRaw()));
                        }
                    }
                    case T_BODY -> {
                        return new Part(disposition.get("name"), fileName(disposition), tokens.getInputStream());
                    }
                    default -> {
                    }
                }
            }
            return null;
        } catch (MimeException e) {
            throw ProblemException.badRequest("The multipart body is malformed: " + e.getMessage());
        }
    }

    private static String fileName(Map<String, String> params) {
        String extended = params.get("filename*");
        if (extended != null) {
            int quote = extended.indexOf("''");
            if (quote > 0) {
                try {
                    return java.net.URLDecoder.decode(extended.substring(quote + 2).replace("+", "%2B"),
                            StandardCharsets.UTF_8);
                } catch (IllegalArgumentException ignored) {
                    // fall back to the plain filename
                }
            }
        }
        return params.get("filename");
    }

    /** Parameters of a Content-Disposition header ("form-data; name=\"file\"; filename=\"a.csv\""). */
    static Map<String, String> parameters(String header) {
        Map<String, String> params = new LinkedHashMap<>();
        int colon = header.indexOf(':');
        String value = colon >= 0 ? header.substring(colon + 1) : header;
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            i++;
            while (i < value.length() && value.charAt(i) == ' ') {
                i++;
            }
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = value.substring(i, eq).strip().toLowerCase(Locale.ROOT);
            int j = eq + 1;
            StringBuilder v = new StringBuilder();
            if (j < value.length() && value.charAt(j) == '"') {
                j++;
                while (j < value.length() && value.charAt(j) != '"') {
                    char c = value.charAt(j);
                    // curl escapes quotes and backslashes; browsers send backslashes as they are
                    if (c == '\\' && j + 1 < value.length() && (value.charAt(j + 1) == '"' || value.charAt(j + 1) == '\\')) {
                        j++;
                        c = value.charAt(j);
                    }
                    v.append(c);
                    j++;
                }
                j = value.indexOf(';', j);
            } else {
                int end = value.indexOf(';', j);
                v.append(end < 0 ? value.substring(j) : value.substring(j, end));
                j = end;
            }
            params.put(key, v.toString().strip());
            i = j;
        }
        return params;
    }
}
