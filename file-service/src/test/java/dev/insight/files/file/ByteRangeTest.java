package dev.insight.files.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void parsesSingleRanges() {
        assertThat(ByteRange.parse("bytes=0-99", 1000)).contains(new ByteRange(0, 99));
        assertThat(ByteRange.parse("bytes=900-", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-100", 1000)).contains(new ByteRange(900, 999));
        assertThat(ByteRange.parse("bytes=-5000", 1000)).contains(new ByteRange(0, 999));
        assertThat(ByteRange.parse("bytes=990-5000", 1000)).contains(new ByteRange(990, 999));
        assertThat(new ByteRange(10, 19).contentRange(1000)).isEqualTo("bytes 10-19/1000");
        assertThat(new ByteRange(10, 19).length()).isEqualTo(10);
    }

    @Test
    void ignoresWhatItDoesNotServe() {
        assertThat(ByteRange.parse(null, 10)).isEqualTo(Optional.empty());
        assertThat(ByteRange.parse("bytes=0-1,4-5", 10)).isEmpty();
        assertThat(ByteRange.parse("items=0-1", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=5-2", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=-", 10)).isEmpty();
    }

    @Test
    void refusesRangesOutsideTheFile() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=10-", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThatThrownBy(() -> ByteRange.parse("bytes=99999999999999999999-", 10)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void anEndOrSuffixBeyondALongIsTheRestOfTheFile() {
        assertThat(ByteRange.parse("bytes=0-99999999999999999999", 10)).contains(new ByteRange(0, 9));
        assertThat(ByteRange.parse("bytes=4-99999999999999999999", 10)).contains(new ByteRange(4, 9));
        assertThat(ByteRange.parse("bytes=-99999999999999999999", 10)).contains(new ByteRange(0, 9));
    }
}
