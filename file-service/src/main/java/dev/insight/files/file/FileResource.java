package dev.insight.files.file;

import dev.insight.support.web.Created;
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
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

@Path("/api/files")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Files")
public class FileResource {

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
        return Created.at("/api/files/" + f.id, FileView.of(f));
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

    /**
     * The original bytes, streamed from S3 with their Content-Length (see {@link DownloadBodyWriter}); a single Range
     * is honoured (206), as RFC 9110 describes, unless an If-Range names another version; If-None-Match with the
     * file's ETag is a 304. HEAD answers the same headers without opening the object.
     */
    @GET
    @Path("/{id}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<RestResponse<DownloadBody>> content(@RestPath String id, @RestHeader("Range") String range,
            @RestHeader("If-Range") String ifRange, @RestHeader("If-None-Match") String ifNoneMatch,
            @Context Request request) {
        UUID owner = user.id();
        UUID fileId = Ids.parse("id", id);
        boolean head = HttpMethod.HEAD.equals(request.getMethod());
        return service.get(owner, fileId).chain(f -> {
            String etag = etag(f);
            if (ifNoneMatch != null && anyTagMatches(ifNoneMatch, etag)) {
                return Uni.createFrom().item(RestResponse.ResponseBuilder.<DownloadBody>create(RestResponse.Status.NOT_MODIFIED)
                        .header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "private, no-cache").build());
            }
            // an If-Range that is not this version's strong ETag (a date, too: no Last-Modified is sent) asks for the
            // whole file rather than a part of a file that may have changed
            boolean rangeValid = ifRange == null || ifRange.strip().equals(etag);
            Optional<ByteRange> part = rangeValid ? ByteRange.parse(range, f.size) : Optional.empty();
            long length = part.map(ByteRange::length).orElse(f.size);
            if (head || length == 0) {
                return Uni.createFrom().item(download(f, part, new DownloadBody(InputStream.nullInputStream(), length)));
            }
            // the S3 client blocks: open the object on a worker thread
            return VertxContextSupport.executeBlocking(() -> {
                try {
                    return download(f, part,
                            new DownloadBody(store.open(f.objectKey, part.map(ByteRange::s3Range).orElse(null)), length));
                } catch (NoSuchKeyException e) {
                    // deleted since its row was read (or its object lost, until the orphan sweep removes the row)
                    throw FileService.notFound(f.id);
                }
            });
        });
    }

    private static RestResponse<DownloadBody> download(StoredFile file, Optional<ByteRange> range, DownloadBody body) {
        RestResponse.ResponseBuilder<DownloadBody> response = RestResponse.ResponseBuilder
                .<DownloadBody>create(range.isPresent() ? RestResponse.Status.PARTIAL_CONTENT : RestResponse.Status.OK)
                .entity(body)
                .header(HttpHeaders.CONTENT_TYPE, file.contentType)
                // here too, not only in the writer: a HEAD request ends before any body is written
                .header(HttpHeaders.CONTENT_LENGTH, Long.toString(body.length()))
                .header("Content-Disposition", FileNames.contentDisposition("attachment", file.name))
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.ETAG, etag(file))
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-cache");
        range.ifPresent(r -> response.header("Content-Range", r.contentRange(file.size)));
        return response.build();
    }

    /** A file's bytes never change under its id: its SHA-256 is a strong validator. */
    private static String etag(StoredFile file) {
        return "\"" + file.sha256 + "\"";
    }

    /** If-None-Match: "*" or a list of entity tags, compared weakly (a W/ prefix does not matter). */
    static boolean anyTagMatches(String header, String etag) {
        for (String tag : header.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** The multipart form of an upload, for the OpenAPI document. */
    @Schema(name = "UploadForm")
    public static class UploadForm {
        @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary",
                description = "the data file: CSV, TSV, XLSX, JSON array, NDJSON or Parquet")
        public byte[] file;
    }
}
