package dev.insight.chat.analyst;

import io.quarkus.logging.Log;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The built-in analyst's version: "analyst-" and the first 12 hex digits of a SHA-256 digest of its sources, which the
 * build writes next to its classes. The version is part of every cached answer's key, so a build whose planner reads
 * a question differently never serves what an earlier build cached — without anyone having to remember to bump a
 * number. A build that did not write the digest (an IDE compiling the sources alone) gets a version of its own per
 * process: nothing it caches is shared, nothing stale is served.
 */
final class AnalystVersion {

    static final String RESOURCE = "analyst-version.txt";
    private static final int DIGITS = 12;

    private AnalystVersion() {
    }

    static String current() {
        try (InputStream in = AnalystVersion.class.getResourceAsStream(RESOURCE)) {
            String version = in == null ? null : of(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
            if (version != null) {
                return version;
            }
        } catch (IOException e) {
            Log.debugf("analyst version unreadable: %s", e.toString());
        }
        String own = "analyst-unbuilt-" + UUID.randomUUID().toString().substring(0, 8);
        Log.warnf("the build did not record the analyst's version (%s): answers are cached as %s, by this process only",
                RESOURCE, own);
        return own;
    }

    /** The version a recorded digest names; null when it is not a SHA-256 digest in hex. */
    static String of(String digest) {
        String hex = digest.strip().toLowerCase(java.util.Locale.ROOT);
        return hex.matches("[0-9a-f]{64}") ? "analyst-" + hex.substring(0, DIGITS) : null;
    }
}
