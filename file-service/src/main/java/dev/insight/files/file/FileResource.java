package dev.insight.files.file;

import dev.insight.files.config.FilesConfig;
import dev.insight.identity.CurrentUser;
import dev.insight.files.storage.ObjectStore;
import dev.insight.files.upload.FileNames;
import dev.insight.files.upload.UploadService;
import dev.insight.support.paging.Page;
import dev.insight.support.paging.PageRequest;
import dev.insight.support.web.Ids;
import io.quarkus.security.Authenticated;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMulti;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Files")
public class FileResource {

    private static final int CHUNK = 64 * 1024;

    private final FileService service;
    private final UploadService uploads;
    private final ObjectStore store;
    private final CurrentUser user;
    private final FilesConfig config;

    public FileResource(FileService service, UploadService uploads, ObjectStore store, CurrentUser user,
            FilesConfig config) {
        this.service = service;
        this.uploads = uploads;
        this.store = store;
        this.user = user;
        this.config = config;
    }

    /**
     * Uploads a file (multipart field "file"). Blocking on purpose: the body is read as a stream and sent on to S3
     * with the blocking client while it arrives, so neither memory nor local disk ever holds the whole upload.
     */
    @POST
    @Blocking
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RequestBody(content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = UploadForm.class)))
    public RestResponse<FileView> upload(InputStream body, @RestHeader("Content-Type") String contentType) throws Throwable {
        StoredFile f = uploads.receive(user.id(), body, contentType);
        return RestResponse.ResponseBuilder.<FileView>created(URI.create("/api/files/" + f.id)).entity(FileView.of(f)).build();
    }

    @GET
    public Uni<Page<FileView>> list(@RestQuery String limit, @RestQuery String cursor) {
        return service.list(user.id(), PageRequest.of(limit, cursor, config.limits().defaultPageSize(),
                config.limits().maxPageSize()));
    }

    @GET
    @Path("/{id}")
    public Uni<FileView> get(@RestPath String id) {
        return service.get(user.id(), Ids.parse("id", id)).map(FileView::of);
    }

    @DELETE
    @Path("/{id}")
    public Uni<RestResponse<Void>> delete(@RestPath String id) {
        return service.delete(user.id(), Ids.parse("id", id)).map(v -> RestResponse.noContent());
    }

    /** The original bytes, streamed from S3; a single Range is honoured (206), as RFC 9110 describes. */
    @GET
    @Path("/{id}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public RestMulti<byte[]> content(@RestPath String id, @RestHeader("Range") String range) {
        UUID owner = user.id();
        UUID fileId = Ids.parse("id", id);
        Uni<Download> download = service.get(owner, fileId).chain(f -> {
            Optional<ByteRange> part = ByteRange.parse(range, f.size);
            // the S3 client blocks: open the object on a worker thread
            return VertxContextSupport.executeBlocking(() -> new Download(f, part,
                    f.size == 0 ? InputStream.nullInputStream() : store.open(f.objectKey, part.map(ByteRange::s3Range).orElse(null))));
        });
        return RestMulti.fromUniResponse(download, Download::chunks, Download::headers, Download::status);
    }

    private record Download(StoredFile file, Optional<ByteRange> range, InputStream in) {

        Multi<byte[]> chunks() {
            // read on a worker thread, one chunk per request from the client side: backpressure all the way to S3
            return Multi.createBy().repeating().supplier(this::read).whilst(chunk -> chunk.length > 0)
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .onTermination().invoke(this::close);
        }

        private byte[] read() {
            try {
                return in.readNBytes(CHUNK);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void close() {
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing left to read
            }
        }

        int status() {
            return range.isPresent() ? 206 : 200;
        }

        Map<String, List<String>> headers() {
            long length = range.map(ByteRange::length).orElse(file.size);
            Map<String, List<String>> h = new java.util.LinkedHashMap<>();
            h.put(HttpHeaders.CONTENT_TYPE, List.of(file.contentType));
            h.put(HttpHeaders.CONTENT_LENGTH, List.of(Long.toString(length)));
            h.put("Content-Disposition", List.of(FileNames.contentDisposition("attachment", file.name)));
            h.put("Accept-Ranges", List.of("bytes"));
            h.put(HttpHeaders.ETAG, List.of("\"" + file.sha256 + "\""));
            h.put("X-Content-Type-Options", List.of("nosniff"));
            h.put(HttpHeaders.CACHE_CONTROL, List.of("private, no-cache"));
            range.ifPresent(r -> h.put("Content-Range", List.of(r.contentRange(file.size))));
            return h;
        }
    }

    /** The multipart form of an upload, for the OpenAPI document. */
    @Schema(name = "UploadForm")
    public static class UploadForm {
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary",
                description = "the data file: CSV, TSV, XLSX, JSON array, NDJSON or Parquet")
        public byte[] file;
    }
}
