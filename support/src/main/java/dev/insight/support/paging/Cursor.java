package dev.insight.support.paging;

import dev.insight.support.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque keyset cursors: the key of the last item served, base64url-encoded with a kind tag so that a
 * cursor from one list is refused by another.
 */
public final class Cursor {

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
}
