package dev.insight.support.input;

import dev.insight.support.problem.ProblemException;

/**
 * Text that PostgreSQL can store exactly as given. A JSON string may carry a lone UTF-16 surrogate ("\ud800"), which
 * has no UTF-8 form: stored, it would come back as '?', so it is refused instead.
 */
public final class Unicode {

    private Unicode() {
    }

    /**
     * The length of a text in characters as a person counts them (Unicode code points): an emoji is one, though Java
     * holds it as two UTF-16 units. The limits of DESIGN.md are in these.
     */
    public static int characters(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * The text cut to at most {@code max} characters (code points), an ellipsis ending a cut one: never splits a
     * character in two (half an emoji would be stored as '?'). The ellipsis counts in the limit.
     */
    public static String cut(String text, int max) {
        if (characters(text) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, Math.max(0, max - 1))) + "…";
    }

    /** Refuses the text, naming the field, when it holds a surrogate without its pair. */
    public static void requireWellFormed(String field, String text) {
        int at = loneSurrogate(text);
        if (at >= 0) {
            throw ProblemException.invalidField(field, "must be valid Unicode text (a lone surrogate \\u"
                    + Integer.toHexString(text.charAt(at)) + " at character " + (at + 1) + ")");
        }
    }

    /** The index of the first surrogate without its pair, or -1. */
    public static int loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
