package dev.insight.files.processing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The width of a delimited text file's first line, counted without parsing the file. */
final class HeaderWidth {

    private static final String DELIMITERS = ",;\t|";

    private HeaderWidth() {
    }

    /** Fields in the first line for the delimiter that splits it most (quotes respected). */
    static int of(Path file, int maxLine) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(maxLine);
        }
        String text = new String(head, StandardCharsets.UTF_8);
        int best = 1;
        for (char d : DELIMITERS.toCharArray()) {
            best = Math.max(best, fields(text, d));
        }
        return best;
    }

    private static int fields(String text, char delimiter) {
        int count = 1;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == delimiter) {
                count++;
            } else if (!quoted && (c == '\n' || c == '\r')) {
                break;
            }
        }
        return count;
    }

    /** The delimiter a lone column name is made of, or 0 when it holds none. */
    static char likelyDelimiter(String name) {
        char best = 0;
        int most = 0;
        for (char d : DELIMITERS.toCharArray()) {
            int n = fields(name, d) - 1;
            if (n > most) {
                most = n;
                best = d;
            }
        }
        return best;
    }
}
