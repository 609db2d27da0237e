package dev.insight.support.problem;

/**
 * What a service knows of its own backing stores' clients: whether a failure (one link of its cause chain is shown
 * at a time) means the store is unreachable or failing right now. Such failures are answered 503 with Retry-After,
 * like a refused connection to PostgreSQL or Redis, instead of 500. A service with a store the shared mappers do not
 * know (file-service's S3) provides a bean.
 */
public interface StoreFailures {

    boolean isUnavailable(Throwable link);
}
