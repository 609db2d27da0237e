package dev.insight.memory.search;

import dev.insight.memory.config.MemoryConfig;
import dev.insight.support.input.Unicode;
import dev.insight.support.problem.ProblemException;
import dev.insight.support.paging.Cursor;
import dev.insight.support.paging.Page;
import dev.insight.support.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class SearchService {

    private static final String CURSOR_KIND = "search";

    private final SearchRepository repository;
    private final MemoryConfig.Limits limits;

    public SearchService(SearchRepository repository, MemoryConfig config) {
        this.repository = repository;
        this.limits = config.limits();
    }

    @WithSession
    public Uni<Page<SearchHit>> search(UUID owner, String q, PageRequest page) {
        String query = validate(q);
        // a cursor names its query, so that it cannot page through the results of another one
        String queryTag = Integer.toHexString(query.hashCode());
        Float afterRank = null;
        UUID afterId = null;
        if (page.cursor() != null) {
            String[] key = Cursor.decode(page.cursor(), CURSOR_KIND, 3);
            if (!key[0].equals(queryTag)) {
                throw ProblemException.invalidField("cursor", "belongs to another search");
            }
            try {
                afterRank = Float.intBitsToFloat(Integer.parseUnsignedInt(key[1], 16));
                afterId = UUID.fromString(key[2]);
            } catch (IllegalArgumentException e) {
                throw ProblemException.invalidField("cursor", "is not a cursor this list returned");
            }
        }
        return repository.search(owner, query, afterRank, afterId, page.limit() + 1).map(rows -> {
            boolean more = rows.size() > page.limit();
            List<SearchHit> items = more ? rows.subList(0, page.limit()) : rows;
            String next = null;
            if (more) {
                SearchHit last = items.get(items.size() - 1);
                next = Cursor.encode(CURSOR_KIND, queryTag, Integer.toHexString(Float.floatToIntBits(last.rank())),
                        last.messageId().toString());
            }
            return new Page<>(items, next);
        });
    }

    private String validate(String q) {
        if (q == null || q.isBlank()) {
            throw ProblemException.invalidField("q", "is required: the words to search for");
        }
        String query = q.strip();
        if (Unicode.characters(query) > limits.searchQueryChars()) {
            throw ProblemException.invalidField("q", "must be at most " + limits.searchQueryChars() + " characters");
        }
        if (query.indexOf('\u0000') >= 0) {
            throw ProblemException.invalidField("q", "must not contain NUL characters");
        }
        return query;
    }
}
