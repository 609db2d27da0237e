package dev.insight.chat.downstream;

import dev.insight.support.problem.ProblemException;

/** A service this one calls cannot answer right now: a 503 that names it. */
public class DownstreamUnavailable extends ProblemException {

    public DownstreamUnavailable(String detail) {
        super(503, "Service Unavailable", detail);
    }

    public static DownstreamUnavailable of(String service, String what) {
        return new DownstreamUnavailable(service + " " + what + "; retry shortly.");
    }
}
