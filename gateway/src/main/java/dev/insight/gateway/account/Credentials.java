package dev.insight.gateway.account;

/** Body of POST /api/auth/register and /api/auth/login. */
public record Credentials(String username, String password) {
}
