package dev.insight.files.file;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An uploaded file: its metadata, where its bytes live in S3, and how far its processing went. */
@Entity
@Table(name = "file")
public class StoredFile {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false, updatable = false)
    public UUID ownerId;

    @Column(nullable = false, length = 255)
    public String name;

    @Column(nullable = false, updatable = false)
    public long size;

    @Column(name = "content_type", nullable = false, length = 100)
    public String contentType;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public FileFormat format;

    @Column(nullable = false, length = 64, updatable = false)
    public String sha256;

    @Column(name = "object_key", nullable = false, length = 200, updatable = false)
    public String objectKey;

    @Column(name = "parquet_key", length = 200)
    public String parquetKey;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public FileStatus status;

    @Column
    public String error;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "processed_at")
    public Instant processedAt;

    @Column(nullable = false)
    public int attempts;
}
