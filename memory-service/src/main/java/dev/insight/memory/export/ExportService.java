package dev.insight.memory.export;

import dev.insight.memory.conversation.ConversationRepository;
import dev.insight.memory.conversation.ConversationService;
import dev.insight.memory.conversation.ConversationView;
import dev.insight.memory.message.Message;
import dev.insight.memory.message.MessageRepository;
import dev.insight.memory.message.MessageView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

@ApplicationScoped
public class ExportService {

    private static final int BATCH = 500;
    /** Markdown's line endings: a bare CR ends a line too. */
    private static final Pattern LINE_END = Pattern.compile("\r\n|\r|\n");

    private final ConversationRepository conversations;
    private final MessageRepository messages;

    public ExportService(ConversationRepository conversations, MessageRepository messages) {
        this.conversations = conversations;
        this.messages = messages;
    }

    @WithSession
    public Uni<ConversationExport> export(UUID owner, UUID id) {
        return conversations.findOwned(id, owner)
                .onItem().ifNull().failWith(() -> ConversationService.notFound(id))
                .chain(c -> allMessages(id).map(list -> new ConversationExport(ConversationView.of(c),
                        ConversationService.now(), list.stream().map(MessageView::of).toList())));
    }

    /** Reads in seq batches so that a long history never needs one huge result set. */
    private Uni<List<Message>> allMessages(UUID conversationId) {
        long[] after = {0};
        return Multi.createBy().repeating()
                .uni(() -> messages.pageAfter(conversationId, after[0], BATCH)
                        .invoke(batch -> after[0] = batch.isEmpty() ? after[0] : batch.get(batch.size() - 1).seq))
                .whilst(batch -> batch.size() == BATCH)
                .onItem().<Message>disjoint()
                .collect().asList();
    }

    public static String markdown(ConversationExport export) {
        StringBuilder md = new StringBuilder();
        ConversationView c = export.conversation();
        md.append("# ").append(c.title().replace("\n", " ")).append("\n\n");
        md.append("- Conversation: `").append(c.id()).append("`\n");
        md.append("- Created: ").append(c.createdAt()).append("\n");
        md.append("- Updated: ").append(c.updatedAt()).append("\n");
        md.append("- Messages: ").append(c.messageCount()).append("\n");
        md.append("- Exported: ").append(export.exportedAt()).append("\n");
        for (MessageView m : export.messages()) {
            md.append("\n---\n\n");
            md.append("**").append(m.role()).append("** · #").append(m.seq()).append(" · ")
                    .append(m.createdAt()).append("\n\n");
            quote(md, m.content());
        }
        return md.toString();
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
