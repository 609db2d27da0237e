package dev.insight.memory.context;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The queries a context window needs beyond plain message reads: where the budget cuts, and stored digests. */
@ApplicationScoped
public class ContextRepository {

    /** Where a budget cuts the messages up to some seq: their total tokens, and the first seq of the newest run that fits. */
    public record Cut(long totalTokens, long firstSeqWithin) {
    }

    /**
     * The tokens (content plus per-message overhead) of messages 1..lastSeq, and the seq of the oldest message in
     * the newest run of them that fits the budget ({@code lastSeq + 1} when not even the newest one fits). Messages
     * appended after lastSeq was read are left out, so the window matches the seq it is cached under.
     */
    public Uni<Cut> cut(UUID conversationId, long lastSeq, long budget, int overhead) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                select coalesce(sum(token_count + :overhead), 0),
                       coalesce(min(seq) filter (where running <= :budget), :next)
                from (
                    select seq, token_count, sum(token_count + :overhead) over (order by seq desc) as running
                    from memory.message where conversation_id = :conversation and seq <= :last
                ) window_sums
                """, Object[].class)
                .setParameter("next", lastSeq + 1)
                .setParameter("last", lastSeq)
                .setParameter("overhead", overhead)
                .setParameter("conversation", conversationId)
                .setParameter("budget", budget)
                .getSingleResult())
                .map(row -> new Cut(((Number) row[0]).longValue(), ((Number) row[1]).longValue()));
    }

    /**
     * What the digest reads of messages fromSeq..toSeq, in seq order: the newest of them up to about maxChars of text
     * in all, each cut to its first messageChars characters. Lengths are read without the text (octet_length reads a
     * stored value's size), so long messages left unread are never loaded.
     */
    public Uni<List<ExtractiveSummarizer.Source>> summarySources(UUID conversationId, long fromSeq, long toSeq,
            int maxChars, int messageChars) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                select seq, role, left(content, :each)
                from (
                    select seq, role, content,
                           sum(least(octet_length(content), :each)) over (order by seq desc) as running,
                           least(octet_length(content), :each) as own
                    from memory.message where conversation_id = :conversation and seq between :from and :to
                ) newest_first
                where running - own < :total
                order by seq
                """, Object[].class)
                .setParameter("each", messageChars)
                .setParameter("total", (long) maxChars)
                .setParameter("conversation", conversationId)
                .setParameter("from", fromSeq)
                .setParameter("to", toSeq)
                .getResultList())
                .map(rows -> rows.stream().map(row -> new ExtractiveSummarizer.Source(((Number) row[0]).longValue(),
                        (String) row[1], (String) row[2])).toList());
    }

    public Uni<String> storedSummary(UUID conversationId, long uptoSeq, int budget) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                select summary from memory.context_summary
                where conversation_id = :conversation and upto_seq = :upto and budget_tokens = :budget
                """, String.class)
                .setParameter("conversation", conversationId)
                .setParameter("upto", uptoSeq)
                .setParameter("budget", budget)
                .getSingleResultOrNull());
    }

    /** Stores a digest; a replica that computed the same one first wins, and the two are identical anyway. */
    public Uni<Integer> store(UUID conversationId, long uptoSeq, int budget, String summary, int tokenCount) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                insert into memory.context_summary (conversation_id, upto_seq, budget_tokens, summary, token_count)
                values (:conversation, :upto, :budget, :summary, :tokens)
                on conflict do nothing
                """)
                .setParameter("conversation", conversationId)
                .setParameter("upto", uptoSeq)
                .setParameter("budget", budget)
                .setParameter("summary", summary)
                .setParameter("tokens", tokenCount)
                .executeUpdate());
    }
}
