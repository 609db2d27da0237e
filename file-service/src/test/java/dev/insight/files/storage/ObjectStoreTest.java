package dev.insight.files.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.insight.files.testing.Hashes;
import dev.insight.files.testing.S3Server;
import dev.insight.identity.testing.TestKeys;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Multipart uploads against the real S3-compatible server, in parts of 5 MiB (the test profile's part size): every
 * byte arrives in order whatever the number of parts, the part buffers being reused; a stream that fails midway
 * leaves no object, and one S3 refuses ends at once.
 */
@QuarkusTest
@WithTestResource(TestKeys.class)
@WithTestResource(S3Server.class)
class ObjectStoreTest {

    private static final int PART = 5 << 20;

    @Inject
    ObjectStore store;

    @Test
    void aStreamOfSeveralPartsIsStoredByteForByte() throws IOException {
        // seven parts: more than the buffers in use at once, so that each buffer carries several parts
        byte[] content = random(6 * PART + 12_345, 1);
        String key = "test/" + UUID.randomUUID();
        assertThat(store.put(key, new ByteArrayInputStream(content), "text/csv")).isEqualTo(content.length);
        assertStored(key, content);
    }

    @Test
    void aStreamOfWholePartsEndsWithItsLastFullPart() throws IOException {
        byte[] content = random(2 * PART, 2);
        String key = "test/" + UUID.randomUUID();
        assertThat(store.put(key, new ByteArrayInputStream(content), "text/csv")).isEqualTo(content.length);
        assertStored(key, content);
    }

    @Test
    void aSmallStreamIsOnePut() throws IOException {
        byte[] content = random(PART - 1, 3);
        String key = "test/" + UUID.randomUUID();
        assertThat(store.put(key, new ByteArrayInputStream(content), "text/csv")).isEqualTo(content.length);
        assertStored(key, content);
    }

    @Test
    void aStreamThatFailsMidwayLeavesNoObject() {
        byte[] content = random(3 * PART, 4);
        String key = "test/" + UUID.randomUUID();
        InputStream failing = new ByteArrayInputStream(content) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (pos > 2 * PART + 100) {
                    throw new java.io.UncheckedIOException(new IOException("connection reset by the client"));
                }
                return super.read(b, off, Math.min(len, 64 * 1024));
            }
        };
        assertThatThrownBy(() -> store.put(key, failing, "text/csv")).hasMessageContaining("connection reset");
        assertThat(store.head(key)).isEmpty();
    }

    /** S3 gone midway: the upload fails at the first part it refuses, with the rest of the stream left unread. */
    @Test
    void aPartS3RefusesEndsTheUploadWithoutReadingTheRest() {
        byte[] content = random(7 * PART, 5);
        String key = "test/" + UUID.randomUUID();
        ByteArrayInputStream halting = new ByteArrayInputStream(content) {
            private boolean halted;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                if (!halted && pos >= 2 * PART) {
                    halted = true;
                    S3Server.halt();
                }
                return super.read(b, off, Math.min(len, 1 << 20));
            }
        };
        try {
            assertThatThrownBy(() -> store.put(key, halting, "text/csv"));
            assertThat(halting.available()).as("bytes left unread").isGreaterThanOrEqualTo(2 * PART);
        } finally {
            S3Server.restart();
            store.ping();
        }
    }

    private void assertStored(String key, byte[] content) throws IOException {
        try (InputStream in = store.open(key, null)) {
            byte[] stored = in.readAllBytes();
            assertThat(stored.length).isEqualTo(content.length);
            assertThat(Hashes.sha256(stored)).isEqualTo(Hashes.sha256(content));
        } finally {
            store.delete(key);
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }
}
