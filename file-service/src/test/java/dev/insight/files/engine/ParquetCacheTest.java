package dev.insight.files.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.insight.files.config.FilesConfig;
import dev.insight.files.storage.ObjectStore;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local Parquet copies against the real S3-compatible server, with caches far smaller than the test's files: a
 * copy larger than the whole cache is used by everyone who asked for it and then dropped (it was once evicted before
 * its first use and downloaded again, forever), and a copy in use is never evicted by another.
 */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class ParquetCacheTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    ObjectStore store;

    @Inject
    WorkDirectory work;

    @Inject
    S3Client s3;

    @Inject
    FilesConfig config;

    private record Stored(UUID fileId, String sha256, String key, byte[] content) {
    }

    private Stored stored(int size, int seed) throws IOException {
        byte[] content = new byte[size];
        Arrays.fill(content, (byte) seed);
        UUID id = UUID.randomUUID();
        String key = "test/parquet/" + id;
        store.put(key, new ByteArrayInputStream(content), "application/vnd.apache.parquet");
        return new Stored(id, "%064d".formatted(seed), key, content);
    }

    private static ParquetCache.Lease acquire(ParquetCache cache, Stored s) {
        return assertTimeoutPreemptively(PATIENCE, () -> cache.acquire(s.fileId(), s.sha256(), s.key()));
    }

    @Test
    void aCopyLargerThanTheWholeCacheIsUsedOnceThenDropped() throws IOException {
        ParquetCache cache = new ParquetCache(store, work, 100);
        Stored big = stored(10_000, 1);
        Path path;
        try (ParquetCache.Lease lease = acquire(cache, big)) {
            path = lease.path();
            assertThat(Files.readAllBytes(path)).isEqualTo(big.content());
        }
        assertThat(path).doesNotExist();
        assertThat(cache.bytes()).isZero();
        assertThat(cache.size()).isZero();
    }

    @Test
    void everyoneWaitingForAnOversizedCopyGetsIt() throws Exception {
        ParquetCache cache = new ParquetCache(store, work, 100);
        Stored big = stored(2_000_000, 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ParquetCache.Lease>> asked = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                asked.add(pool.submit(() -> cache.acquire(big.fileId(), big.sha256(), big.key())));
            }
            List<ParquetCache.Lease> leases = new ArrayList<>();
            for (Future<ParquetCache.Lease> f : asked) {
                leases.add(f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            }
            for (ParquetCache.Lease lease : leases) {
                assertThat(Files.size(lease.path())).isEqualTo(big.content().length);
            }
            List<Path> paths = leases.stream().map(ParquetCache.Lease::path).distinct().toList();
            leases.forEach(ParquetCache.Lease::close);
            assertThat(paths).allSatisfy(p -> assertThat(p).doesNotExist());
            assertThat(cache.bytes()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void queriesWaitingForADownloadShareItEvenWhenTheFirstIsDoneBeforeThem() throws Exception {
        AtomicInteger downloads = new AtomicInteger();
        ObjectStore slow = new ObjectStore(s3, config) {
            @Override
            public void download(String key, Path target) {
                downloads.incrementAndGet();
                try {
                    Thread.sleep(500); // long enough for every query below to be waiting for it
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.download(key, target);
            }
        };
        ParquetCache cache = new ParquetCache(slow, work, 100);
        Stored big = stored(1_000_000, 5);
        // many queries on two cores: some of those waiting are scheduled only after the first is done with the copy
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> asked = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                asked.add(pool.submit(() -> {
                    start.await();
                    // each query reads the copy and is done at once: the first may finish before the others start
                    try (ParquetCache.Lease lease = cache.acquire(big.fileId(), big.sha256(), big.key())) {
                        return Arrays.equals(Files.readAllBytes(lease.path()), big.content());
                    }
                }));
            }
            start.countDown();
            for (Future<Boolean> f : asked) {
                assertThat(f.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        // one download for all sixteen (a waiter found the copy dropped under it and fetched it again)
        assertThat(downloads.get()).isEqualTo(1);
        assertThat(cache.bytes()).isZero();
    }

    @Test
    void aCopyInUseIsNotEvictedByAnother() throws IOException {
        ParquetCache cache = new ParquetCache(store, work, 1_500);
        Stored first = stored(1_000, 3);
        Stored second = stored(1_000, 4);
        try (ParquetCache.Lease a = acquire(cache, first)) {
            Path secondPath;
            try (ParquetCache.Lease b = acquire(cache, second)) {
                secondPath = b.path();
                assertThat(a.path()).exists();
                assertThat(Files.readAllBytes(b.path())).isEqualTo(second.content());
            }
            // over the limit once both are in: the one no longer in use goes, the one in use stays
            assertThat(secondPath).doesNotExist();
            assertThat(Files.readAllBytes(a.path())).isEqualTo(first.content());
            assertThat(cache.size()).isEqualTo(1);
        }
        // within the limit alone: kept for the next query, which does not download it again
        try (ParquetCache.Lease again = acquire(cache, first)) {
            assertThat(again.path()).exists();
        }
        assertThat(cache.bytes()).isEqualTo(1_000);
    }
}
