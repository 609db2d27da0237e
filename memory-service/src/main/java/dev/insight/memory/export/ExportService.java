package dev.insight.memory.export;

import dev.insight.memory.conversation.ConversationRepository;
import dev.insight.memory.conversation.ConversationService;
import dev.insight.memory.conversation.ConversationView;
import dev.insight.memory.message.Message;
import dev.insight.memory.message.MessageRepository;
import dev.insight.memory.message.MessageView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.vertx.mutiny.core.buffer.Buffer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

@ApplicationScoped
public class ExportService {

    /**
     * Messages read and sent per step: a step holds at most this many messages' text in memory (100 KB each at
     * most), whatever the conversation's length.
     */
    static final int BATCH = 100;
    /** Markdown's line endings: a bare CR ends a line too. */
    private static final Pattern LINE_END = Pattern.compile("\r\n|\r|\n");

    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final ObjectMapper json;

    public ExportService(ConversationRepository conversations, MessageRepository messages, ObjectMapper json) {
        this.conversations = conversations;
        this.messages = messages;
        this.json = json;
    }

    /** The owner's conversation as the export shows it; a 404 for anyone else, before anything is sent. */
    public Uni<ConversationView> owned(UUID owner, UUID id) {
        return Panache.withSession(() -> conversations.findOwned(id, owner))
                .onItem().ifNull().failWith(() -> ConversationService.notFound(id))
                .map(ConversationView::of);
    }

    /**
     * The JSON document ({@link ConversationExport}'s shape) in pieces: the conversation, then its messages a batch at
     * a time, each batch read in a session of its own. The messages are those the conversation counted when it was
     * read (seq up to its messageCount), so the document agrees with itself while appends go on.
     */
    public Multi<Buffer> json(ConversationView conversation) {
        String head = "{\"conversation\":" + write(conversation) + ",\"exportedAt\":" + write(ConversationService.now())
                + ",\"messages\":[";
        boolean[] first = { true };
        Multi<Buffer> body = batches(conversation).map(batch -> {
            StringBuilder piece = new StringBuilder();
            for (Message m : batch) {
                piece.append(first[0] ? "" : ",").append(write(MessageView.of(m)));
                first[0] = false;
            }
            return Buffer.buffer(piece.toString());
        });
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(Buffer.buffer(head)), body,
                Multi.createFrom().item(Buffer.buffer("]}")));
    }

    /** The Markdown document in pieces, the same way. */
    public Multi<Buffer> markdown(ConversationView c) {
        StringBuilder head = new StringBuilder();
        head.append("# ").append(c.title().replace("\n", " ")).append("\n\n");
        head.append("- Conversation: `").append(c.id()).append("`\n");
        head.append("- Created: ").append(c.createdAt()).append("\n");
        head.append("- Updated: ").append(c.updatedAt()).append("\n");
        head.append("- Messages: ").append(c.messageCount()).append("\n");
        head.append("- Exported: ").append(ConversationService.now()).append("\n");
        Multi<Buffer> body = batches(c).map(batch -> {
            StringBuilder md = new StringBuilder();
            for (Message m : batch) {
                md.append("\n---\n\n");
                md.append("**").append(m.role).append("** · #").append(m.seq).append(" · ")
                        .append(MessageView.of(m).createdAt()).append("\n\n");
                quote(md, m.content);
            }
            return Buffer.buffer(md.toString());
        });
        return Multi.createBy().concatenating().streams(Multi.createFrom().item(Buffer.buffer(head.toString())), body);
    }

    /** The conversation's messages up to its count when read, in seq order, a batch at a time; read as demanded. */
    private Multi<List<Message>> batches(ConversationView c) {
        long last = c.messageCount();
        long[] after = { 0 };
        return Multi.createBy().repeating()
                .uni(() -> Panache.withSession(() -> messages.pageAfter(c.id(), after[0], BATCH))
                        .map(batch -> batch.stream().filter(m -> m.seq <= last).toList())
                        .invoke(batch -> after[0] = batch.isEmpty() ? last : batch.get(batch.size() - 1).seq))
                .whilst(batch -> batch.size() == BATCH && after[0] < last)
                .filter(batch -> !batch.isEmpty());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the export is not serializable", e);
        }
    }

    /**
     * A message's content as a blockquote: every line prefixed with "> ", so its own formatting still renders, but
     * nothing in it can end the quote and pass for a heading, a rule or another message's header (every block the
     * content opens closes with the quote).
     */
    private static void quote(StringBuilder md, String content) {
        String text = content.stripTrailing().replaceFirst("^(?:[ \t]*(?:\r\n|\r|\n))+", "");
        for (String line : LINE_END.split(text, -1)) {
            md.append(line.isEmpty() ? ">" : "> " + line).append('\n');
        }
    }
}
