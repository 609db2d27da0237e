package dev.insight.files.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes minimal but valid XLSX workbooks (SpreadsheetML parts in a zip), and hostile ones. */
public final class Xlsx {

    private Xlsx() {
    }

    public static byte[] workbook(List<String> header, List<List<Object>> rows, List<String> sheets) {
        return workbook(header, rows, sheets, true);
    }

    /** A workbook without the optional styles part (some tools write none): no cell can be a date then. */
    public static byte[] unstyled(List<String> header, List<List<Object>> rows) {
        return workbook(header, rows, List.of("Sheet1"), false);
    }

    private static byte[] workbook(List<String> header, List<List<Object>> rows, List<String> sheets, boolean styles) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "[Content_Types].xml", contentTypes(sheets.size(), styles));
            put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
            StringBuilder wb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                    + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>");
            StringBuilder rels = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
            for (int i = 0; i < sheets.size(); i++) {
                wb.append("<sheet name=\"").append(sheets.get(i)).append("\" sheetId=\"").append(i + 1).append("\" r:id=\"rId").append(i + 1).append("\"/>");
                rels.append("<Relationship Id=\"rId").append(i + 1).append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet")
                        .append(i + 1).append(".xml\"/>");
            }
            if (styles) {
                rels.append("<Relationship Id=\"rId").append(sheets.size() + 1)
                        .append("\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>");
            }
            put(zip, "xl/workbook.xml", wb.append("</sheets></workbook>").toString());
            put(zip, "xl/_rels/workbook.xml.rels", rels.append("</Relationships>").toString());
            if (styles) {
                put(zip, "xl/styles.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                        + "<fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders>"
                        + "<cellStyleXfs count=\"1\"><xf/></cellStyleXfs><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>");
            }
            put(zip, "xl/worksheets/sheet1.xml", sheet(header, rows));
            for (int i = 1; i < sheets.size(); i++) {
                put(zip, "xl/worksheets/sheet" + (i + 1) + ".xml", sheet(List.of("text"), List.of(List.of("hello"))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A workbook whose sheet XML is tens of megabytes of whitespace compressed to almost nothing. */
    public static byte[] zipBomb(int megabytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            put(zip, "[Content_Types].xml", contentTypes(1, true));
            put(zip, "xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheets><sheet name=\"Bomb\" sheetId=\"1\"/></sheets></workbook>");
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            byte[] spaces = new byte[1 << 20];
            java.util.Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < megabytes; i++) {
                zip.write(spaces);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A valid small workbook whose zip directory says its sheet part is 10 bytes: a size check that trusts the
     * directory passes it, while the part expands to far more.
     */
    public static byte[] lyingAboutItsSize() {
        List<List<Object>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            rows.add(List.of("row " + i, i));
        }
        byte[] zip = unstyled(List.of("name", "n"), rows);
        byte[] name = "xl/worksheets/sheet1.xml".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + 46 + name.length <= zip.length; i++) {
            if (zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 1 && zip[i + 3] == 2
                    && java.util.Arrays.equals(zip, i + 46, i + 46 + name.length, name, 0, name.length)) {
                // the central directory entry's uncompressed size (offset 24, little-endian)
                zip[i + 24] = 10;
                zip[i + 25] = 0;
                zip[i + 26] = 0;
                zip[i + 27] = 0;
                return zip;
            }
        }
        throw new IllegalStateException("no directory entry for the sheet");
    }

    private static String sheet(List<String> header, List<List<Object>> rows) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>");
        row(s, 1, header.stream().map(h -> (Object) h).toList());
        for (int r = 0; r < rows.size(); r++) {
            row(s, r + 2, rows.get(r));
        }
        return s.append("</sheetData></worksheet>").toString();
    }

    private static void row(StringBuilder s, int number, List<Object> values) {
        s.append("<row r=\"").append(number).append("\">");
        for (int c = 0; c < values.size(); c++) {
            Object v = values.get(c);
            if (v == null) {
                continue;
            }
            String ref = column(c) + number;
            if (v instanceof Number n) {
                s.append("<c r=\"").append(ref).append("\"><v>").append(n).append("</v></c>");
            } else if (v instanceof LocalDate d) {
                long serial = ChronoUnit.DAYS.between(LocalDate.of(1899, 12, 30), d);
                s.append("<c r=\"").append(ref).append("\" s=\"1\"><v>").append(serial).append("</v></c>");
            } else {
                s.append("<c r=\"").append(ref).append("\" t=\"inlineStr\"><is><t>").append(escape(v.toString()))
                        .append("</t></is></c>");
            }
        }
        s.append("</row>");
    }

    private static String column(int index) {
        StringBuilder name = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            name.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return name.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String contentTypes(int sheets, boolean styles) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + (styles ? "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>" : ""));
        for (int i = 1; i <= sheets; i++) {
            s.append("<Override PartName=\"/xl/worksheets/sheet").append(i)
                    .append(".xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
        }
        return s.append("</Types>").toString();
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

}
