package dev.insight.chat.analyst;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The analyst's version is the digest the build records of its sources, so that no one has to remember to bump it. */
class AnalystVersionTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/insight/chat/analyst");

    @Test
    void theVersionIsTheDigestTheBuildRecorded() throws IOException {
        String recorded = Files.readString(Path.of("target/classes/dev/insight/chat/analyst/" + AnalystVersion.RESOURCE))
                .strip();
        assertThat(recorded).matches("[0-9a-f]{64}");
        assertThat(AnalystVersion.current()).isEqualTo("analyst-" + recorded.substring(0, 12));
        assertThat(BuiltinAnalyst.VERSION).isEqualTo(AnalystVersion.current());
    }

    /** Every source of the analyst counts: each has its own digest in the build's record, and it is the file's. */
    @Test
    void everySourceOfTheAnalystIsInTheDigest() throws IOException, NoSuchAlgorithmException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertThat(sources).hasSizeGreaterThan(20);
        for (Path source : sources) {
            Path checksum = Path.of("target/analyst-checksums").resolve(SOURCES.relativize(source) + ".SHA-256");
            String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(source)));
            assertThat(checksum).as("the build's digest of %s", source).exists();
            assertThat(Files.readString(checksum).strip()).as("digest of %s", source).startsWith(actual);
        }
    }

    @Test
    void onlyAHexDigestNamesAVersion() {
        assertThat(AnalystVersion.of("0123456789abcdef".repeat(4) + "\n")).isEqualTo("analyst-0123456789ab");
        assertThat(AnalystVersion.of("ABCDEF0123456789".repeat(4))).isEqualTo("analyst-abcdef012345");
        assertThat(AnalystVersion.of("")).isNull();
        assertThat(AnalystVersion.of("analyst-2")).isNull();
        assertThat(AnalystVersion.of("g".repeat(64))).isNull();
    }
}
