package dev.insight.gateway.web;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C Trace Context (traceparent): the caller's trace is continued when its header is valid, a new one is
 * started otherwise. Each forwarded request gets the gateway's own span id as its parent.
 */
public record TraceContext(String traceId, String spanId, String flags) {

    private static final Pattern TRACEPARENT = Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);

    public static TraceContext continueOrStart(String header) {
        if (header != null) {
            var m = TRACEPARENT.matcher(header.strip());
            if (m.matches() && !m.group(1).equals("ff") && !m.group(2).equals(ZERO_TRACE) && !m.group(3).equals(ZERO_SPAN)
                    && (m.group(5) == null || !m.group(1).equals("00"))) {
                return new TraceContext(m.group(2), newSpanId(), m.group(4));
            }
        }
        return new TraceContext(randomHex(16), newSpanId(), "01");
    }

    /** The header sent upstream: same trace, the gateway's span as parent. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    private static String newSpanId() {
        String id;
        do {
            id = randomHex(8);
        } while (id.equals(ZERO_SPAN));
        return id;
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
