package dev.insight.gateway.account;

import java.util.UUID;

/** A person as the API shows them. */
public record UserView(UUID id, String username) {
}
