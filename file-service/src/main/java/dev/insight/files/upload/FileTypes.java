package dev.insight.files.upload;

import dev.insight.files.file.FileFormat;
import dev.insight.support.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Decides what an upload is from its extension and its first bytes. Known binary signatures win over the
 * extension (a PDF named .csv is a PDF); text without a known extension is sniffed; anything else is 415.
 * Content that claims a dataset format but turns out unreadable is accepted here and ends FAILED with the
 * reader's reason.
 */
public final class FileTypes {

    public static final String SUPPORTED = "CSV, TSV, XLSX, JSON (array), NDJSON and Parquet";

    private FileTypes() {
    }

    public static FileFormat detect(String name, byte[] head, int length) {
        String ext = FileNames.extension(name);
        if (startsWith(head, length, "PAR1")) {
            return FileFormat.PARQUET;
        }
        if (startsWith(head, length, "PK\u0003\u0004")) {
            if (ext.equals(".xlsx") || ext.equals(".xlsm") || contains(head, length, "xl/")
                    || contains(head, length, "[Content_Types].xml") && !contains(head, length, "word/")
                            && !contains(head, length, "ppt/")) {
                return FileFormat.XLSX;
            }
            throw unsupported(name, "a zip archive that is not an Excel workbook");
        }
        Optional<String> foreign = foreignSignature(head, length);
        if (foreign.isPresent()) {
            throw unsupported(name, foreign.get());
        }
        switch (ext) {
            case ".csv":
                return FileFormat.CSV;
            case ".tsv":
            case ".tab":
                return FileFormat.TSV;
            case ".json":
                return firstSignificant(head, length) == '{' ? FileFormat.NDJSON : FileFormat.JSON;
            case ".ndjson":
            case ".jsonl":
                return FileFormat.NDJSON;
            case ".parquet":
                return FileFormat.PARQUET;
            case ".xlsx":
                return FileFormat.XLSX;
            case ".txt":
            case "":
                return sniffText(name, head, length);
            default:
                throw unsupported(name, "a '" + ext + "' file");
        }
    }

    private static FileFormat sniffText(String name, byte[] head, int length) {
        if (length == 0 || !looksLikeText(head, length)) {
            throw unsupported(name, length == 0 ? "an empty file without a known extension" : "binary content");
        }
        int first = firstSignificant(head, length);
        if (first == '[') {
            return FileFormat.JSON;
        }
        if (first == '{') {
            return FileFormat.NDJSON;
        }
        String text = new String(head, 0, length, StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        String firstLine = nl < 0 ? text : text.substring(0, nl);
        long tabs = firstLine.chars().filter(c -> c == '\t').count();
        long commas = firstLine.chars().filter(c -> c == ',' || c == ';').count();
        return tabs > 0 && tabs >= commas ? FileFormat.TSV : FileFormat.CSV;
    }

    private static Optional<String> foreignSignature(byte[] head, int length) {
        if (startsWith(head, length, "%PDF")) {
            return Optional.of("a PDF document");
        }
        if (startsWith(head, length, "\u0089PNG")) {
            return Optional.of("a PNG image");
        }
        if (length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8 && (head[2] & 0xff) == 0xFF) {
            return Optional.of("a JPEG image");
        }
        if (startsWith(head, length, "GIF8")) {
            return Optional.of("a GIF image");
        }
        if (length >= 2 && (head[0] & 0xff) == 0x1F && (head[1] & 0xff) == 0x8B) {
            return Optional.of("a gzip archive (upload the uncompressed file)");
        }
        if (startsWith(head, length, "\u007fELF") || startsWith(head, length, "MZ")) {
            return Optional.of("an executable");
        }
        if (length >= 4 && (head[0] & 0xff) == 0xD0 && (head[1] & 0xff) == 0xCF && (head[2] & 0xff) == 0x11
                && (head[3] & 0xff) == 0xE0) {
            return Optional.of("a legacy Office (.xls) document; save it as .xlsx");
        }
        if (startsWith(head, length, "7z\u00bc\u00af")) {
            return Optional.of("a 7z archive");
        }
        return Optional.empty();
    }

    /** UTF-8 (or ASCII) text without NUL bytes in the first bytes. */
    static boolean looksLikeText(byte[] head, int length) {
        for (int i = 0; i < length; i++) {
            if (head[i] == 0) {
                return false;
            }
        }
        var decoder = StandardCharsets.UTF_8.newDecoder();
        try {
            // a multi-byte character may be cut at the end of the sniffed window: ignore the last 3 bytes
            decoder.decode(java.nio.ByteBuffer.wrap(head, 0, Math.max(0, length - 3)));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static int firstSignificant(byte[] head, int length) {
        int i = 0;
        if (length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB && (head[2] & 0xff) == 0xBF) {
            i = 3;
        }
        for (; i < length; i++) {
            if (!Character.isWhitespace(head[i])) {
                return head[i];
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] head, int length, String magic) {
        if (length < magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if ((head[i] & 0xff) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(byte[] head, int length, String needle) {
        return new String(head, 0, length, StandardCharsets.ISO_8859_1).contains(needle);
    }

    private static ProblemException unsupported(String name, String what) {
        return new ProblemException(415, "Unsupported Media Type",
                "'" + name + "' is " + what + "; file-service reads " + SUPPORTED + ".");
    }

}
