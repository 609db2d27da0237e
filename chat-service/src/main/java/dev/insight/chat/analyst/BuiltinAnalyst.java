package dev.insight.chat.analyst;

import com.fasterxml.jackson.databind.JsonNode;
import dev.insight.chat.config.ChatConfig;
import dev.insight.chat.files.FileRecords;
import dev.insight.chat.files.FilesClient;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The offline analyst: plans the question against each file's columns, runs the SQL through file-service and
 * states the result. Same question, same files, same answer — which is what makes it cacheable.
 */
@ApplicationScoped
@Typed(BuiltinAnalyst.class)
public class BuiltinAnalyst implements AnswerProvider {

    public static final String NAME = "builtin";
    static final String MODEL = "insight-analyst";
    static final String VERSION = "analyst-1";

    private final FilesClient files;
    private final QuestionPlanner planner;
    private final int deltaChars;

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

    @Override
    public boolean usesContext() {
        return false;
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
        List<Uni<Dataset>> loads = request.files().stream()
                .map(f -> files.summary(request.caller(), f.id()).map(s -> dataset(f, s))).toList();
        return Uni.join().all(loads).andFailFast().chain(datasets -> {
            Chosen chosen = choose(request.question(), datasets);
            String label = datasets.size() > 1 ? chosen.dataset().name() : null;
            if (chosen.plan() instanceof Plan.Describe) {
                AnswerWriter.Written w = AnswerWriter.describe(chosen.dataset());
                return Uni.createFrom().item(new Answer(w.text(), w.table(), null, Answer.Usage.NONE, true));
            }
            if (chosen.plan() instanceof Plan.Decline d) {
                return Uni.createFrom().item(new Answer(decline(d), null, null, Answer.Usage.NONE, false));
            }
            return run(request, chosen.dataset(), ((Plan.Query) chosen.plan()).spec(), label);
        });
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

    private record Chosen(Dataset dataset, Plan plan) {
    }

    /** With several files, the one whose columns the question names best (or which it names outright). */
    private Chosen choose(String question, List<Dataset> datasets) {
        String lower = question.toLowerCase(Locale.ROOT);
        Chosen best = null;
        int bestScore = Integer.MIN_VALUE;
        for (Dataset d : datasets) {
            Plan plan = planner.plan(question, d);
            int score = plan.score() * 2 + (plan instanceof Plan.Decline ? -100 : 0);
            if (d.name() != null && lower.contains(d.name().toLowerCase(Locale.ROOT))) {
                score += 50;
            }
            if (score > bestScore) {
                best = new Chosen(d, plan);
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
