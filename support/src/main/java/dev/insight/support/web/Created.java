package dev.insight.support.web;

import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * A 201 whose Location is the path as given. JAX-RS's {@code created(URI)} resolves it against this service's own
 * base URI, which behind the gateway names an internal address (http://127.0.0.1:8083/…) and costs a URI parse per
 * response; a relative reference is what RFC 9110 §10.2.2 allows and stays right whatever host the client used.
 */
public final class Created {

    private Created() {
    }

    public static <T> RestResponse<T> at(String path, T entity) {
        return RestResponse.ResponseBuilder.<T>create(RestResponse.Status.CREATED).header(HttpHeaders.LOCATION, path)
                .entity(entity).build();
    }
}
