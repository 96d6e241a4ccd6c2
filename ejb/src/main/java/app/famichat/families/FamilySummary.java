package app.famichat.families;

import app.famichat.membership.Role;
import java.util.UUID;

/** One of a user's families and their role in it. */
public record FamilySummary(UUID familyId, String name, Role role) {
}
