package dev.insight.gateway.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "account")
public class Account {

    @Id
    public UUID id;

    /** As chosen at registration; uniqueness ignores case. */
    @Column(nullable = false, length = 64)
    public String username;

    /** bcrypt, Modular Crypt Format ($2a$cost$salt+hash). */
    @Column(name = "password_hash", nullable = false, length = 100)
    public String passwordHash;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;
}
