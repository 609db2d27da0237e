package dev.insight.support.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.insight.support.problem.ProblemException;
import org.junit.jupiter.api.Test;

class CursorTest {

    @Test
    void roundTrips() {
        String cursor = Cursor.encode("conv", "2024-03-01T10:00:00.123456Z", "b3c1f1d2-0000-4000-8000-000000000001");
        assertThat(cursor).doesNotContain("|").doesNotContain("=");
        assertThat(Cursor.decode(cursor, "conv", 2))
                .containsExactly("2024-03-01T10:00:00.123456Z", "b3c1f1d2-0000-4000-8000-000000000001");
    }

    @Test
    void refusesCursorsOfAnotherKindOrShape() {
        String cursor = Cursor.encode("msg", "x", "1");
        assertThatThrownBy(() -> Cursor.decode(cursor, "conv", 2)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Cursor.decode(cursor, "msg", 3)).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> Cursor.decode("***", "msg", 2)).isInstanceOf(ProblemException.class);
    }
}
