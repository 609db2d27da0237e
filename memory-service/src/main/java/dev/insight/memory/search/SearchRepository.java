package dev.insight.memory.search;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** Full-text search over the owner's messages: tsvector + GIN index, websearch_to_tsquery, ts_rank_cd. */
@ApplicationScoped
public class SearchRepository {

    private static final String HITS = """
            select hits.conversation_id, c.title, hits.id, hits.seq, hits.role,
                   ts_headline('english', translate(hits.content, U&'\\E000\\E001', ''), hits.query,
                       'StartSel=' || U&'\\E000' || ', StopSel=' || U&'\\E001'
                       || ', MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "'),
                   hits.rank
            from (
                select m.id, m.conversation_id, m.seq, m.role, m.content, q.query,
                       ts_rank_cd(m.search_vector, q.query) as rank
                from memory.message m, websearch_to_tsquery('english', :q) as q(query)
                where m.owner_id = :owner and m.search_vector @@ q.query
            ) hits
            join memory.conversation c on c.id = hits.conversation_id
            %s
            order by hits.rank desc, hits.id
            limit :size
            """;

    private static final String AFTER = "where hits.rank < :rank or (hits.rank = :rank and hits.id > :id)";

    /** Up to {@code size} hits, best first, strictly after the (rank, id) key when one is given. */
    public Uni<List<SearchHit>> search(UUID owner, String query, Float afterRank, UUID afterId, int size) {
        boolean after = afterRank != null;
        return Panache.getSession().chain(session -> {
            var q = session.createNativeQuery(HITS.formatted(after ? AFTER : ""), Object[].class)
                    .setParameter("q", query)
                    .setParameter("owner", owner)
                    .setParameter("size", size);
            if (after) {
                q.setParameter("rank", afterRank).setParameter("id", afterId);
            }
            return q.getResultList();
        }).map(rows -> rows.stream().map(SearchRepository::hit).toList());
    }

    private static SearchHit hit(Object[] row) {
        return new SearchHit((UUID) row[0], (String) row[1], (UUID) row[2], ((Number) row[3]).longValue(),
                (String) row[4], highlight((String) row[5]), ((Number) row[6]).floatValue());
    }

    /**
     * ts_headline marks matches with two private-use characters (removed from the text beforehand); the
     * text is HTML-escaped here and only then are the marks turned into {@code <mark>} tags.
     */
    static String highlight(String headline) {
        StringBuilder out = new StringBuilder(headline.length() + 32);
        headline.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case 0xE000 -> out.append("<mark>");
                case 0xE001 -> out.append("</mark>");
                default -> out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
