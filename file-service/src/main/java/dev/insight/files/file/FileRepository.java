package dev.insight.files.file;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class FileRepository implements PanacheRepositoryBase<StoredFile, UUID> {

    private static final Sort NEWEST_FIRST = Sort.by("createdAt", Sort.Direction.Descending)
            .and("id", Sort.Direction.Descending);

    public Uni<StoredFile> findOwned(UUID id, UUID owner) {
        return find("id = ?1 and ownerId = ?2", id, owner).firstResult();
    }

    /** One page, newest first, strictly after the (createdAt, id) key when one is given. */
    public Uni<List<StoredFile>> pageAfter(UUID owner, Instant createdAt, UUID id, int size) {
        if (createdAt == null) {
            return find("ownerId = ?1", NEWEST_FIRST, owner).range(0, size - 1).list();
        }
        return find("ownerId = ?1 and (createdAt < ?2 or (createdAt = ?2 and id < ?3))", NEWEST_FIRST,
                owner, createdAt, id).range(0, size - 1).list();
    }

    public Uni<List<StoredFile>> ownedBy(UUID owner) {
        return find("ownerId = ?1", owner).list();
    }
}
