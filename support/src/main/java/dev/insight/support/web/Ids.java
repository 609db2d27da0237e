package dev.insight.support.web;

import dev.insight.support.problem.ProblemException;
import java.util.UUID;

/** Path ids are UUIDs; anything else is the caller's mistake, answered 400 with the field named. */
public final class Ids {

    private Ids() {
    }

    public static UUID parse(String field, String value) {
        if (value == null || value.length() != 36) {
            throw ProblemException.invalidField(field, "must be a UUID");
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, "must be a UUID");
        }
    }
}
