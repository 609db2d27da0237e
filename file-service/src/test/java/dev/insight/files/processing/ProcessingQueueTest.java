package dev.insight.files.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.insight.files.engine.WorkDirectory;
import dev.insight.files.file.FileFormat;
import dev.insight.files.storage.ObjectKeys;
import dev.insight.files.storage.ObjectStore;
import dev.insight.files.testing.Api;
import dev.insight.files.testing.Hashes;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The PostgreSQL claim: exactly one processor per file, and a dead processor's file is taken over. */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class ProcessingQueueTest {

    private static final byte[] CSV = "city,people\nLyon,522000\nNice,342000\n".getBytes(StandardCharsets.UTF_8);

    @Inject
    ProcessingWorker worker;

    @Inject
    ProcessingQueue queue;

    @Inject
    ObjectStore store;

    @Inject
    AgroalDataSource database;

    @Inject
    DatasetProcessor processor;

    @Inject
    WorkDirectory work;

    @Test
    void processorsRacingForOneFileProcessItOnce() throws Exception {
        Api alice = Api.newUser();
        int before = worker.processedCount();
        // a stored upload nobody has claimed yet; four processors (and the background poller) go for it at once
        UUID id = insertUploaded(alice.user(), "UPLOADED", null, 0);
        ExecutorService racers = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Callable<Boolean> racer = () -> {
                start.await();
                return worker.processNow(id);
            };
            results.add(racers.submit(racer));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> r : results) {
            won += r.get() ? 1 : 0;
        }
        racers.shutdown();
        Map<String, Object> file = alice.awaitProcessed(id.toString());
        assertThat(file.get("status")).isEqualTo("READY");
        assertThat(won).isLessThanOrEqualTo(1);
        // claimed exactly once, by a racer or by the poller, and processed once
        assertThat(attempts(id)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> worker.processedCount() >= before + 1);
        assertThat(queue.claim(id, "late", Duration.ofSeconds(5), 3).await().indefinitely()).isNull();
    }

    @Test
    void aFileWhoseProcessorDiedIsPickedUpAgain() throws Exception {
        Api alice = Api.newUser();
        // claimed by a replica that stopped renewing its lease a minute ago
        UUID id = insertUploaded(alice.user(), "PROCESSING", Instant.now().minusSeconds(60), 1);
        Map<String, Object> file = alice.awaitProcessed(id.toString());
        assertThat(file.get("status")).isEqualTo("READY");
        assertThat(attempts(id)).isEqualTo(2);
        alice.query(id.toString(), "SELECT sum(people) FROM data").then().statusCode(200);
    }

    @Test
    void aLiveClaimIsLeftAloneAndTooManyDeathsEndFailed() throws Exception {
        Api alice = Api.newUser();
        UUID live = insertUploaded(alice.user(), "PROCESSING", Instant.now().plusSeconds(3600), 1);
        UUID cursed = insertUploaded(alice.user(), "PROCESSING", Instant.now().minusSeconds(60), 3);
        Map<String, Object> file = alice.awaitProcessed(cursed.toString());
        assertThat(file.get("status")).isEqualTo("FAILED");
        assertThat((String) file.get("error")).contains("interrupted 3 times");
        assertThat(queue.claim(live, "thief", Duration.ofSeconds(5), 3).await().indefinitely()).isNull();
        alice.request().get("/api/files/" + live).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("PROCESSING"));
    }

    /** S3 down while a file waits: processing it is retried until S3 is back, and no try counts against it. */
    @Test
    void anOutageOfS3IsRetriedWithoutCountingAgainstTheFile() throws Exception {
        Api alice = Api.newUser();
        UUID id;
        try {
            id = insertUploaded(alice.user(), "UPLOADED", null, 0, S3Server::halt);
            // claimed, failed by the outage and given back, again and again (retry delay 1 s, 3 attempts at most)
            await().atMost(Duration.ofSeconds(10)).until(() -> givenBack(id) >= 1);
            Thread.sleep(4_000);
            alice.request().get("/api/files/" + id).then().statusCode(200)
                    .body("status", org.hamcrest.Matchers.equalTo("PROCESSING"));
            assertThat(attempts(id)).isLessThanOrEqualTo(1);
        } finally {
            S3Server.restart();
            store.ping();
        }
        // the test's S3 comes back empty: the original is stored again, as a real S3 would still hold it
        store.put(ObjectKeys.original(alice.user(), id), new ByteArrayInputStream(CSV), "text/csv");
        Map<String, Object> file = alice.awaitProcessed(id.toString());
        assertThat(file.get("status")).isEqualTo("READY");
        alice.query(id.toString(), "SELECT sum(people) FROM data").then().statusCode(200);
    }

    /** 1 while the file is waiting for a retry (claimed, then given back by the processor), else 0. */
    private int givenBack(UUID id) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement("select count(*) from "
                + "files.file where id = ? and status = 'PROCESSING' and claimed_by is null and attempts = 0")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aReasonWithANulByteIsStoredRatherThanRetried() throws Exception {
        Api alice = Api.newUser();
        UUID id = insertUploaded(alice.user(), "PROCESSING", Instant.now().plusSeconds(3600), 1);
        UUID token;
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("select claim_token from files.file where id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                token = rs.getObject(1, UUID.class);
            }
        }
        ProcessingQueue.Claim claim = new ProcessingQueue.Claim(id, alice.user(), "cities.csv", FileFormat.CSV,
                Hashes.sha256(CSV), ObjectKeys.original(alice.user(), id), token, 1);
        // an engine's message quoting the offending line, NUL and all: PostgreSQL's text refuses NUL
        assertThat(queue.fail(claim, "Could not convert 'a\u0000b' on line 3").await().indefinitely()).isTrue();
        alice.request().get("/api/files/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("FAILED"))
                .body("error", org.hamcrest.Matchers.equalTo("Could not convert 'a\uFFFDb' on line 3"));
    }

    @Test
    void aFileDeletedWhileProcessingLeavesNoProcessedCopy() throws Exception {
        Api alice = Api.newUser();
        // claimed by this test with a live lease (the background worker leaves it alone), received by this replica
        UUID id = insertUploaded(alice.user(), "PROCESSING", Instant.now().plusSeconds(3600), 1);
        ProcessingQueue.Claim claim = heldClaim(alice.user(), id);

        // deleted before the job has stored anything: the delete finds no processed copy to remove (and removes the
        // spooled upload; the job below had taken its source already, as a running job moves it into its directory)
        alice.request().delete("/api/files/" + id).then().statusCode(204);
        assertThat(work.spoolFile(id)).doesNotExist();
        java.nio.file.Files.write(work.spoolFile(id), CSV);
        DatasetProcessor.Result result = processor.process(claim, new DatasetProcessor.Job());
        assertThat(store.head(ObjectKeys.parquet(alice.user(), id))).isPresent();
        assertThat(cachedCopies(id)).isNotEmpty();

        // recording finds the row gone and removes what the job stored
        assertThat(worker.record(claim, result)).isFalse();
        assertThat(store.head(ObjectKeys.parquet(alice.user(), id))).isEmpty();
        assertThat(store.list(ObjectKeys.ROOT + alice.user() + "/", null, 10).contents()).isEmpty();
        assertThat(cachedCopies(id)).isEmpty();
    }

    @Test
    void aJobThatLostItsClaimLeavesTheNewHoldersProcessedCopyAlone() throws Exception {
        Api alice = Api.newUser();
        UUID id = insertUploaded(alice.user(), "PROCESSING", Instant.now().plusSeconds(3600), 1);
        ProcessingQueue.Claim stale = heldClaim(alice.user(), id);
        // another replica took the file over, processed it and recorded its copy under the same key
        String key = ObjectKeys.parquet(alice.user(), id);
        store.put(key, new ByteArrayInputStream(new byte[] { 1, 2, 3 }), "application/vnd.apache.parquet");
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement("update files.file set "
                + "status = 'READY', parquet_key = ?, claim_token = null, claimed_by = null, lease_until = null where id = ?")) {
            s.setString(1, key);
            s.setObject(2, id);
            s.executeUpdate();
        }

        // the stale job stops (claim lost) or fails late: neither touches the new holder's result
        worker.abandoned(stale);
        worker.failed(stale, "late failure");
        assertThat(store.head(key)).isPresent();
        alice.request().get("/api/files/" + id).then().statusCode(200).body("status", org.hamcrest.Matchers.equalTo("READY"));

        // deleting the file removes the copy, whatever its row says
        alice.request().delete("/api/files/" + id).then().statusCode(204);
        assertThat(store.head(key)).isEmpty();
    }

    @Test
    void aFailedJobRemovesWhatItStored() throws Exception {
        Api alice = Api.newUser();
        UUID id = insertUploaded(alice.user(), "PROCESSING", Instant.now().plusSeconds(3600), 1);
        ProcessingQueue.Claim claim = heldClaim(alice.user(), id);
        String key = ObjectKeys.parquet(alice.user(), id);
        store.put(key, new ByteArrayInputStream(new byte[] { 1, 2, 3 }), "application/vnd.apache.parquet");

        worker.failed(claim, "The file is broken.");
        assertThat(store.head(key)).isEmpty();
        alice.request().get("/api/files/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("FAILED"))
                .body("error", org.hamcrest.Matchers.equalTo("The file is broken."));
    }

    private List<java.nio.file.Path> cachedCopies(UUID id) throws Exception {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(work.parquetCache())) {
            return files.filter(f -> f.getFileName().toString().startsWith(id.toString())).toList();
        }
    }

    /** The claim this test holds on a file it inserted as PROCESSING (its token, as the row has it). */
    private ProcessingQueue.Claim heldClaim(UUID owner, UUID id) throws Exception {
        return new ProcessingQueue.Claim(id, owner, "cities.csv", FileFormat.CSV, Hashes.sha256(CSV),
                ObjectKeys.original(owner, id), token(id), 1);
    }

    private UUID token(UUID id) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("select claim_token from files.file where id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getObject(1, UUID.class);
            }
        }
    }

    private UUID insertUploaded(UUID owner, String status, Instant leaseUntil, int attempts) throws Exception {
        return insertUploaded(owner, status, leaseUntil, attempts, () -> {
        });
    }

    /** Stores the object, runs {@code beforeRow}, then inserts the row (which a processor may claim at once). */
    private UUID insertUploaded(UUID owner, String status, Instant leaseUntil, int attempts, Runnable beforeRow)
            throws Exception {
        UUID id = UUID.randomUUID();
        String key = ObjectKeys.original(owner, id);
        store.put(key, new ByteArrayInputStream(CSV), "text/csv");
        beforeRow.run();
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(
                "insert into files.file (id, owner_id, name, size, content_type, format, sha256, object_key, status, "
                        + "created_at, updated_at, claim_token, claimed_by, lease_until, attempts) values "
                        + "(?, ?, 'cities.csv', ?, 'text/csv', 'CSV', ?, ?, ?, now(), now(), ?, ?, ?, ?)")) {
            s.setObject(1, id);
            s.setObject(2, owner);
            s.setLong(3, CSV.length);
            s.setString(4, Hashes.sha256(CSV));
            s.setString(5, key);
            s.setString(6, status);
            s.setObject(7, leaseUntil == null ? null : UUID.randomUUID());
            s.setString(8, leaseUntil == null ? null : "dead-replica");
            s.setObject(9, leaseUntil == null ? null : OffsetDateTime.ofInstant(leaseUntil, ZoneOffset.UTC));
            s.setInt(10, attempts);
            s.executeUpdate();
        }
        return id;
    }

    private int attempts(UUID id) throws Exception {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("select attempts from files.file where id = ?")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
