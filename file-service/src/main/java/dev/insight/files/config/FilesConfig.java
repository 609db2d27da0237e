package dev.insight.files.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Every limit and tunable of file-service; environment overrides follow the usual Quarkus mapping
 * (FILES_LIMITS_UPLOAD_SIZE, FILES_QUERY_TIMEOUT, …). FILES_RETENTION is mapped in application.properties.
 */
@ConfigMapping(prefix = "files")
public interface FilesConfig {

    Limits limits();

    Storage storage();

    Processing processing();

    Engine engine();

    Summary summary();

    Query query();

    Retention retention();

    Cache cache();

    interface Limits {
        /** Largest upload, counted on the file part's bytes while they stream in. */
        @WithDefault("256M")
        MemorySize uploadSize();

        /**
         * Uploads this replica receives at once; more are a 503 with Retry-After. Each holds up to three S3 parts
         * (files.storage.part-size) in memory while it streams, so this bounds the heap uploads can take.
         */
        @WithDefault("8")
        int concurrentUploads();

        /** Largest JSON request body (the query endpoint's). */
        @WithDefault("1M")
        MemorySize jsonBody();

        /** Longest display name kept for a file, in characters. */
        @WithDefault("255")
        int nameChars();

        /** Widest dataset accepted; wider files end FAILED. */
        @WithDefault("1024")
        int maxColumns();

        @WithDefault("50")
        int defaultPageSize();

        @WithDefault("200")
        int maxPageSize();

        /** Longest SQL text accepted by the query endpoint. */
        @WithDefault("20000")
        int sqlChars();
    }

    interface Storage {
        /** The bucket holding originals and processed copies; created at start when missing. */
        String bucket();

        /** Uploads at least this large go to S3 as a multipart upload in parts of this size (S3's minimum is 5 MiB). */
        @WithDefault("8M")
        MemorySize partSize();

        /** Local working space: spooled uploads, downloads being processed, the Parquet cache, DuckDB's temp files. */
        @WithDefault("${java.io.tmpdir}/insight-files")
        String workDirectory();
    }

    interface Processing {
        /** Whether this replica processes uploads at all. */
        @WithDefault("true")
        boolean enabled();

        /** How often an idle replica looks for unclaimed work (a local upload wakes it at once). */
        @WithDefault("2s")
        Duration pollInterval();

        /** Files processed at once by this replica. */
        @WithDefault("1")
        int concurrency();

        /** A claim not renewed for this long is taken to belong to a dead replica and is picked up again. */
        @WithDefault("60s")
        Duration lease();

        /** How often a live claim is renewed. */
        @WithDefault("15s")
        Duration heartbeat();

        /** Claims after which a file that keeps killing its processor ends FAILED. */
        @WithDefault("3")
        int maxAttempts();

        /**
         * How long a file waits before it is tried again after S3 or the database failed its processing (not
         * counted as an attempt: the file is not at fault).
         */
        @WithDefault("30s")
        Duration retryDelay();

        /** Longest processing of one file before it ends FAILED. */
        @WithDefault("30M")
        Duration timeout();

        Xlsx xlsx();

        interface Xlsx {
            /** Entries in the zip container, beyond which it is taken for hostile. */
            @WithDefault("10000")
            int maxEntries();

            /** Largest uncompressed size of one entry (a sheet's XML, the shared strings). */
            @WithDefault("1G")
            MemorySize maxEntrySize();

            /** Largest uncompressed size of the shared strings table, which the reader keeps in memory. */
            @WithDefault("64M")
            MemorySize maxSharedStrings();

            /** Highest uncompressed/compressed ratio of an entry larger than 1 MiB (zip bombs reach 1000:1). */
            @WithDefault("200")
            int maxCompressionRatio();

            /** Most rows read from a sheet (Excel's own limit). */
            @WithDefault("1048576")
            long maxRows();
        }
    }

    interface Engine {
        /** DuckDB's memory limit per database (one per processing job or query). */
        @WithDefault("256MB")
        String memoryLimit();

        /**
         * Most spill per database (DuckDB's max_temp_directory_size); a statement that needs more fails (a query 422,
         * a processing job FAILED) rather than fill the disk of /tmp. Up to three databases spill at once (a job and
         * two queries) beside the 2 GB Parquet cache: k8s/ sizes /tmp at 8 GiB.
         */
        @WithDefault("1GB")
        String maxTempSize();

        /** DuckDB threads per database. */
        @WithDefault("2")
        int threads();

        /** Largest single line of a CSV or record of a JSON file (DuckDB's CSV buffers are 16 times this, per thread). */
        @WithDefault("2M")
        MemorySize maxLineSize();
    }

    interface Summary {
        /** Most sample rows kept in a summary. */
        @WithDefault("10")
        int sampleRows();

        /** Most entries in a column's topValues. */
        @WithDefault("5")
        int topValues();

        /** Up to this many rows, distinct counts and percentiles are exact; above it they are approximate (HyperLogLog, t-digest). */
        @WithDefault("100000")
        long exactMaxRows();

        /** Longest text kept for a value in a summary; longer ones are cut with an ellipsis. */
        @WithDefault("200")
        int maxValueChars();

        /** A column is "mostly null" when at least this share of its values are null. */
        @WithDefault("0.5")
        double mostlyNullRatio();

        /** A text column is of "high cardinality" when its distinct values reach this share of its non-null values. */
        @WithDefault("0.9")
        double highCardinalityRatio();

        /** ... and it has at least this many rows (small tables are all distinct by nature). */
        @WithDefault("50")
        long highCardinalityMinRows();
    }

    interface Query {
        /** Rows returned at most; more make the result truncated. */
        @WithDefault("10000")
        int maxRows();

        /**
         * Largest result, counted as the values' text (about the size of its JSON); rows past it are cut and the
         * result is truncated, and a first row larger than this alone is refused with 422.
         */
        @WithDefault("4M")
        MemorySize maxResultSize();

        /** Longest query run, fetching included; past it the statement is cancelled and the caller gets 422. */
        @WithDefault("10s")
        Duration timeout();

        /** Queries run at once by this replica; more wait in line. */
        @WithDefault("2")
        int concurrency();

        /** Longest a query waits in line for a free slot before the caller gets 503. */
        @WithDefault("10s")
        Duration queueTimeout();

        /**
         * Largest resident memory of a query worker process (users' SQL runs in its own process); one that grows past
         * it is ended and its query answered 422. Counts DuckDB (engine.memory-limit, and what that limit does not
         * count), the worker's heap and about 120 MB of runtime and native library.
         */
        @WithDefault("768M")
        MemorySize workerMemory();

        /**
         * Java heap of a query worker: it holds one result (max-result-size as Java objects) and DuckDB's driver's
         * current chunk of rows (2048 rows of up to 1024 columns) at a time.
         */
        @WithDefault("256M")
        MemorySize workerHeap();

        /** Query workers started ahead of need (up to concurrency), so that a query does not wait for one to start. */
        @WithDefault("1")
        int warmWorkers();
    }

    interface Retention {
        /** Files older than this are deleted; 0 turns retention off. */
        @WithDefault("30D")
        Duration maxAge();

        /** How often the retention and orphan sweep runs. */
        @WithDefault("1h")
        Duration interval();

        /** Objects without a row, and rows without an object, are only removed once older than this. */
        @WithDefault("6h")
        Duration orphanGrace();

        /** Rows (and object listing pages) handled per sweep step. */
        @WithDefault("500")
        int batchSize();
    }

    interface Cache {
        /** Most bytes of Parquet files kept locally for queries (least recently used go first). */
        @WithDefault("2G")
        MemorySize parquetBytes();

        /**
         * How often each replica drops its local copies of files deleted through another replica (the replica that
         * serves a delete drops its own at once).
         */
        @WithDefault("1m")
        Duration localCopySweep();

        @WithDefault("24h")
        Duration summaryTtl();

        /** Redis is an accelerator: past this, a cache call counts as a miss. */
        @WithDefault("300ms")
        Duration timeout();

    }
}
