package dev.insight.memory.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Another writer holding the next seq of a conversation: a message row inserted in a transaction left open, so that
 * an append to that conversation reads the same newest seq and waits on the unique index until {@link #commit()}.
 */
public final class HeldSeq implements AutoCloseable {

    private final DataSource db;
    private final Connection connection;

    private HeldSeq(DataSource db, Connection connection) {
        this.db = db;
        this.connection = connection;
    }

    /**
     * Sends the request while another transaction holds this seq, waits until the request waits for it, commits that
     * transaction, and returns what the request then answers.
     */
    public static Response raceFor(long seq, DataSource db, String conversationId, UUID owner, Supplier<Response> request)
            throws Exception {
        try (HeldSeq other = hold(db, conversationId, owner, seq)) {
            CompletableFuture<Response> sent = CompletableFuture.supplyAsync(request);
            other.awaitWaiter(Duration.ofSeconds(10));
            other.commit();
            return sent.get(10, TimeUnit.SECONDS);
        }
    }

    public static HeldSeq hold(DataSource db, String conversationId, UUID owner, long seq) throws SQLException {
        Connection c = db.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("""
                insert into memory.message (id, conversation_id, owner_id, seq, role, content, token_count, created_at)
                values (?, ?, ?, ?, 'system', 'held by the test', 4, now())
                """)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, UUID.fromString(conversationId));
            insert.setObject(3, owner);
            insert.setLong(4, seq);
            insert.executeUpdate();
        }
        return new HeldSeq(db, c);
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
        throw new AssertionError("no append came to wait for the held seq within " + timeout);
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
