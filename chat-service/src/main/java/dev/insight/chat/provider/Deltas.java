package dev.insight.chat.provider;

import java.util.ArrayList;
import java.util.List;

/** Cuts a finished text into the pieces a stream sends, at word boundaries, so a replay reads like typing. */
public final class Deltas {

    private Deltas() {
    }

    public static List<String> split(String text, int size) {
        List<String> pieces = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = Math.min(text.length(), start + size);
            if (end < text.length()) {
                int space = text.lastIndexOf(' ', end);
                if (space > start) {
                    end = space + 1;
                }
            }
            pieces.add(text.substring(start, end));
            start = end;
        }
        return pieces;
    }
}
