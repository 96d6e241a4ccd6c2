package app.famichat.families;

import java.util.UUID;

/**
 * A user stopped being a member of a family (left, was removed, or was its last member and the family went),
 * fired synchronously in that transaction once the change is written, so that what rests on sharing a family
 * (a guardian's share of a family recovery setup) goes with it at once.
 */
public record MembershipEnded(UUID familyId, UUID userId) {
}
