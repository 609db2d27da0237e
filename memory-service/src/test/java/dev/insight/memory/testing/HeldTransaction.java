package dev.insight.memory.testing;

import io.restassured.response.Response;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Another writer in the middle of its transaction: a statement run in a transaction left open, so that a request
 * touching the same rows waits for it — deterministically — until {@link #commit()}.
 */
public final class HeldTransaction implements AutoCloseable {

    /** Takes a seq of a conversation (parameters: conversation id, owner, seq), as a concurrent append would. */
    public static final String MESSAGE_AT_SEQ = """
            insert into memory.message (id, conversation_id, owner_id, seq, role, content, token_count, created_at)
            values (gen_random_uuid(), ?, ?, ?, 'system', 'held by the test', 4, now())
            """;

    private final DataSource db;
    private final Connection connection;

    private HeldTransaction(DataSource db, Connection connection) {
        this.db = db;
        this.connection = connection;
    }

    /**
     * Sends the request while another transaction has run this statement, waits until the request waits for that
     * transaction, commits it, and returns what the request then answers.
     */
    public static Response race(DataSource db, Supplier<Response> request, String sql, Object... params)
            throws Exception {
        try (HeldTransaction other = run(db, sql, params)) {
            CompletableFuture<Response> sent = CompletableFuture.supplyAsync(request);
            other.awaitWaiter(Duration.ofSeconds(10));
            other.commit();
            return sent.get(10, TimeUnit.SECONDS);
        }
    }

    public static HeldTransaction run(DataSource db, String sql, Object... params) throws SQLException {
        Connection c = db.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        }
        return new HeldTransaction(db, c);
    }

    /** Waits until some other session waits for a lock this transaction holds. */
    public void awaitWaiter(Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection probe = db.getConnection();
                PreparedStatement blocked = probe.prepareStatement(
                        "select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
            int holder;
            try (PreparedStatement pid = connection.prepareStatement("select pg_backend_pid()");
                    ResultSet rs = pid.executeQuery()) {
                rs.next();
                holder = rs.getInt(1);
            }
            blocked.setInt(1, holder);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = blocked.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no request came to wait for the held transaction within " + timeout);
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    @Override
    public void close() throws SQLException {
        if (!connection.isClosed()) {
            connection.rollback();
            connection.close();
        }
    }
}
