package dev.insight.support.paging;

import dev.insight.support.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Opaque keyset cursors: the key of the last item served, base64url-encoded with a kind tag so that a
 * cursor from one list is refused by another.
 */
public final class Cursor {

    /** The range of timestamps a cursor may carry: every one a list served lies in it, and PostgreSQL holds them all. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Cursor() {
    }

    public static String encode(String kind, String... keyParts) {
        String raw = kind + "|" + String.join("|", keyParts);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The key parts of a cursor of this kind and arity, or a 400 naming the cursor as the problem. */
    public static String[] decode(String cursor, String kind, int parts) {
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("cursor", "is not a cursor this list returned");
        }
        String[] split = raw.split("\\|", -1);
        if (split.length != parts + 1 || !split[0].equals(kind)) {
            throw ProblemException.invalidField("cursor", "is not a cursor this list returned");
        }
        String[] key = new String[parts];
        System.arraycopy(split, 1, key, 0, parts);
        return key;
    }

    /**
     * A timestamp key part, or a 400 naming the cursor: a forged one outside the years 1 to 9999 ("-5000-01-01T…")
     * parses as an Instant but is out of PostgreSQL's range, and would fail the query instead.
     */
    public static Instant instant(String keyPart) {
        try {
            Instant t = Instant.parse(keyPart);
            if (!t.isBefore(EARLIEST) && !t.isAfter(LATEST)) {
                return t;
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw ProblemException.invalidField("cursor", "is not a cursor this list returned");
    }
}
