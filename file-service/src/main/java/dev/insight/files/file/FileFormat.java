package dev.insight.files.file;

/** The dataset formats file-service reads, with the media type it serves each one as. */
public enum FileFormat {
    CSV("text/csv", ".csv"),
    TSV("text/tab-separated-values", ".tsv"),
    JSON("application/json", ".json"),
    NDJSON("application/x-ndjson", ".ndjson"),
    PARQUET("application/vnd.apache.parquet", ".parquet"),
    XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx");

    private final String mediaType;
    private final String extension;

    FileFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    public String extension() {
        return extension;
    }
}
