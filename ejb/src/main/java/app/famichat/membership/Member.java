package app.famichat.membership;

import app.famichat.platform.persistence.Rows;
import java.time.Instant;
import java.util.UUID;

/** A member of a family or a conversation, with what the other members see of them. */
public record Member(UUID userId, String username, String displayName, Role role, Instant joinedAt) {

    /**
     * The SQL that selects a member, joined with {@code users u} on {@code m.user_id}: what {@link #from} reads.
     * Families and conversations list their members with it.
     */
    public static final String COLUMNS = "m.user_id, u.username, u.display_name, m.role, m.joined_at";

    /** The member whose {@link #COLUMNS} start at {@code first} in the row. */
    public static Member from(Rows.Row row, int first) {
        return new Member(row.uuid(first), row.string(first + 1), row.string(first + 2),
                Role.valueOf(row.string(first + 3)), row.instant(first + 4));
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
