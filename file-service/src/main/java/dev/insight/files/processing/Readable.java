package dev.insight.files.processing;

import java.nio.file.Path;
import java.util.Locale;

/** Turns an engine's error into a reason a person can act on, without the server's paths. */
final class Readable {

    private Readable() {
    }

    static String reason(String message, Path workDir, String fileName) {
        if (message == null || message.isBlank()) {
            return "The file could not be read.";
        }
        String text = message;
        if (workDir != null) {
            // never show where the server keeps its files
            text = text.replace(workDir.toAbsolutePath().toString(), "")
                    .replaceAll("/?\\b(source|sheet)\\.(csv|tsv|json|ndjson|parquet|xlsx)\\b", java.util.regex.Matcher.quoteReplacement(fileName));
        }
        // DuckDB's advice ("Possible solutions: … types={…} …") speaks to a programmer, not to the person uploading
        text = text.replaceAll("(?is)\\s*\\bPossible (fix|fixes|solution|solutions)\\b.*", "")
                .replaceAll("(?s)\\n\\s*LINE \\d+:.*", "")
                .replaceAll("\\n+", " ").strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("not possible to automatically detect the csv parsing dialect")) {
            return "The file is not consistent CSV: its lines do not split into the same number of columns with any "
                    + "delimiter (comma, semicolon, tab or '|'); look for a ragged row or an unclosed quote.";
        }
        if (lower.contains("out of memory")) {
            return "The file needs more memory to process than this service allows (" + first(text, 200) + ").";
        }
        return first(text, 600);
    }

    private static String first(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
