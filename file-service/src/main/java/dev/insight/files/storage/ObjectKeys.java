package dev.insight.files.storage;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a file's bytes live in the bucket. Keys are made of ids only: the user's file name never reaches
 * S3, so no name can collide, traverse or leak through a key.
 */
public final class ObjectKeys {

    public static final String ROOT = "files/";
    private static final Pattern KEY = Pattern.compile(
            "files/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/(original|data\\.parquet)");

    /** What a key in the bucket names: a file of an owner, original or processed copy. */
    public record Parsed(UUID owner, UUID fileId, boolean original) {
    }

    private ObjectKeys() {
    }

    public static String original(UUID owner, UUID fileId) {
        return ROOT + owner + "/" + fileId + "/original";
    }

    public static String parquet(UUID owner, UUID fileId) {
        return ROOT + owner + "/" + fileId + "/data.parquet";
    }

    public static Optional<Parsed> parse(String key) {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Parsed(UUID.fromString(m.group(1)), UUID.fromString(m.group(2)),
                m.group(3).equals("original")));
    }
}
