package dev.insight.support.paging;

import dev.insight.support.problem.ProblemException;

/** Query parameters arrive as text so that a malformed number is a 400 naming it, not a 404. */
public final class QueryParams {

    private QueryParams() {
    }

    public static int intParam(String name, String value, int min, int max) {
        return (int) longParam(name, value, min, max);
    }

    public static long longParam(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField(name, "must be a whole number between " + min + " and " + max);
        }
        if (parsed < min || parsed > max) {
            throw ProblemException.invalidField(name, "must be between " + min + " and " + max + " (got " + parsed + ")");
        }
        return parsed;
    }
}
