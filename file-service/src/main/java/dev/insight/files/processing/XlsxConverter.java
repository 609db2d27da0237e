package dev.insight.files.processing;

import dev.insight.files.config.FilesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * Reads the first sheet of an XLSX workbook with a streaming reader (fastexcel-reader: one row in memory at a
 * time) and writes it as CSV for DuckDB to type and convert. The zip container is checked before anything is
 * parsed: entry count, declared sizes and compression ratios, so that zip bombs end FAILED instead of filling
 * memory or disk. Blocking: runs on the processing executor.
 */
@ApplicationScoped
public class XlsxConverter {

    /** The sheet as CSV, which sheet it was, and the names of all sheets. */
    public record Converted(Path csv, String sheet, List<String> sheets) {
    }

    private static final long ONE_MIB = 1L << 20;
    // Excel's built-in date and time formats
    private static final Set<Integer> BUILTIN_DATE_FORMATS = Set.of(14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30,
            31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private final FilesConfig.Processing.Xlsx limits;
    private final int maxColumns;

    public XlsxConverter(FilesConfig config) {
        this.limits = config.processing().xlsx();
        this.maxColumns = config.limits().maxColumns();
    }

    public Converted toCsv(Path xlsx, Path csv, DatasetProcessor.Job job) throws DatasetException, IOException {
        // the styles part is optional: a workbook some tools write without one has no date formats to read
        boolean styled = inspect(xlsx);
        try (ReadableWorkbook workbook = new ReadableWorkbook(xlsx.toFile(), new ReadingOptions(styled, false))) {
            List<String> names = workbook.getSheets().map(Sheet::getName).toList();
            if (names.isEmpty()) {
                throw new DatasetException("The workbook has no sheets.");
            }
            Sheet sheet = workbook.getFirstSheet();
            try (Stream<Row> rows = sheet.openStream(); BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
                write(rows.iterator(), out, sheet.getName(), job);
            }
            return new Converted(csv, sheet.getName(), names);
        } catch (ExcelReaderException | UncheckedIOException e) {
            throw new DatasetException("The workbook could not be read: " + message(e));
        } catch (IndexOutOfBoundsException | NumberFormatException e) {
            // a cell pointing at a shared string that does not exist, a malformed cell reference: the file, not us
            throw new DatasetException("The workbook is malformed: a cell refers to something the file does not hold.");
        }
    }

    /** Checks the zip container before any XML is parsed; true when it holds a styles part. */
    boolean inspect(Path xlsx) throws DatasetException, IOException {
        try (ZipFile zip = new ZipFile(xlsx.toFile())) {
            if (zip.size() > limits.maxEntries()) {
                throw new DatasetException("The workbook holds " + zip.size() + " parts; at most " + limits.maxEntries()
                        + " are accepted.");
            }
            boolean workbook = false;
            boolean styles = false;
            long total = 0;
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                workbook |= name.equals("xl/workbook.xml");
                styles |= name.equals("xl/styles.xml");
                long size = e.getSize();
                long compressed = Math.max(1, e.getCompressedSize());
                if (size < 0) {
                    throw new DatasetException("The workbook part '" + name + "' does not declare its size.");
                }
                if (size > limits.maxEntrySize().asLongValue()) {
                    throw new DatasetException("The workbook part '" + name + "' expands to " + size
                            + " bytes, more than the " + limits.maxEntrySize().asLongValue() + " accepted.");
                }
                if (size > ONE_MIB && size / compressed > limits.maxCompressionRatio()) {
                    throw new DatasetException("The workbook part '" + name + "' expands " + (size / compressed)
                            + " times (" + size + " bytes from " + compressed + "): this looks like a zip bomb.");
                }
                if (name.equals("xl/sharedStrings.xml") && size > limits.maxSharedStrings().asLongValue()) {
                    throw new DatasetException("The workbook's shared strings expand to " + size + " bytes, more than the "
                            + limits.maxSharedStrings().asLongValue() + " accepted.");
                }
                total += size;
                if (total > 2 * limits.maxEntrySize().asLongValue()) {
                    throw new DatasetException("The workbook expands to more than " + 2 * limits.maxEntrySize().asLongValue()
                            + " bytes.");
                }
                requireDeclaredSize(zip, e);
            }
            if (!workbook) {
                throw new DatasetException("The file is a zip archive but not an Excel workbook (no xl/workbook.xml).");
            }
            return styles;
        } catch (ZipException e) {
            throw new DatasetException("The file is not a readable XLSX workbook: " + e.getMessage());
        }
    }

    /**
     * Inflates the part (discarding it) to check it holds no more than its directory entry declares: the checks above
     * trust the declared sizes, and the reader that parses the workbook does not — a part that lies about its size
     * would pass them and expand without bound. Reads at most the declared size and one chunk more.
     */
    private static void requireDeclaredSize(ZipFile zip, ZipEntry e) throws DatasetException, IOException {
        byte[] chunk = new byte[64 * 1024];
        long read = 0;
        try (InputStream in = zip.getInputStream(e)) {
            for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
                read += n;
                if (read > e.getSize()) {
                    throw new DatasetException("The workbook part '" + e.getName() + "' expands beyond the "
                            + e.getSize() + " bytes it declares: this looks like a zip bomb.");
                }
            }
        }
    }

    private void write(Iterator<Row> rows, BufferedWriter out, String sheetName, DatasetProcessor.Job job)
            throws DatasetException, IOException {
        int width = -1;
        long written = 0;
        while (rows.hasNext()) {
            Row row = rows.next();
            if (width < 0) {
                if (isEmpty(row)) {
                    continue;
                }
                width = lastNonEmpty(row) + 1;
                if (width > maxColumns) {
                    throw new DatasetException("Sheet '" + sheetName + "' has " + width + " columns; at most " + maxColumns
                            + " are supported.");
                }
                List<String> header = new ArrayList<>(width);
                for (int c = 0; c < width; c++) {
                    String name = text(row.getCell(c));
                    header.add(name == null || name.isBlank() ? "column_" + (c + 1) : name.strip());
                }
                line(out, header);
                continue;
            }
            if (isEmpty(row)) {
                continue;
            }
            int last = lastNonEmpty(row);
            if (last >= width) {
                throw new DatasetException("Row " + row.getRowNum() + " of sheet '" + sheetName + "' has a value in column "
                        + (last + 1) + ", beyond the " + width + " columns of its header.");
            }
            List<String> values = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                values.add(text(c < row.getCellCount() ? row.getCell(c) : null));
            }
            line(out, values);
            written++;
            if (written > limits.maxRows()) {
                throw new DatasetException("Sheet '" + sheetName + "' has more than " + limits.maxRows() + " rows.");
            }
            if ((written & 0xfff) == 0) {
                job.check();
            }
        }
        if (width < 0) {
            throw new DatasetException("Sheet '" + sheetName + "' is empty.");
        }
    }

    private static boolean isEmpty(Row row) {
        return lastNonEmpty(row) < 0;
    }

    private static int lastNonEmpty(Row row) {
        for (int c = row.getCellCount() - 1; c >= 0; c--) {
            String t = text(row.getCell(c));
            if (t != null && !t.isEmpty()) {
                return c;
            }
        }
        return -1;
    }

    /** A cell as CSV text: numbers plain, dates ISO, booleans true/false, errors and blanks empty. */
    static String text(Cell cell) {
        if (cell == null) {
            return null;
        }
        switch (cell.getType()) {
            case EMPTY:
            case ERROR:
                return null;
            case BOOLEAN:
                return String.valueOf(cell.asBoolean());
            case NUMBER:
                if (isDate(cell)) {
                    LocalDateTime t = cell.asDate();
                    return t.toLocalTime().toNanoOfDay() == 0 ? t.toLocalDate().toString() : DATE_TIME.format(t);
                }
                BigDecimal n = cell.asNumber();
                return n == null ? null : n.stripTrailingZeros().toPlainString();
            case FORMULA:
                String raw = cell.getRawValue();
                return raw == null || raw.isEmpty() ? null : raw;
            default:
                return cell.getText();
        }
    }

    private static boolean isDate(Cell cell) {
        Integer id = cell.getDataFormatId();
        if (id != null && BUILTIN_DATE_FORMATS.contains(id)) {
            return true;
        }
        String format = cell.getDataFormatString();
        if (format == null || format.equalsIgnoreCase("general")) {
            return false;
        }
        // date tokens outside quoted text and [colour]/[$-locale] sections
        String bare = format.replaceAll("\"[^\"]*\"", "").replaceAll("\\[[^\\]]*\\]", "").replaceAll("\\\\.", "");
        return bare.matches("(?i).*[dmyhs].*") && !bare.matches("(?i).*[0#?].*");
    }

    private static void line(BufferedWriter out, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String v = values.get(i);
            if (v == null) {
                continue;
            }
            if (v.isEmpty() || v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0
                    || !v.equals(v.strip())) {
                out.write('"');
                out.write(v.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(v);
            }
        }
        out.write('\n');
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.length() > 300 ? m.substring(0, 300) + "…" : m;
    }
}
