package dev.insight.files.processing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether a JSON array file ends with its closing bracket. DuckDB reads an array cut off right after a comma
 * ({@code [{…},{…},}) as the rows before the cut, so a file truncated in transfer would become a smaller, wrong
 * dataset; every other cut already fails in DuckDB's parser. Only the file's tail is read.
 */
final class JsonEnding {

    private static final int TAIL = 4096;

    private JsonEnding() {
    }

    static boolean closesArray(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long end = channel.size();
            ByteBuffer tail = ByteBuffer.allocate(TAIL);
            while (end > 0) {
                long start = Math.max(0, end - TAIL);
                tail.clear().limit((int) (end - start));
                while (tail.hasRemaining() && channel.read(tail, start + tail.position()) >= 0) {
                    // fill the window
                }
                for (int i = tail.position() - 1; i >= 0; i--) {
                    byte b = tail.get(i);
                    // whitespace, and the NUL half of a UTF-16 character
                    if (b != ' ' && b != '\n' && b != '\r' && b != '\t' && b != 0) {
                        return b == ']';
                    }
                }
                end = start;
            }
            return false;
        }
    }
}
