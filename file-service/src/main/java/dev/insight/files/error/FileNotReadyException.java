package dev.insight.files.error;

import dev.insight.files.file.FileStatus;
import java.util.UUID;

/** The file exists but has no summary or data to query yet (or never will: FAILED); answered 409. */
public class FileNotReadyException extends RuntimeException {

    private final UUID fileId;
    private final FileStatus fileStatus;
    private final String error;

    public FileNotReadyException(UUID fileId, FileStatus fileStatus, String error) {
        super(message(fileId, fileStatus, error), null, false, false);
        this.fileId = fileId;
        this.fileStatus = fileStatus;
        this.error = error;
    }

    private static String message(UUID fileId, FileStatus status, String error) {
        return switch (status) {
            case FAILED -> "File " + fileId + " could not be processed: " + error;
            default -> "File " + fileId + " is still being processed (" + status + "); try again shortly.";
        };
    }

    public UUID fileId() {
        return fileId;
    }

    public FileStatus fileStatus() {
        return fileStatus;
    }

    public String error() {
        return error;
    }
}
