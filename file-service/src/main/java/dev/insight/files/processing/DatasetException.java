package dev.insight.files.processing;

/** The dataset itself cannot be read or is refused: the file ends FAILED with this readable reason. */
public class DatasetException extends Exception {

    public DatasetException(String reason) {
        super(reason, null, false, false);
    }
}
