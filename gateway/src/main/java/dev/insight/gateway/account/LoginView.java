package dev.insight.gateway.account;

import java.time.Instant;

/**
 * Answer of a successful login.
 *
 * @param token     the session token for {@code Authorization: Bearer} (also set as the HttpOnly cookie)
 * @param expiresAt when the session ends if unused: it slides forward with use, up to the absolute maximum
 * @param csrfToken what cookie-authenticated requests that change state send in X-CSRF-Token
 */
public record LoginView(String token, Instant expiresAt, UserView user, String csrfToken) {
}
