package dev.insight.files.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Makes a Parquet export of a CSV (as a BI tool would hand one over), with DuckDB in the test JVM. */
public final class Parquet {

    private Parquet() {
    }

    public static byte[] fromCsv(byte[] csv) {
        try {
            Path dir = Files.createTempDirectory(Path.of("target"), "parquet");
            Path in = dir.resolve("in.csv");
            Path out = dir.resolve("out.parquet");
            Files.write(in, csv);
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
                s.execute("COPY (SELECT * FROM read_csv('" + in + "')) TO '" + out + "' (FORMAT parquet)");
            }
            return Files.readAllBytes(out);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
