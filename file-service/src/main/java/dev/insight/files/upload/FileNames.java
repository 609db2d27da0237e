package dev.insight.files.upload;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * File names as people send them are untrusted text: this keeps what is useful for display and download
 * (the last path segment, readable characters, a bounded length, the extension) and drops what can hurt
 * (path separators, control and bidirectional-override characters, leading dots).
 */
public final class FileNames {

    private FileNames() {
    }

    public static String sanitize(String raw, int maxChars) {
        String name = raw == null ? "" : Normalizer.normalize(raw, Normalizer.Form.NFC);
        int cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(cut + 1);
        StringBuilder clean = new StringBuilder(name.length());
        name.codePoints().forEach(cp -> {
            if (Character.isWhitespace(cp)) {
                clean.append(' ');
            } else if (!Character.isISOControl(cp) && !isInvisibleFormatting(cp)) {
                clean.appendCodePoint(cp);
            }
        });
        String result = clean.toString().replaceAll(" {2,}", " ").strip();
        // no hidden files, no "." or ".." when someone downloads it
        result = result.replaceFirst("^\\.+", "").strip();
        if (result.isEmpty()) {
            result = "upload";
        }
        return truncate(result, maxChars);
    }

    /** Shortens a name to at most maxChars characters (code points), keeping its extension. */
    static String truncate(String name, int maxChars) {
        if (name.codePointCount(0, name.length()) <= maxChars) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String base = ext.isEmpty() ? name : name.substring(0, dot);
        int keep = Math.max(1, maxChars - ext.codePointCount(0, ext.length()));
        int end = base.offsetByCodePoints(0, Math.min(keep, base.codePointCount(0, base.length())));
        return base.substring(0, end).strip() + ext;
    }

    /** The extension in lower case with its dot (".csv"), or "" when there is none. */
    public static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot).toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * A Content-Disposition value that every client reads safely: an ASCII fallback without quotes or
     * backslashes, and the exact name in RFC 5987 form.
     */
    public static String contentDisposition(String type, String name) {
        StringBuilder ascii = new StringBuilder();
        name.codePoints().forEach(cp -> ascii.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' && cp != '%'
                ? (char) cp : '_'));
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + rfc5987(name);
    }

    private static String rfc5987(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static boolean isInvisibleFormatting(int cp) {
        // bidi overrides/isolates can make "exe.csv" look like "vsc.exe"; zero-width characters hide text
        return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200B || cp == 0x200C
                || cp == 0x200D || cp == 0x200E || cp == 0x200F || cp == 0xFEFF || cp == 0x061C
                || Character.getType(cp) == Character.UNASSIGNED || Character.getType(cp) == Character.SURROGATE
                || Character.getType(cp) == Character.PRIVATE_USE;
    }
}
