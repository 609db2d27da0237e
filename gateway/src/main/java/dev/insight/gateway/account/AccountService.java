package dev.insight.gateway.account;

import dev.insight.support.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

@ApplicationScoped
public class AccountService {

    private final AccountRepository accounts;
    private final PasswordHasher hasher;
    private final CredentialRules rules;

    public AccountService(AccountRepository accounts, PasswordHasher hasher, CredentialRules rules) {
        this.accounts = accounts;
        this.hasher = hasher;
        this.rules = rules;
    }

    public Uni<Account> register(Credentials body) {
        rules.checkNew(body);
        String username = body.username();
        // checking first spares a quarter second of hashing for a taken name; the unique index decides races
        return Panache.withSession(() -> accounts.usernameTaken(username))
                .chain(taken -> taken ? Uni.createFrom().failure(taken(username)) : hasher.hash(body.password()))
                .chain(hash -> Panache.withTransaction(() -> {
                    Account account = new Account();
                    account.id = UUID.randomUUID();
                    account.username = username;
                    account.passwordHash = hash;
                    account.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return accounts.persist(account);
                }))
                .onFailure(AccountService::isUniqueViolation).transform(e -> taken(username))
                .invoke(a -> Log.infof("registered user %s", a.id));
    }

    /** The account when the password is right, null otherwise; unknown users cost the same as wrong passwords. */
    public Uni<Account> authenticate(String username, String password) {
        // a name no account can have (a NUL, which PostgreSQL would refuse as a parameter, or any other character
        // registration never allowed) is an unknown user: the same bcrypt, the same 401, no query
        Uni<Account> found = CredentialRules.couldBeUsername(username)
                ? Panache.withSession(() -> accounts.findByUsername(username)) : Uni.createFrom().nullItem();
        return found
                .chain(account -> hasher.verify(password, account == null ? null : account.passwordHash)
                        .map(ok -> ok ? account : null));
    }

    private static ProblemException taken(String username) {
        return new ProblemException(409, "Conflict", "The username '" + username + "' is taken.");
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
