package dev.insight.chat.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.insight.chat.config.ChatConfig;
import dev.insight.chat.files.FileRecords;
import dev.insight.chat.files.FilesClient;
import dev.insight.chat.memory.MemoryRecords;
import dev.insight.chat.provider.Answer;
import dev.insight.chat.provider.AnswerProvider;
import dev.insight.chat.provider.AnswerRequest;
import dev.insight.chat.provider.ProviderEvent;
import dev.insight.support.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Answers with any OpenAI-compatible Chat Completions API. The model gets two tools, executed here through
 * file-service with the caller's token — {@code describe_dataset} (the file's summary) and {@code run_sql}
 * (DuckDB SQL over the table {@code data}) — in a loop bounded by {@code chat.openai.max-tool-rounds}; the last
 * round offers no tools, so the model must answer. The answer's table and SQL are those of the last query it ran.
 */
@ApplicationScoped
@Typed(OpenAiProvider.class)
public class OpenAiProvider implements AnswerProvider {

    public static final String NAME = "openai";
    static final String VERSION = "openai-tools-1";

    static final String SYSTEM_PROMPT = """
            You are Insight, a careful data analyst. Answer the user's questions about their data files.
            Use the tools: describe_dataset shows a file's columns and statistics; run_sql runs one read-only \
            DuckDB SQL query over one file, which is always the table named data.
            Every number you state must come from a tool result in this conversation; never estimate or invent one.
            If the data cannot answer the question, say so plainly and suggest a question it can answer.
            Answer concisely in plain text, stating the figures with their meaning.""";

    private final OpenAiClient client;
    private final FilesClient files;
    private final ChatConfig.OpenAi config;
    private final ObjectMapper json;

    public OpenAiProvider(OpenAiClient client, FilesClient files, ChatConfig config, ObjectMapper json) {
        this.client = client;
        this.files = files;
        this.config = config.openai();
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String model() {
        return config.model();
    }

    @Override
    public String promptVersion() {
        return VERSION;
    }

    @Override
    public boolean usesContext(String question) {
        return true;
    }

    /**
     * What the loop has gathered so far; {@code streamed} is the text already sent as deltas in any round, which is
     * what a streaming caller has read and so what the stored answer must say.
     */
    private record Progress(ArrayNode messages, Answer.Usage usage, FileRecords.QueryResult lastResult, String lastSql,
            StringBuilder streamed) {
        Progress with(Answer.Usage u, FileRecords.QueryResult r, String sql) {
            return new Progress(messages, u, r, sql, streamed);
        }
    }

    @Override
    public Multi<ProviderEvent> answer(AnswerRequest request) {
        ArrayNode messages = json.createArrayNode();
        messages.addObject().put("role", "system").put("content", SYSTEM_PROMPT + "\n\n" + filesPrompt(request.files()));
        MemoryRecords.ContextWindow context = request.context();
        if (context != null && context.summary() != null && !context.summary().isBlank()) {
            messages.addObject().put("role", "system").put("content",
                    "Summary of the earlier part of this conversation: " + context.summary());
        }
        if (context != null && context.messages() != null) {
            for (MemoryRecords.Message m : context.messages()) {
                if (m.role().equals("user") || m.role().equals("assistant")) {
                    messages.addObject().put("role", m.role()).put("content", m.content());
                }
            }
        }
        messages.addObject().put("role", "user").put("content", request.question());
        return round(request, new Progress(messages, Answer.Usage.NONE, null, null, new StringBuilder()), 0);
    }

    private Multi<ProviderEvent> round(AnswerRequest request, Progress progress, int round) {
        boolean toolsAllowed = round < config.maxToolRounds() && !request.files().isEmpty();
        ObjectNode body = body(progress.messages(), toolsAllowed);
        Multi<OpenAiClient.Piece> pieces = request.streaming() ? client.stream(body)
                : client.complete(body).map(turn -> (OpenAiClient.Piece) new OpenAiClient.Piece.Done(turn)).toMulti();
        return pieces.onItem().transformToMultiAndConcatenate(piece -> {
            if (piece instanceof OpenAiClient.Piece.Text text) {
                progress.streamed().append(text.text());
                return Multi.createFrom().item((ProviderEvent) new ProviderEvent.Delta(text.text()));
            }
            OpenAiClient.Turn turn = ((OpenAiClient.Piece.Done) piece).turn();
            Answer.Usage usage = progress.usage().plus(turn.usage());
            if (!turn.toolCalls().isEmpty() && toolsAllowed) {
                progress.messages().addObject().put("role", "assistant").putNull("content")
                        .set("tool_calls", OpenAiClient.toolCallsJson(json, turn.toolCalls()));
                return runTools(request, turn.toolCalls(), progress.with(usage, progress.lastResult(), progress.lastSql()))
                        .onItem().transformToMulti(next -> round(request, next, round + 1));
            }
            return Multi.createFrom().items(finish(request, turn, usage, progress));
        });
    }

    private ProviderEvent[] finish(AnswerRequest request, OpenAiClient.Turn turn, Answer.Usage usage, Progress progress) {
        boolean refused = turn.refusal() != null || "content_filter".equals(turn.finishReason());
        String text = request.streaming() && !progress.streamed().isEmpty() ? progress.streamed().toString() : turn.content();
        List<ProviderEvent> events = new ArrayList<>();
        if (refused && (text == null || text.isBlank())) {
            text = turn.refusal() != null ? turn.refusal() : "The AI provider declined to answer this question.";
            events.add(new ProviderEvent.Delta(text));
        } else if (text == null || text.isBlank()) {
            text = "The AI provider returned an empty answer.";
            events.add(new ProviderEvent.Delta(text));
            refused = true;
        } else if (!request.streaming()) {
            events.add(new ProviderEvent.Delta(text));
        }
        Answer.Table table = null;
        if (progress.lastResult() != null) {
            FileRecords.QueryResult r = progress.lastResult();
            table = new Answer.Table(r.columns().stream().map(c -> new Answer.Column(c.name(), c.type())).toList(),
                    r.rows(), r.truncated() ? Boolean.TRUE : null);
        }
        boolean cut = "length".equals(turn.finishReason());
        events.add(new ProviderEvent.Completed(new Answer(text, table, progress.lastSql(), usage, !refused && !cut)));
        return events.toArray(ProviderEvent[]::new);
    }

    private ObjectNode body(ArrayNode messages, boolean tools) {
        ObjectNode body = json.createObjectNode();
        body.put("model", config.model());
        body.set("messages", messages.deepCopy());
        body.put("temperature", config.temperature());
        body.put("max_tokens", config.maxTokens());
        if (tools) {
            body.set("tools", toolSchemas());
            body.put("tool_choice", "auto");
        }
        return body;
    }

    ArrayNode toolSchemas() {
        ArrayNode tools = json.createArrayNode();
        ObjectNode describe = tools.addObject().put("type", "function").putObject("function");
        describe.put("name", "describe_dataset")
                .put("description", "Columns, types, row count and statistics of one of the user's files.");
        ObjectNode describeParams = describe.putObject("parameters").put("type", "object");
        describeParams.putObject("properties").putObject("file_id").put("type", "string")
                .put("description", "The id of the file, as listed in the instructions.");
        describeParams.putArray("required").add("file_id");
        describeParams.put("additionalProperties", false);

        ObjectNode sql = tools.addObject().put("type", "function").putObject("function");
        sql.put("name", "run_sql").put("description", "Runs one read-only DuckDB SQL query over one file, exposed as "
                + "the table data. Returns the columns and up to " + config.toolResultRows() + " rows.");
        ObjectNode sqlParams = sql.putObject("parameters").put("type", "object");
        ObjectNode props = sqlParams.putObject("properties");
        props.putObject("file_id").put("type", "string").put("description", "The id of the file to query.");
        props.putObject("sql").put("type", "string").put("description", "A single SELECT statement over the table data.");
        sqlParams.putArray("required").add("file_id").add("sql");
        sqlParams.put("additionalProperties", false);
        return tools;
    }

    private static String filesPrompt(List<FileRecords.FileInfo> files) {
        if (files.isEmpty()) {
            return "The user has not attached any data file to this question. Explain that you answer questions about "
                    + "uploaded files (CSV, TSV, XLSX, JSON, Parquet) and that they should upload one and ask again.";
        }
        StringBuilder text = new StringBuilder("The user's files for this question:");
        for (FileRecords.FileInfo f : files) {
            text.append("\n- file_id ").append(f.id()).append(": ").append(f.name());
        }
        return text.toString();
    }

    /** Runs the requested tools one after another and appends their results as tool messages. */
    private Uni<Progress> runTools(AnswerRequest request, List<OpenAiClient.ToolCall> calls, Progress progress) {
        Uni<Progress> chain = Uni.createFrom().item(progress);
        for (OpenAiClient.ToolCall call : calls) {
            chain = chain.chain(p -> runTool(request, call, p));
        }
        return chain;
    }

    private Uni<Progress> runTool(AnswerRequest request, OpenAiClient.ToolCall call, Progress progress) {
        JsonNode args;
        try {
            args = json.readTree(call.arguments() == null || call.arguments().isBlank() ? "{}" : call.arguments());
        } catch (IOException e) {
            return Uni.createFrom().item(toolResult(progress, call, error("the arguments are not valid JSON")));
        }
        UUID fileId = fileIdOf(args, request.files());
        if (fileId == null) {
            return Uni.createFrom().item(toolResult(progress, call, error("unknown file_id; use one of "
                    + request.files().stream().map(f -> f.id().toString()).toList())));
        }
        return switch (call.name()) {
            case "describe_dataset" -> files.summary(request.caller(), fileId)
                    .map(summary -> toolResult(progress, call, describe(summary)))
                    .onFailure(OpenAiProvider::isAnswerable).recoverWithItem(f -> toolResult(progress, call, error(f.getMessage())));
            case "run_sql" -> {
                String sql = args.path("sql").asText("");
                if (sql.isBlank()) {
                    yield Uni.createFrom().item(toolResult(progress, call, error("sql is required")));
                }
                yield files.query(request.caller(), fileId, sql)
                        .map(result -> {
                            Progress p = toolResult(progress, call, queryResult(result));
                            return p.with(p.usage(), result, sql);
                        })
                        .onFailure(OpenAiProvider::isAnswerable)
                        .recoverWithItem(f -> toolResult(progress, call, error(f.getMessage())));
            }
            default -> Uni.createFrom().item(toolResult(progress, call, error("unknown tool " + call.name())));
        };
    }

    /** file-service refusing SQL (or a file still processing) is something the model can read and react to. */
    private static boolean isAnswerable(Throwable f) {
        return f instanceof ProblemException p && p.status() >= 400 && p.status() < 500 && p.status() != 401;
    }

    private static UUID fileIdOf(JsonNode args, List<FileRecords.FileInfo> files) {
        String raw = args.path("file_id").asText("");
        for (FileRecords.FileInfo f : files) {
            if (f.id().toString().equalsIgnoreCase(raw.strip())) {
                return f.id();
            }
        }
        return files.size() == 1 && raw.isBlank() ? files.get(0).id() : null;
    }

    private Progress toolResult(Progress progress, OpenAiClient.ToolCall call, String content) {
        String bounded = content.length() <= config.toolResultChars() ? content
                : content.substring(0, config.toolResultChars()) + "…(cut)";
        progress.messages().addObject().put("role", "tool").put("tool_call_id", call.id()).put("content", bounded);
        return progress;
    }

    private String error(String message) {
        return json.createObjectNode().put("error", message).toString();
    }

    private String describe(FileRecords.DatasetSummary summary) {
        ObjectNode out = json.createObjectNode();
        out.put("rowCount", summary.rowCount());
        ArrayNode columns = out.putArray("columns");
        for (FileRecords.ColumnSummary c : summary.columns()) {
            ObjectNode col = columns.addObject();
            col.put("name", c.name()).put("type", c.type());
            putIfPresent(col, "nullCount", c.nullCount());
            putIfPresent(col, "distinctCount", c.distinctCount());
            for (Map.Entry<String, JsonNode> stat : List.of(Map.entry("min", nullSafe(c.min())),
                    Map.entry("max", nullSafe(c.max())), Map.entry("mean", nullSafe(c.mean())))) {
                if (!stat.getValue().isNull()) {
                    col.set(stat.getKey(), stat.getValue());
                }
            }
            if (c.topValues() != null && !c.topValues().isEmpty()) {
                ArrayNode top = col.putArray("topValues");
                c.topValues().stream().limit(5).forEach(t -> top.addObject().put("count", t.count()).set("value", t.value()));
            }
        }
        return out.toString();
    }

    private JsonNode nullSafe(JsonNode node) {
        return node == null ? json.nullNode() : node;
    }

    private static void putIfPresent(ObjectNode node, String field, Long value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private String queryResult(FileRecords.QueryResult result) {
        ObjectNode out = json.createObjectNode();
        ArrayNode columns = out.putArray("columns");
        result.columns().forEach(c -> columns.add(c.name()));
        List<List<Object>> rows = result.rows().size() <= config.toolResultRows() ? result.rows()
                : result.rows().subList(0, config.toolResultRows());
        out.set("rows", json.valueToTree(rows));
        out.put("rowCount", result.rowCount());
        out.put("truncated", result.truncated() || rows.size() < result.rows().size());
        return out.toString();
    }
}
