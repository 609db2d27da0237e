package dev.insight.gateway.status;

import java.time.Instant;
import java.util.List;

/** GET /api/status: UP when every upstream is ready, DEGRADED otherwise. */
public record StatusView(String status, Instant checkedAt, List<ServiceStatus> services) {
}
