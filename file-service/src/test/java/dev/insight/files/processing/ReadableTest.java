package dev.insight.files.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReadableTest {

    @Test
    void duckDbsAdviceAndPathsAreLeftOut() {
        Path work = Path.of("/tmp/insight-files/jobs/abc");
        String message = "Conversion Error: CSV Error on Line: 29002\nOriginal Line: 29000,n/a\n"
                + "Error when converting column \"amount\". Could not convert string \"n/a\" to 'BIGINT'\n\n"
                + "Column amount is being converted as type BIGINT\nThis type was auto-detected from the CSV file.\n"
                + "Possible solutions:\n* Override the type for this column manually by setting the type explicitly, "
                + "e.g., types={'amount': 'VARCHAR'}\n* Set the sample size to a larger value to enable the auto-detection "
                + "to scan more values, e.g., sample_size=-1\n\n  file = /tmp/insight-files/jobs/abc/source.csv\n";
        String reason = Readable.reason(message, work, "late.csv");
        assertThat(reason).contains("Could not convert string \"n/a\" to 'BIGINT'")
                .doesNotContainIgnoringCase("possible solution").doesNotContain("types={").doesNotContain("sample_size")
                .doesNotContain("/tmp");
        assertThat(Readable.reason("Invalid Input Error: bad\nPOSSIBLE FIXES: do this", null, "x.csv"))
                .isEqualTo("Invalid Input Error: bad");
    }
}
