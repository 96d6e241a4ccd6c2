package app.famichat.membership;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The members of a family or a group as its rules see them, read under the lock of the family or conversation
 * row so that two concurrent changes cannot both pass a check (two admins leaving at once).
 */
public final class Roster {

    private final List<Member> members;

    public Roster(List<Member> members) {
        this.members = List.copyOf(members);
    }

    public List<Member> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    public Optional<Member> find(UUID userId) {
        return members.stream().filter(member -> member.userId().equals(userId)).findFirst();
    }

    /** The member, or a not-found refusal: to an outsider, what they ask about does not exist. */
    public Member require(UUID userId, String notFoundDetail) {
        return find(userId).orElseThrow(() -> FamichatException.notFound(notFoundDetail));
    }

    /** For admin actions: an outsider learns nothing (404), a member learns they are not an admin (403). */
    public void requireAdmin(UUID userId, String notFoundDetail) {
        if (!require(userId, notFoundDetail).isAdmin()) {
            throw new FamichatException(Failure.FORBIDDEN, "Only an admin may do this");
        }
    }

    /** A newcomer needs a free seat and must not be a member already. */
    public void requireRoomFor(UUID userId, int maxMembers) {
        if (find(userId).isPresent()) {
            throw new FamichatException(Failure.CONFLICT, "Already a member");
        }
        if (members.size() >= maxMembers) {
            throw new FamichatException(Failure.CONFLICT, "Full: at most " + maxMembers + " members");
        }
    }

    /** True when the user is an admin and no other member is: without them, no one would be in charge. */
    public boolean isOnlyAdmin(UUID userId) {
        return members.stream().filter(Member::isAdmin).map(Member::userId).toList().equals(List.of(userId));
    }

    /** The longest-standing member other than {@code userId}: who takes over when an admin leaves a group. */
    public Optional<Member> successorOf(UUID userId) {
        return members.stream().filter(member -> !member.userId().equals(userId))
                .min(Comparator.comparing(Member::joinedAt).thenComparing(Member::username));
    }
}
