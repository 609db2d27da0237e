package dev.insight.files.upload;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An upload limit the HTTP layer would cut short stops the service at start, saying what to set. */
class TransportRoomTest {

    private static final long MIB = 1 << 20;

    @Test
    void theDefaultsAndTheTestProfileFit() {
        assertThatCode(() -> UploadService.requireTransportRoom(256 * MIB, (300 * MIB))).doesNotThrowAnyException();
        assertThatCode(() -> UploadService.requireTransportRoom(4 * MIB, (8 * MIB))).doesNotThrowAnyException();
    }

    @Test
    void anUploadLimitRaisedAloneIsRefused() {
        assertThatThrownBy(() -> UploadService.requireTransportRoom(1024 * MIB, (300 * MIB)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUARKUS_HTTP_LIMITS_MAX_BODY_SIZE to at least 1025M");
        // equal sizes leave no room for the multipart envelope
        assertThatThrownBy(() -> UploadService.requireTransportRoom(300 * MIB, (300 * MIB)))
                .hasMessageContaining("at least 301M");
    }
}
