package dev.insight.memory.context;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** The two queries a context window needs beyond plain message reads: where the budget cuts, and stored digests. */
@ApplicationScoped
public class ContextRepository {

    /**
     * The seq of the oldest message in the newest run of messages whose tokens (content plus per-message
     * overhead) fit the budget; {@code lastSeq + 1} when not even the newest one fits.
     */
    public Uni<Long> firstSeqWithin(UUID conversationId, long lastSeq, long budget, int overhead) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                select coalesce(min(seq), :next) from (
                    select seq, sum(token_count + :overhead) over (order by seq desc) as running
                    from memory.message where conversation_id = :conversation
                ) window_sums where running <= :budget
                """, Long.class)
                .setParameter("next", lastSeq + 1)
                .setParameter("overhead", overhead)
                .setParameter("conversation", conversationId)
                .setParameter("budget", budget)
                .getSingleResult());
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
