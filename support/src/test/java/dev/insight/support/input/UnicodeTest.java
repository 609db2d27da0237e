package dev.insight.support.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.insight.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

class UnicodeTest {

    private static final String SMILE = "\uD83D\uDE00";

    @Test
    void countsCharactersAsPeopleDo() {
        assertThat(Unicode.characters("abc")).isEqualTo(3);
        assertThat(Unicode.characters(SMILE.repeat(200))).isEqualTo(200);
        assertThat(Unicode.characters("")).isZero();
    }

    @Test
    void cutsWholeCharactersOnly() {
        assertThat(Unicode.cut("abcdef", 6)).isEqualTo("abcdef");
        assertThat(Unicode.cut("abcdef", 4)).isEqualTo("abc…");
        // never half an emoji: that half would be stored as '?'
        String cut = Unicode.cut("a" + SMILE.repeat(150), 80);
        assertThat(cut).isEqualTo("a" + SMILE.repeat(78) + "…");
        assertThat(Unicode.characters(cut)).isEqualTo(80);
        assertThat(Unicode.loneSurrogate(cut)).isEqualTo(-1);
        assertThat(Unicode.cut(SMILE.repeat(3), 3)).isEqualTo(SMILE.repeat(3));
    }

    @Test
    void refusesLoneSurrogates() {
        assertThat(Unicode.loneSurrogate("a" + SMILE + "b")).isEqualTo(-1);
        assertThat(Unicode.loneSurrogate("a\uD800b")).isEqualTo(1);
        assertThatThrownBy(() -> Unicode.requireWellFormed("title", "x\uDC00")).isInstanceOf(ProblemException.class)
                .hasMessageContaining("lone surrogate");
    }
}
