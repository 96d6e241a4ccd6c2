package app.famichat.membership;

import java.time.Instant;
import java.util.UUID;

/** A member of a family or a conversation, with what the other members see of them. */
public record Member(UUID userId, String username, String displayName, Role role, Instant joinedAt) {

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
