package dev.insight.chat.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import dev.insight.chat.config.ChatConfig;
import dev.insight.chat.files.FileRecords;
import dev.insight.chat.files.FilesClient;
import dev.insight.chat.memory.MemoryRecords;
import dev.insight.chat.provider.Answer;
import dev.insight.chat.provider.AnswerProvider;
import dev.insight.chat.provider.AnswerRequest;
import dev.insight.chat.provider.Deltas;
import dev.insight.chat.provider.ProviderEvent;
import dev.insight.support.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import io.quarkus.logging.Log;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The offline analyst: plans the question against each file's columns, runs the SQL through file-service and
 * states the result. Same question, same files, same answer — which is what makes it cacheable.
 */
@ApplicationScoped
@Typed(BuiltinAnalyst.class)
public class BuiltinAnalyst implements AnswerProvider {

    public static final String NAME = "builtin";
    static final String MODEL = "insight-analyst";
    /** Changes with every change of the analyst's sources: see {@link AnalystVersion}. */
    static final String VERSION = AnalystVersion.current();

    /** Text columns with at most this many distinct values have all of them recognised, not only the summary's top. */
    static final int ALL_VALUES_UP_TO = 200;
    /**
     * Files whose values were read, per replica and per user: a file's content never changes, so neither do its
     * values; kept a few minutes only, so that a deleted file's values do not linger in memory, and dropped at once
     * when its owner asks to be forgotten (on the replica serving that request).
     */
    private static final int KNOWN_FILES = 256;
    private static final long KNOWN_FOR_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

    private final FilesClient files;
    private final QuestionPlanner planner;
    private final int deltaChars;
    private final Map<String, Known> withAllValues = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                    return size() > KNOWN_FILES;
                }
            });

    private record Known(Dataset dataset, long at) {
    }

    public BuiltinAnalyst(FilesClient files, ChatConfig config) {
        this.files = files;
        this.planner = new QuestionPlanner(config.builtin().defaultRows(), config.builtin().maxRows());
        this.deltaChars = config.builtin().deltaChars();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public String promptVersion() {
        return VERSION;
    }

    /** Only a follow-up ("what about 2023?") depends on the conversation: on the question before it. */
    @Override
    public boolean usesContext(String question) {
        return FollowUps.isFollowUp(question);
    }

    @Override
    public String contextKey(MemoryRecords.ContextWindow context) {
        String previous = FollowUps.previousQuestion(context);
        return previous == null ? "" : previous;
    }

    @Override
    public Multi<ProviderEvent> answer(AnswerRequest request) {
        return compute(request).onItem().transformToMulti(this::events);
    }

    Multi<ProviderEvent> events(Answer answer) {
        List<ProviderEvent> events = new ArrayList<>();
        Deltas.split(answer.text(), deltaChars).forEach(piece -> events.add(new ProviderEvent.Delta(piece)));
        events.add(new ProviderEvent.Completed(answer));
        return Multi.createFrom().iterable(events);
    }

    Uni<Answer> compute(AnswerRequest request) {
        if (request.files().isEmpty()) {
            return Uni.createFrom().item(new Answer(withoutFiles(), null, null, Answer.Usage.NONE, false));
        }
        List<Uni<Dataset>> loads = request.files().stream().map(f -> load(request, f)).toList();
        String previous = FollowUps.isFollowUp(request.question()) ? FollowUps.previousQuestion(request.context()) : null;
        return Uni.join().all(loads).andFailFast().chain(datasets -> {
            Chosen chosen = choose(request.question(), previous, datasets);
            String label = datasets.size() > 1 ? chosen.dataset().name() : null;
            Uni<Answer> answer;
            if (chosen.plan() instanceof Plan.Describe) {
                AnswerWriter.Written w = AnswerWriter.describe(chosen.dataset());
                answer = Uni.createFrom().item(new Answer(w.text(), w.table(), null, Answer.Usage.NONE, true));
            } else if (chosen.plan() instanceof Plan.Decline d) {
                answer = Uni.createFrom().item(new Answer(decline(d), null, null, Answer.Usage.NONE, false));
            } else {
                answer = run(request, chosen.dataset(), ((Plan.Query) chosen.plan()).spec(), label);
            }
            return chosen.reading() == null ? answer : answer.map(a -> new Answer(
                    "Reading this as \u201c" + chosen.reading() + "\u201d.\n" + a.text(), a.table(), a.sql(), a.usage(),
                    a.cacheable(), chosen.reading()));
        });
    }

    /** Forgets the values read from a user's files (forget-me): they stay in no replica's memory past that call. */
    public void forget(java.util.UUID user) {
        String prefix = user + ":";
        synchronized (withAllValues) {
            withAllValues.keySet().removeIf(k -> k.startsWith(prefix));
        }
    }

    /** How many files' values this replica holds for a user (for tests and diagnostics). */
    public int knownFilesOf(java.util.UUID user) {
        String prefix = user + ":";
        synchronized (withAllValues) {
            return (int) withAllValues.keySet().stream().filter(k -> k.startsWith(prefix)).count();
        }
    }

    /** The file's summary as a dataset, with every value of its text columns that have few (read once per file). */
    private Uni<Dataset> load(AnswerRequest request, FileRecords.FileInfo f) {
        String key = request.caller().id() + ":" + f.id() + ":" + f.sha256();
        Known known = withAllValues.get(key);
        if (known != null && System.nanoTime() - known.at() < KNOWN_FOR_NANOS) {
            return Uni.createFrom().item(known.dataset());
        }
        return files.summary(request.caller(), f.id()).map(s -> dataset(f, s)).chain(d -> {
            String sql = valuesQuery(d);
            if (sql == null) {
                withAllValues.put(key, new Known(d, System.nanoTime()));
                return Uni.createFrom().item(d);
            }
            return files.query(request.caller(), d.fileId(), sql).map(result -> {
                Dataset all = withValues(d, result.rows());
                withAllValues.put(key, new Known(all, System.nanoTime()));
                return all;
            }).onFailure(FilesClient::isRefusedSql).recoverWithItem(failure -> {
                // the summary's most frequent values still serve
                Log.debugf("could not read the values of file %s: %s", f.id(), failure.getMessage());
                return d;
            });
        });
    }

    /**
     * One query for the distinct values of every text column the summary counts at most {@link #ALL_VALUES_UP_TO}
     * distinct values in, beyond the top values it lists; null when there is none.
     */
    static String valuesQuery(Dataset d) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < d.columns().size(); i++) {
            Dataset.Column c = d.columns().get(i);
            if (c.kind() == Dataset.Kind.TEXT && c.distinctCount() != null && c.distinctCount() > c.topValues().size()
                    && c.distinctCount() <= ALL_VALUES_UP_TO) {
                String id = Plan.Sql.id(c.name());
                parts.add("(SELECT " + i + " AS c, v FROM (SELECT DISTINCT CAST(" + id + " AS VARCHAR) AS v FROM data WHERE "
                        + id + " IS NOT NULL ORDER BY 1 LIMIT " + (ALL_VALUES_UP_TO + 1) + "))");
            }
        }
        return parts.isEmpty() ? null : String.join(" UNION ALL ", parts);
    }

    /** The columns' known values: the most frequent first (as "describe" shows them), then the rest. */
    static Dataset withValues(Dataset d, List<List<Object>> rows) {
        Map<Integer, LinkedHashSet<String>> values = new HashMap<>();
        for (List<Object> row : rows) {
            if (row.size() == 2 && row.get(0) instanceof Number n && row.get(1) != null) {
                values.computeIfAbsent(n.intValue(), k -> new LinkedHashSet<>()).add(row.get(1).toString());
            }
        }
        List<Dataset.Column> columns = new ArrayList<>();
        for (int i = 0; i < d.columns().size(); i++) {
            Dataset.Column c = d.columns().get(i);
            LinkedHashSet<String> more = values.get(i);
            if (more == null) {
                columns.add(c);
                continue;
            }
            LinkedHashSet<String> all = new LinkedHashSet<>(c.topValues());
            all.addAll(more);
            columns.add(new Dataset.Column(c.name(), c.type(), c.kind(), new ArrayList<>(all), c.distinctCount(),
                    c.nullCount(), c.min(), c.max(), c.mean()));
        }
        return new Dataset(d.fileId(), d.name(), d.rowCount(), columns);
    }

    private Uni<Answer> run(AnswerRequest request, Dataset dataset, Plan.QuerySpec spec, String label) {
        String sql = spec.sql();
        return files.query(request.caller(), dataset.fileId(), sql).map(result -> {
            List<Answer.Column> columns = result.columns().stream().map(c -> new Answer.Column(c.name(), c.type())).toList();
            AnswerWriter.Written w = AnswerWriter.write(spec,
                    new AnswerWriter.Result(columns, result.rows(), result.truncated()), label);
            return new Answer(w.text(), w.table(), sql, Answer.Usage.NONE, true);
        }).onFailure(FilesClient::isRefusedSql).recoverWithItem(failure -> new Answer(
                "I planned the query below but file-service could not run it: " + failure.getMessage()
                        + " I won't guess a number instead.", null, sql, Answer.Usage.NONE, false));
    }

    /** The file chosen, its plan, and the question as it was read where that is not what was asked (a follow-up). */
    private record Chosen(Dataset dataset, Plan plan, String reading) {
    }

    /**
     * With several files, the one whose columns the question names best (or which it names outright); a follow-up of
     * the {@code previous} question is read file by file ({@link FollowUps#read}).
     */
    private Chosen choose(String question, String previous, List<Dataset> datasets) {
        Chosen best = null;
        int bestScore = Integer.MIN_VALUE;
        for (Dataset d : datasets) {
            FollowUps.Read read = FollowUps.read(planner, question, previous, d);
            String reading = read.reading();
            String asked = reading == null ? question : reading;
            Plan plan = read.plan();
            int score = plan.score() * 2 + (plan instanceof Plan.Decline ? -100 : 0);
            if (d.name() != null && asked.toLowerCase(Locale.ROOT).contains(d.name().toLowerCase(Locale.ROOT))) {
                score += 50;
            }
            if (score > bestScore) {
                best = new Chosen(d, plan, reading);
                bestScore = score;
            }
        }
        return best;
    }

    private static String decline(Plan.Decline d) {
        StringBuilder text = new StringBuilder("I can't answer that exactly from the data. ").append(d.reason());
        if (!d.suggestions().isEmpty()) {
            text.append("\nQuestions I can answer for this file, for example:");
            d.suggestions().forEach(s -> text.append("\n- ").append(s));
        }
        return text.toString();
    }

    private static String withoutFiles() {
        return "I answer questions about your data files with exact figures, the SQL I ran and the result table. "
                + "Upload a CSV, TSV, XLSX, JSON or Parquet file, then ask with its id in fileIds, for example:"
                + "\n- How many rows are there?\n- Total revenue by region\n- Top 5 products by units in March 2024"
                + "\n- Average price per month\n- Distinct values of category\n- Describe sales.csv";
    }

    static Dataset dataset(FileRecords.FileInfo file, FileRecords.DatasetSummary summary) {
        if (summary == null || summary.columns() == null) {
            throw new ProblemException(502, "Bad Gateway", "file-service gave no summary for file " + file.id());
        }
        List<Dataset.Column> columns = new ArrayList<>();
        for (FileRecords.ColumnSummary c : summary.columns()) {
            List<String> top = c.topValues() == null ? List.of()
                    : c.topValues().stream().filter(t -> t.value() != null && !t.value().isNull())
                            .map(t -> t.value().asText()).toList();
            columns.add(new Dataset.Column(c.name(), c.type(), Dataset.kindOf(c.type()), top, c.distinctCount(),
                    c.nullCount(), text(c.min()), text(c.max()), text(c.mean())));
        }
        return new Dataset(file.id(), file.name(), summary.rowCount(), columns);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
