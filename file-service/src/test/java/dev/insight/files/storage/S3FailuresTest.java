package dev.insight.files.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Which S3 failures say "S3 is unreachable or failing right now" (503 with Retry-After) and which do not. */
class S3FailuresTest {

    private final S3Failures failures = new S3Failures();

    @Test
    void theClientFailingToGetAnAnswerAndAServerErrorAreOutages() {
        assertThat(failures.isUnavailable(SdkClientException.create("Unable to execute HTTP request: connect timed out")))
                .isTrue();
        assertThat(failures.isUnavailable(S3Exception.builder().statusCode(503).message("SlowDown").build())).isTrue();
        assertThat(failures.isUnavailable(S3Exception.builder().statusCode(500).message("InternalError").build())).isTrue();
    }

    @Test
    void refusalsAndMissingObjectsAreNot() {
        assertThat(failures.isUnavailable(S3Exception.builder().statusCode(403).message("AccessDenied").build())).isFalse();
        assertThat(failures.isUnavailable(NoSuchKeyException.builder().statusCode(404).message("NoSuchKey").build())).isFalse();
        assertThat(failures.isUnavailable(new IllegalStateException("not S3"))).isFalse();
    }
}
