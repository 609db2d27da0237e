package dev.insight.files.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.insight.files.engine.LocalCopySweep;
import dev.insight.files.engine.ParquetCache;
import dev.insight.files.engine.WorkDirectory;
import dev.insight.files.storage.ObjectKeys;
import dev.insight.files.storage.ObjectStore;
import dev.insight.files.testing.Api;
import dev.insight.files.testing.Dataset;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention deletes what is too old; the orphan sweep removes objects without rows and rows without objects. */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class RetentionTest {

    @Inject
    RetentionService retention;

    @Inject
    ObjectStore store;

    @Inject
    AgroalDataSource database;

    @Inject
    ParquetCache parquet;

    @Inject
    LocalCopySweep sweep;

    @Inject
    WorkDirectory work;

    /**
     * Rows that earlier test classes left pointing at another S3 server's bucket (a restarted application gets a new
     * one): a sweep would take them for a wrong bucket and, rightly, delete nothing.
     */
    @BeforeEach
    void forgetRowsOfEarlierBuckets() throws Exception {
        List<UUID> stale = new java.util.ArrayList<>();
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("select id, object_key from files.file");
                java.sql.ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (store.head(rs.getString(2)).isEmpty()) {
                    stale.add(rs.getObject(1, UUID.class));
                }
            }
        }
        for (UUID id : stale) {
            execute("delete from files.file where id = ?", id);
        }
    }

    @Test
    void oldFilesAndOrphansGoWhateverReplicaSweeps() throws Exception {
        Api alice = Api.newUser();
        byte[] csv = Dataset.sales(20, 1).csv(',');
        String old = alice.ready("old.csv", csv);
        String young = alice.ready("young.csv", csv);
        String lostObject = alice.ready("lost.csv", csv);
        String lostParquet = alice.ready("lost-parquet.csv", csv);
        execute("update files.file set created_at = now() - interval '40 days' where id = ?", UUID.fromString(old));
        store.delete(ObjectKeys.original(alice.user(), UUID.fromString(lostObject)));
        store.delete(ObjectKeys.parquet(alice.user(), UUID.fromString(lostParquet)));
        UUID strayId = UUID.randomUUID();
        String stray = ObjectKeys.original(alice.user(), strayId);
        store.put(stray, new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)), "text/csv");

        // two replicas sweeping at the same moment
        CompletableFuture<RetentionService.Report> a = CompletableFuture.supplyAsync(retention::sweep);
        CompletableFuture<RetentionService.Report> b = CompletableFuture.supplyAsync(retention::sweep);
        RetentionService.Report ra = a.get();
        RetentionService.Report rb = b.get();
        assertThat(ra.expired() + rb.expired()).isGreaterThanOrEqualTo(1);

        alice.request().get("/api/files/" + old).then().statusCode(404);
        assertThat(store.head(ObjectKeys.original(alice.user(), UUID.fromString(old)))).isEmpty();
        assertThat(store.head(ObjectKeys.parquet(alice.user(), UUID.fromString(old)))).isEmpty();
        alice.request().get("/api/files/" + lostObject).then().statusCode(404);
        assertThat(store.head(ObjectKeys.parquet(alice.user(), UUID.fromString(lostObject)))).isEmpty();
        assertThat(store.head(stray)).isEmpty();
        alice.request().get("/api/files/" + young).then().statusCode(200).body("status", equalTo("READY"));
        // a READY file that lost its Parquet copy is processed again, and answers queries afterwards
        alice.awaitProcessed(lostParquet);
        alice.query(lostParquet, "SELECT count(*) FROM data").then().statusCode(200).body("rows[0][0]", equalTo(20));
        assertThat(store.head(ObjectKeys.parquet(alice.user(), UUID.fromString(lostParquet)))).isPresent();
        alice.query(young, "SELECT count(*) FROM data").then().statusCode(200).body("rows[0][0]", equalTo(20));
    }

    @Test
    void originalsMissingForMostFilesDeleteNoRow() throws Exception {
        Api alice = Api.newUser();
        byte[] csv = Dataset.sales(20, 1).csv(',');
        List<UUID> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            UUID id = UUID.fromString(alice.ready("f" + i + ".csv", csv));
            // dated before any other test's rows, so that the sweep below sees these four alone
            execute("update files.file set created_at = timestamptz '2000-01-01 00:00:00Z' where id = ?", id);
            ids.add(id);
        }
        Instant cutoff = Instant.parse("2000-01-02T00:00:00Z");
        try {
            // three of four originals gone: a wrong bucket, not lost files; every row stays
            for (UUID id : ids.subList(0, 3)) {
                store.delete(ObjectKeys.original(alice.user(), id));
            }
            assertThat(retention.orphanRows(cutoff)).containsExactly(0, 0);
            for (UUID id : ids) {
                alice.request().get("/api/files/" + id).then().statusCode(200);
            }
            // two of four (objects back for one): plausibly lost one by one, so their rows go
            store.put(ObjectKeys.original(alice.user(), ids.get(0)), new ByteArrayInputStream(csv), "text/csv");
            assertThat(retention.orphanRows(cutoff)).containsExactly(2, 0);
            alice.request().get("/api/files/" + ids.get(1)).then().statusCode(404);
            alice.request().get("/api/files/" + ids.get(0)).then().statusCode(200);
        } finally {
            for (UUID id : ids) {
                execute("delete from files.file where id = ?", id);
            }
        }
    }

    @Test
    void aFileDeletedThroughAnotherReplicaLeavesNoLocalCopyHere() throws Exception {
        Api alice = Api.newUser();
        byte[] csv = Dataset.sales(20, 1).csv(',');
        UUID gone = UUID.fromString(alice.ready("gone.csv", csv));
        UUID kept = UUID.fromString(alice.ready("kept.csv", csv));
        for (UUID id : List.of(gone, kept)) {
            alice.query(id.toString(), "SELECT count(*) FROM data").then().statusCode(200);
        }
        assertThat(parquet.fileIds()).contains(gone, kept);
        assertThat(localCopies(gone)).isNotEmpty();
        // spooled uploads this replica received but another processed: the deleted file's, a kept file's, and one
        // of an upload still in flight (no row yet, written just now; one still UPLOADED would stay too)
        Path goneUpload = spooled(gone, Instant.now().minusSeconds(600));
        Path keptUpload = spooled(kept, Instant.now().minusSeconds(600));
        Path inFlight = spooled(UUID.randomUUID(), Instant.now());
        // another replica served the delete: the row is gone, this replica was not told
        execute("delete from files.file where id = ?", gone);

        // at least that one file (earlier test classes may have left spooled uploads of files deleted since)
        assertThat(sweep.sweep()).isPositive();
        assertThat(parquet.fileIds()).doesNotContain(gone).contains(kept);
        assertThat(localCopies(gone)).isEmpty();
        assertThat(localCopies(kept)).isNotEmpty();
        assertThat(goneUpload).doesNotExist();
        // processed (here READY) by another replica: only a replica that processes a file reads its spooled upload
        assertThat(keptUpload).doesNotExist();
        assertThat(inFlight).exists();
        Files.delete(inFlight);
        alice.query(kept.toString(), "SELECT count(*) FROM data").then().statusCode(200).body("rows[0][0]", equalTo(20));
        assertThat(sweep.sweep()).isZero();
    }

    private Path spooled(UUID id, Instant written) throws Exception {
        Path p = work.spoolFile(id);
        Files.writeString(p, "a,b\n1,2\n");
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(written));
        return p;
    }

    private List<Path> localCopies(UUID id) throws Exception {
        try (Stream<Path> files = Files.list(work.parquetCache())) {
            return files.filter(p -> p.getFileName().toString().startsWith(id + "-")).toList();
        }
    }

    private void execute(String sql, UUID id) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }
}
