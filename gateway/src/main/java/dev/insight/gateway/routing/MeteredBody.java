package dev.insight.gateway.routing;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * The incoming request body on its way upstream, unchanged, with two additions: it fails once more than the
 * route's limit has passed (bodies without Content-Length are only known by counting), and it reports the
 * moment the last byte went through (the route's timeout starts there).
 */
final class MeteredBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final long limit;
    private final Runnable onComplete;
    private Handler<Throwable> exceptionHandler;
    private long received;
    private boolean exceeded;

    MeteredBody(ReadStream<Buffer> source, long limit, Runnable onComplete) {
        this.source = source;
        this.limit = limit;
        this.onComplete = onComplete;
    }

    boolean exceeded() {
        return exceeded;
    }

    @Override
    public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
        this.exceptionHandler = handler;
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public ReadStream<Buffer> handler(Handler<Buffer> handler) {
        if (handler == null) {
            source.handler(null);
            return this;
        }
        source.handler(chunk -> {
            if (exceeded) {
                return;
            }
            received += chunk.length();
            if (received > limit) {
                exceeded = true;
                Handler<Throwable> failed = exceptionHandler;
                if (failed != null) {
                    failed.handle(new UpstreamFailure(UpstreamFailure.Kind.BODY_TOO_LARGE,
                            "request body over " + limit + " bytes", null));
                }
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public ReadStream<Buffer> pause() {
        source.pause();
        return this;
    }

    @Override
    public ReadStream<Buffer> resume() {
        source.resume();
        return this;
    }

    @Override
    public ReadStream<Buffer> fetch(long amount) {
        source.fetch(amount);
        return this;
    }

    @Override
    public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
        if (endHandler == null) {
            source.endHandler(null);
            return this;
        }
        source.endHandler(v -> {
            if (!exceeded) {
                onComplete.run();
                endHandler.handle(v);
            }
        });
        return this;
    }
}
