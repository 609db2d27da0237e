package dev.insight.files.storage;

import dev.insight.support.problem.StoreFailures;
import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 unreachable (no connection, a timeout, an unknown host: the SDK's client-side failures) or failing (a 5xx —
 * SlowDown, InternalError) is a 503 with Retry-After, as a database that is down is; a 4xx from S3 (access denied, no
 * such bucket) is this service's misconfiguration and stays a 500.
 */
@ApplicationScoped
public class S3Failures implements StoreFailures {

    @Override
    public boolean isUnavailable(Throwable link) {
        return link instanceof SdkClientException || link instanceof S3Exception s3 && s3.statusCode() >= 500;
    }
}
