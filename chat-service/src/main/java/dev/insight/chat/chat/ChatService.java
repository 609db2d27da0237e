package dev.insight.chat.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.insight.chat.cache.AnswerCache;
import dev.insight.chat.cache.SingleFlight;
import dev.insight.chat.config.ChatConfig;
import dev.insight.chat.error.RetryAfterFilter;
import dev.insight.chat.files.FileRecords;
import dev.insight.chat.files.FilesClient;
import dev.insight.chat.files.RecentFiles;
import dev.insight.chat.identity.Caller;
import dev.insight.chat.memory.MemoryClient;
import dev.insight.chat.memory.MemoryRecords;
import dev.insight.chat.provider.Answer;
import dev.insight.chat.provider.AnswerProvider;
import dev.insight.chat.provider.AnswerRequest;
import dev.insight.chat.provider.Deltas;
import dev.insight.chat.provider.ProviderEvent;
import dev.insight.support.input.Unicode;
import dev.insight.support.problem.ProblemException;
import dev.insight.support.web.Ids;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One question, start to finish: resolve the conversation and the files in play, look in the cache, let the
 * provider answer (once, however many identical questions arrive together), store question and answer in
 * memory-service, and hand back the reply. Everything is non-blocking; the provider's text is passed on as it comes.
 */
@ApplicationScoped
public class ChatService {

    /** Largest metadata JSON chat writes on a message (memory-service accepts 64 KiB). */
    static final int METADATA_BYTES = 48 * 1024;

    /** Longest SQL or reading of a question kept in message metadata when a whole one would not fit. */
    static final int STORED_TEXT_CHARS = 4_000;

    private final MemoryClient memory;
    private final FilesClient files;
    private final RecentFiles recentFiles;
    private final AnswerProvider provider;
    private final AnswerCache cache;
    private final SingleFlight flights;
    private final ChatConfig config;
    private final ObjectMapper json;

    public ChatService(MemoryClient memory, FilesClient files, RecentFiles recentFiles, AnswerProvider provider,
            AnswerCache cache, SingleFlight flights, ChatConfig config, ObjectMapper json) {
        this.memory = memory;
        this.files = files;
        this.recentFiles = recentFiles;
        this.provider = provider;
        this.cache = cache;
        this.flights = flights;
        this.config = config;
        this.json = json;
    }

    /** A validated question with everything resolved that the answer depends on. */
    /** @param storing set once the question and answer are being stored: from then on, nothing is taken back */
    public record Prepared(Caller caller, String question, UUID conversationId, List<FileRecords.FileInfo> files,
            MemoryRecords.ContextWindow context, AnswerCache.Key key, long startedNanos, String requestKey,
            boolean newConversation, AtomicBoolean storing) {
    }

    private record Input(UUID conversationId, String message, List<UUID> fileIds) {
    }

    private record Resolved(UUID conversationId, long messageCount, List<FileRecords.FileInfo> files, boolean created) {

        Resolved(UUID conversationId, long messageCount, List<FileRecords.FileInfo> files) {
            this(conversationId, messageCount, files, false);
        }
    }

    // ---- preparation ---------------------------------------------------------------------------------------------

    /**
     * @param streaming whether the caller reads a stream: then a foreign conversation must be refused before the
     *                  stream starts, so it is always checked here; a plain POST that names its files and whose
     *                  provider reads no history leaves that check to the first append (404 all the same).
     */
    public Uni<Prepared> prepare(Caller caller, ChatInput body, boolean streaming) {
        long started = System.nanoTime();
        Input input;
        try {
            input = validate(body);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        Uni<Resolved> resolved;
        boolean readsHistory = provider.usesContext(input.message());
        if (input.conversationId() != null && !streaming && !input.fileIds().isEmpty() && !readsHistory) {
            UUID id = input.conversationId();
            resolved = fileInfos(caller, input.fileIds(), false).map(infos -> new Resolved(id, 0, infos));
        } else if (input.conversationId() != null) {
            UUID id = input.conversationId();
            resolved = Uni.combine().all().unis(memory.get(caller, id), fileInfos(caller, input.fileIds(), false))
                    .asTuple()
                    .chain(t -> !t.getItem2().isEmpty() || t.getItem1().messageCount() == 0
                            ? Uni.createFrom().item(new Resolved(id, t.getItem1().messageCount(), t.getItem2()))
                            : filesFromHistory(caller, id, t.getItem1().messageCount())
                                    .map(history -> new Resolved(id, t.getItem1().messageCount(), history)));
        } else {
            // files first: a bad file id must not leave an empty conversation behind
            resolved = fileInfos(caller, input.fileIds(), false)
                    .chain(infos -> memory.create(caller, title(input.message()))
                            .map(c -> new Resolved(c.id(), 0, infos, true)));
        }
        return resolved.chain(r -> context(caller, r, readsHistory)
                .map(context -> prepared(caller, input, r, context, readsHistory, started)));
    }

    private Prepared prepared(Caller caller, Input input, Resolved r, MemoryRecords.ContextWindow context,
            boolean readsHistory, long started) {
        List<String> fingerprints = r.files().stream().map(f -> f.id() + ":" + f.sha256()).toList();
        AnswerCache.Key key = AnswerCache.key(caller.id(), provider.name(), provider.model(), provider.promptVersion(),
                readsHistory ? provider.contextKey(context) : "", fingerprints, input.message());
        return new Prepared(caller, input.message(), r.conversationId(), r.files(), context, key, started,
                UUID.randomUUID().toString(), r.created(), new AtomicBoolean());
    }

    private Input validate(ChatInput body) {
        if (body == null) {
            throw ProblemException.badRequest("A JSON body with 'message' is required");
        }
        if (body.message() == null) {
            throw ProblemException.invalidField("message", "is required");
        }
        if (body.message().isBlank()) {
            throw ProblemException.invalidField("message", "must not be empty");
        }
        int max = config.limits().messageChars();
        int characters = Unicode.characters(body.message());
        if (characters > max) {
            throw ProblemException.invalidField("message", "must be at most " + max + " characters (got " + characters + ")");
        }
        if (body.message().indexOf('\u0000') >= 0) {
            throw ProblemException.invalidField("message", "must not contain NUL characters");
        }
        // stored as given by memory-service, which refuses text with no UTF-8 form: refused here, before anything runs
        Unicode.requireWellFormed("message", body.message());
        UUID conversationId = body.conversationId() == null ? null : Ids.parse("conversationId", body.conversationId());
        List<UUID> fileIds = new ArrayList<>();
        if (body.fileIds() != null) {
            if (body.fileIds().size() > config.limits().filesPerQuestion()) {
                throw ProblemException.invalidField("fileIds", "must name at most " + config.limits().filesPerQuestion()
                        + " files (got " + body.fileIds().size() + ")");
            }
            LinkedHashSet<UUID> unique = new LinkedHashSet<>();
            for (int i = 0; i < body.fileIds().size(); i++) {
                unique.add(Ids.parse("fileIds[" + i + "]", body.fileIds().get(i)));
            }
            fileIds.addAll(unique);
        }
        return new Input(conversationId, body.message().strip(), fileIds);
    }

    /** The files' metadata (their sha256 goes into the cache key); unknown or foreign ids are 404. */
    private Uni<List<FileRecords.FileInfo>> fileInfos(Caller caller, List<UUID> ids, boolean skipMissing) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<FileRecords.FileInfo>> calls = ids.stream().map(id -> {
            FileRecords.FileInfo recent = recentFiles.get(caller.id(), id);
            Uni<FileRecords.FileInfo> call = recent != null ? Uni.createFrom().item(recent)
                    : files.get(caller, id).invoke(ChatService::checkUsable).invoke(f -> recentFiles.put(caller.id(), f));
            return skipMissing ? call.onFailure(f -> f instanceof ProblemException p && p.status() == 404).recoverWithNull()
                    : call;
        }).toList();
        return Uni.join().all(calls).andFailFast()
                .map(list -> list.stream().filter(java.util.Objects::nonNull).toList());
    }

    /**
     * Only a READY file can be asked about. Checked before anything is created or streamed, so a question about a
     * file still in processing is a plain 409 with Retry-After and leaves no empty conversation behind.
     */
    private static void checkUsable(FileRecords.FileInfo file) {
        String status = file.status() == null ? "READY" : file.status().toUpperCase(Locale.ROOT);
        if (status.startsWith("FAIL")) {
            throw ProblemException.unprocessable("File " + file.id() + " (" + file.name()
                    + ") could not be processed, so it cannot be queried; upload it again or use another file.");
        }
        if (!status.equals("READY")) {
            throw new ProblemException(409, "Conflict", "File " + file.id() + " (" + file.name() + ") is still being "
                    + "processed (status " + status + "); ask again when it is READY.").withHeader("Retry-After", "2");
        }
    }

    /** The files the newest earlier question of this conversation used (kept in its message metadata). */
    private Uni<List<FileRecords.FileInfo>> filesFromHistory(Caller caller, UUID conversationId, long messageCount) {
        int scan = config.limits().historyScanMessages();
        long after = Math.max(0, messageCount - scan);
        return memory.messages(caller, conversationId, after, scan).chain(page -> {
            List<MemoryRecords.Message> items = page.items() == null ? List.of() : page.items();
            for (int i = items.size() - 1; i >= 0; i--) {
                Map<String, Object> metadata = items.get(i).metadata();
                if (metadata != null && metadata.get("fileIds") instanceof List<?> ids && !ids.isEmpty()) {
                    List<UUID> parsed = new ArrayList<>();
                    for (Object id : ids) {
                        try {
                            parsed.add(UUID.fromString(String.valueOf(id)));
                        } catch (IllegalArgumentException e) {
                            Log.debugf("ignoring a malformed file id in message metadata: %s", id);
                        }
                    }
                    // a file deleted since then is simply no longer in play
                    return fileInfos(caller, parsed, true);
                }
            }
            return Uni.createFrom().item(List.<FileRecords.FileInfo>of());
        });
    }

    private Uni<MemoryRecords.ContextWindow> context(Caller caller, Resolved r, boolean history) {
        if (!history || r.messageCount() == 0) {
            return Uni.createFrom().item(MemoryRecords.ContextWindow.empty(r.conversationId()));
        }
        return memory.context(caller, r.conversationId(), config.context().maxTokens());
    }

    private String title(String question) {
        // every control character, C1 (U+0080–U+009F, CP1252 pasted as Latin-1) included: memory-service refuses
        // them in a title
        String line = question.strip().replaceAll("(?U)[\\p{Cntrl}\\s]+", " ");
        int max = config.limits().titleChars();
        String title = Unicode.cut(line, max);
        // a cut title does not end in a space before its ellipsis
        return title.equals(line) ? line : title.substring(0, title.length() - 1).strip() + "…";
    }

    // ---- answering -----------------------------------------------------------------------------------------------

    /**
     * Deltas, then one Finished once question and answer are stored; cancelling it stores and caches nothing. A
     * conversation this request started is removed again when no answer could be stored in it, so that a failure
     * (a file deleted meanwhile, a provider that is down) or a caller who left before the answer was being stored
     * (a closed tab) leaves no empty conversation behind.
     */
    public Multi<ChatEvent> run(Prepared p, boolean streaming) {
        Multi<ChatEvent> events = answer(p, streaming);
        if (!p.newConversation()) {
            return events;
        }
        return events.onFailure().call(failure -> removeEmpty(p.caller(), p.conversationId()))
                .onCancellation().call(() -> p.storing().get() ? Uni.createFrom().voidItem()
                        : removeEmpty(p.caller(), p.conversationId()));
    }

    /**
     * A prepared question that will not be asked after all (its caller was already refused, the preparation having
     * outlived its time): the conversation it started, if it started one, is removed again.
     */
    public Uni<Void> abandon(Prepared p) {
        return p.newConversation() ? removeEmpty(p.caller(), p.conversationId()) : Uni.createFrom().voidItem();
    }

    private Uni<Void> removeEmpty(Caller caller, UUID conversationId) {
        return memory.delete(caller, conversationId)
                .onFailure().invoke(f -> Log.warnf("the empty conversation %s stays: %s", conversationId, f.toString()))
                .onFailure().recoverWithNull();
    }

    private Multi<ChatEvent> answer(Prepared p, boolean streaming) {
        return cache.get(p.key()).onItem().transformToMulti(hit -> {
            if (hit != null) {
                return replay(p, hit);
            }
            return flights.run(p.key(), () -> withinDeadline(provider.answer(request(p, streaming)), p.startedNanos()))
                    .onItem().transformToMulti(outcome -> {
                        if (outcome instanceof SingleFlight.Outcome.Shared shared) {
                            return replay(p, shared.answer());
                        }
                        return live(p, ((SingleFlight.Outcome.Computed) outcome).events());
                    });
        });
    }

    /**
     * The provider's events, cut off once the question has taken {@code chat.limits.answer-timeout} since it arrived:
     * the provider's run is cancelled (its request reset, no further tool round) and the question fails with a 504.
     * The idle timeout alone would let a model that keeps talking, or keeps calling tools, run on as long as it likes.
     */
    private Multi<ProviderEvent> withinDeadline(Multi<ProviderEvent> events, long startedNanos) {
        Duration limit = config.limits().answerTimeout();
        long left = Math.max(1, startedNanos + limit.toNanos() - System.nanoTime());
        return Multi.createFrom().emitter(emitter -> {
            Context context = Vertx.currentContext();
            AtomicBoolean answered = new AtomicBoolean();
            AtomicReference<Cancellable> run = new AtomicReference<>();
            Runnable expire = () -> {
                if (!answered.get()) {
                    Cancellable running = run.get();
                    if (running != null) {
                        running.cancel();
                    }
                    emitter.fail(RetryAfterFilter.behind(new ProblemException(504, "Gateway Timeout",
                            "The answer took longer than " + limit.toSeconds() + " s, so it was stopped and nothing was "
                            + "stored; ask again, perhaps about less at once.")));
                }
            };
            ScheduledFuture<?> timer = Infrastructure.getDefaultWorkerPool().schedule(() -> {
                if (context == null) {
                    expire.run();
                } else {
                    context.runOnContext(v -> expire.run());
                }
            }, left, TimeUnit.NANOSECONDS);
            // before subscribing: a provider that answers at once ends the emitter inside subscribe()
            emitter.onTermination(() -> {
                timer.cancel(false);
                Cancellable running = run.get();
                if (running != null) {
                    running.cancel();
                }
            });
            run.set(events.subscribe().with(event -> {
                if (event instanceof ProviderEvent.Completed) {
                    answered.set(true);
                }
                emitter.emit(event);
            }, emitter::fail, emitter::complete));
        });
    }

    /** The same, collected: what POST /api/chat answers. */
    public Uni<ChatReply> ask(Prepared p) {
        return run(p, false).filter(e -> e instanceof ChatEvent.Finished).map(e -> ((ChatEvent.Finished) e).reply())
                .toUni();
    }

    private AnswerRequest request(Prepared p, boolean streaming) {
        return new AnswerRequest(p.caller(), p.question(), p.files(), p.context(), streaming);
    }

    private Multi<ChatEvent> replay(Prepared p, Answer answer) {
        List<ChatEvent> deltas = new ArrayList<>();
        Deltas.split(answer.text(), config.builtin().deltaChars()).forEach(t -> deltas.add(new ChatEvent.Delta(t)));
        return Multi.createBy().concatenating().streams(Multi.createFrom().iterable(deltas),
                store(p, answer, true).toMulti());
    }

    private Multi<ChatEvent> live(Prepared p, Multi<ProviderEvent> events) {
        return events.onItem().transformToUniAndConcatenate(event -> {
            if (event instanceof ProviderEvent.Delta d) {
                return Uni.createFrom().item((ChatEvent) new ChatEvent.Delta(d.text()));
            }
            return store(p, ((ProviderEvent.Completed) event).answer(), false);
        });
    }

    private Uni<ChatEvent> store(Prepared p, Answer answer, boolean cached) {
        long latencyMs = (System.nanoTime() - p.startedNanos()) / 1_000_000;
        List<String> fileIds = p.files().stream().map(f -> f.id().toString()).toList();
        Map<String, Object> questionMeta = new LinkedHashMap<>();
        questionMeta.put("fileIds", fileIds);
        if (answer.reading() != null) {
            questionMeta.put("reading", Unicode.cut(answer.reading(), STORED_TEXT_CHARS));
        }
        Map<String, Object> answerMeta = new LinkedHashMap<>();
        answerMeta.put("fileIds", fileIds);
        answerMeta.put("provider", provider.name());
        answerMeta.put("model", provider.model());
        answerMeta.put("promptVersion", provider.promptVersion());
        answerMeta.put("cached", cached);
        answerMeta.put("latencyMs", latencyMs);
        Answer.Usage usage = answer.usage() == null || cached ? Answer.Usage.NONE : answer.usage();
        answerMeta.put("usage", Map.of("promptTokens", usage.promptTokens(), "completionTokens", usage.completionTokens(),
                "totalTokens", usage.totalTokens()));
        if (answer.sql() != null) {
            answerMeta.put("sql", answer.sql());
        }
        if (answer.table() != null) {
            answerMeta.put("table", boundedTable(answer.table(), answerMeta));
        }
        if (size(answerMeta) > METADATA_BYTES) {
            // a statement or a header too large to keep whole (a model's SELECT over a thousand columns): the stored
            // copy says so rather than making the whole answer unstorable; the reply itself keeps everything
            answerMeta.remove("table");
            answerMeta.put("tableOmitted", true);
            if (answer.sql() != null && size(answerMeta) > METADATA_BYTES) {
                answerMeta.put("sql", Unicode.cut(answer.sql(), STORED_TEXT_CHARS));
            }
        }
        String text = answer.text();
        int max = config.limits().messageChars();
        String stored = Unicode.cut(text, max);
        // question and answer in one atomic append: consecutive seqs, one round trip, one Idempotency-Key; marked as
        // being stored when the append is subscribed to (a cached answer's store is assembled before its deltas go out)
        return Uni.createFrom().deferred(() -> {
            p.storing().set(true);
            return memory.appendAll(p.caller(), p.conversationId(), "chat-" + p.requestKey(), List.of(
                    new MemoryRecords.NewMessage("user", p.question(), questionMeta),
                    new MemoryRecords.NewMessage("assistant", stored, answerMeta)));
        })
                .map(saved -> saved.get(saved.size() - 1))
                .map(a -> {
                    Log.debugf("answered in %d ms (provider %s, cached %s, %d files)", latencyMs, provider.name(), cached,
                            fileIds.size());
                    return new ChatEvent.Finished(new ChatReply(p.conversationId(), a.id(), text,
                            responseTable(answer.table()), answer.sql(), cached, provider.name(), provider.model()));
                });
    }

    private Answer.Table responseTable(Answer.Table table) {
        if (table == null || table.rows() == null || table.rows().size() <= config.limits().answerTableRows()) {
            return table;
        }
        return new Answer.Table(table.columns(), table.rows().subList(0, config.limits().answerTableRows()), true);
    }

    /** A copy of the table small enough for message metadata: fewer rows, shorter cells. */
    private Map<String, Object> boundedTable(Answer.Table table, Map<String, Object> rest) {
        int cell = config.limits().storedCellChars();
        List<List<Object>> rows = new ArrayList<>();
        List<List<Object>> source = table.rows() == null ? List.of() : table.rows();
        for (int i = 0; i < source.size() && i < config.limits().storedTableRows(); i++) {
            List<Object> row = new ArrayList<>();
            for (Object v : source.get(i)) {
                row.add(v instanceof String s ? Unicode.cut(s, cell + 1) : v);
            }
            rows.add(row);
        }
        int budget = METADATA_BYTES - size(rest);
        Map<String, Object> bounded = new LinkedHashMap<>();
        bounded.put("columns", table.columns());
        bounded.put("rows", rows);
        bounded.put("rowCount", source.size());
        bounded.put("truncated", rows.size() < source.size() || Boolean.TRUE.equals(table.truncated()));
        while (size(bounded) > budget && !rows.isEmpty()) {
            rows.subList(rows.size() / 2, rows.size()).clear();
            bounded.put("truncated", true);
        }
        return bounded;
    }

    private int size(Object value) {
        try {
            return json.writeValueAsString(value).getBytes(StandardCharsets.UTF_8).length;
        } catch (JsonProcessingException e) {
            return Integer.MAX_VALUE;
        }
    }
}
