package dev.insight.gateway.privacy;

import java.util.List;

/**
 * Answer of DELETE /api/auth/me when some service could not forget the user yet (202): the account and
 * sessions are gone, and the erasure at the listed services is retried until it succeeds.
 */
public record ErasureView(String status, List<String> pendingServices, String detail) {
}
