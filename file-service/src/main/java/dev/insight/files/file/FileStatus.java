package dev.insight.files.file;

/** Where a file is in its life: UPLOADED → PROCESSING → READY | FAILED. */
public enum FileStatus {
    UPLOADED, PROCESSING, READY, FAILED
}
