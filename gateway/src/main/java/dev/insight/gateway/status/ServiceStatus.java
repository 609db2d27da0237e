package dev.insight.gateway.status;

/**
 * One upstream as GET /api/status reports it.
 *
 * @param status    UP when its readiness probe answered 200, DOWN otherwise
 * @param latencyMs how long the probe took (null when no answer came)
 * @param breaker   the gateway's circuit breaker for it: CLOSED, OPEN or HALF_OPEN
 */
public record ServiceStatus(String name, String status, Long latencyMs, String breaker, String detail) {
}
