package dev.insight.files.file;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Sends a {@link DownloadBody} with its Content-Length and without chunked transfer encoding (a streamed Multi is
 * always chunked, and a response carrying both is refused by proxies, RFC 9112 §6.3). Each chunk is read on a
 * worker thread (the S3 stream blocks) and the next one only once the previous one has been written:
 * backpressure all the way to S3, one chunk in memory. A HEAD request gets the headers only.
 */
@Provider
public class DownloadBodyWriter implements ServerMessageBodyWriter<DownloadBody> {

    private static final int CHUNK = 64 * 1024;

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return DownloadBody.class.isAssignableFrom(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return DownloadBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeResponse(DownloadBody body, Type genericType, ServerRequestContext context) {
        ResteasyReactiveRequestContext request = (ResteasyReactiveRequestContext) context;
        ServerHttpResponse response = context.serverResponse();
        response.setResponseHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(body.length()));
        if (body.length() == 0 || "HEAD".equals(request.getMethod())) {
            body.close(body.length() == 0);
            response.end();
            return;
        }
        request.suspend();
        new Transfer(body, response, request, Infrastructure.getDefaultWorkerPool()).next();
    }

    @Override
    public void writeTo(DownloadBody body, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders, OutputStream entityStream) throws IOException, WebApplicationException {
        throw new UnsupportedOperationException("a download is written by writeResponse only (no writer interceptors)");
    }

    /** One download in progress: read a chunk, write it, and only then read the next. */
    private static final class Transfer {
        private final DownloadBody body;
        private final ServerHttpResponse response;
        private final ResteasyReactiveRequestContext request;
        private final Executor worker;
        private final AtomicBoolean over = new AtomicBoolean();
        private long sent;

        Transfer(DownloadBody body, ServerHttpResponse response, ResteasyReactiveRequestContext request, Executor worker) {
            this.body = body;
            this.response = response;
            this.request = request;
            this.worker = worker;
            // the client went away: stop reading from S3
            response.addCloseHandler(() -> {
                if (over.compareAndSet(false, true)) {
                    body.close(false);
                    request.resume();
                }
            });
        }

        void next() {
            worker.execute(() -> {
                if (over.get()) {
                    return;
                }
                byte[] chunk;
                try {
                    chunk = body.in().readNBytes((int) Math.min(CHUNK, body.length() - sent));
                } catch (IOException | RuntimeException e) {
                    fail(e);
                    return;
                }
                if (chunk.length == 0) {
                    if (sent < body.length()) {
                        fail(new IOException("the object ended after " + sent + " of " + body.length() + " bytes"));
                    } else {
                        finish();
                    }
                    return;
                }
                sent += chunk.length;
                response.write(chunk).whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        fail(failure);
                    } else if (sent == body.length()) {
                        finish();
                    } else {
                        next();
                    }
                });
            });
        }

        private void finish() {
            if (over.compareAndSet(false, true)) {
                body.close(true);
                response.end();
                request.resume();
            }
        }

        private void fail(Throwable failure) {
            if (over.compareAndSet(false, true)) {
                body.close(false);
                if (!response.headWritten()) {
                    // nothing sent yet: an ordinary error answer, without the length of the body it replaces
                    response.removeResponseHeader(HttpHeaders.CONTENT_LENGTH);
                }
                // once headers are out, the error handling can only cut the connection: the client sees a short body
                request.resume(failure);
            }
        }
    }
}
