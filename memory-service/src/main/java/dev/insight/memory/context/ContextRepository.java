package dev.insight.memory.context;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
