package dev.insight.files.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.insight.files.file.FileFormat;
import dev.insight.support.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void keepsTheUsefulPartOfAName() {
        assertThat(FileNames.sanitize("report.csv", 255)).isEqualTo("report.csv");
        assertThat(FileNames.sanitize("../../etc/passwd", 255)).isEqualTo("passwd");
        assertThat(FileNames.sanitize("C:\\data\\q1.xlsx", 255)).isEqualTo("q1.xlsx");
        assertThat(FileNames.sanitize("a\u0000b\nc\td.csv", 255)).isEqualTo("ab c d.csv");
        assertThat(FileNames.sanitize("invoice\u202Eslx.exe", 255)).isEqualTo("invoiceslx.exe");
        assertThat(FileNames.sanitize("...hidden", 255)).isEqualTo("hidden");
        assertThat(FileNames.sanitize("  ", 255)).isEqualTo("upload");
        assertThat(FileNames.sanitize(null, 255)).isEqualTo("upload");
        assertThat(FileNames.sanitize("données 2024.csv", 255)).isEqualTo("données 2024.csv");
        assertThat(FileNames.sanitize("y".repeat(300) + ".parquet", 20)).isEqualTo("y".repeat(12) + ".parquet");
    }

    @Test
    void contentDispositionIsSafeForEveryClient() {
        assertThat(FileNames.contentDisposition("attachment", "a \"b\"\\c%.csv"))
                .isEqualTo("attachment; filename=\"a _b__c_.csv\"; filename*=UTF-8''a%20%22b%22%5Cc%25.csv");
        assertThat(FileNames.contentDisposition("attachment", "日本.csv"))
                .isEqualTo("attachment; filename=\"__.csv\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.csv");
    }

    @Test
    void typesComeFromSignaturesThenExtensions() {
        assertThat(detect("x.csv", "a,b\n1,2\n")).isEqualTo(FileFormat.CSV);
        assertThat(detect("x.tsv", "a\tb\n")).isEqualTo(FileFormat.TSV);
        assertThat(detect("x.json", " [{}]")).isEqualTo(FileFormat.JSON);
        assertThat(detect("x.json", "{\"a\":1}\n{\"a\":2}")).isEqualTo(FileFormat.NDJSON);
        assertThat(detect("x.jsonl", "{}")).isEqualTo(FileFormat.NDJSON);
        assertThat(detect("whatever.bin.csv", "PAR1....")).isEqualTo(FileFormat.PARQUET);
        assertThat(detect("book.xlsx", "PK\u0003\u0004....")).isEqualTo(FileFormat.XLSX);
        assertThat(detect("noext", "a\tb\tc\n1\t2\t3\n")).isEqualTo(FileFormat.TSV);
        assertThat(detect("noext", "a;b\n1;2\n")).isEqualTo(FileFormat.CSV);
        assertThat(detect("data.txt", "\uFEFF[1,2]")).isEqualTo(FileFormat.JSON);
        for (String[] refused : new String[][] { { "x.csv", "%PDF-1.4" }, { "x.pdf", "hello" }, { "x", "\u0000\u0001" },
                { "x.docx", "PK\u0003\u0004word/document.xml" }, { "x.csv", "\u001f\u008b\u0008" } }) {
            Assertions.assertThatThrownBy(() -> detect(refused[0], refused[1])).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(415));
        }
    }

    private static FileFormat detect(String name, String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        if (head.startsWith("\uFEFF") || head.chars().anyMatch(c -> c > 0xff)) {
            bytes = head.getBytes(StandardCharsets.UTF_8);
        }
        return FileTypes.detect(name, bytes, bytes.length);
    }
}
