package app.famichat.families;

import app.famichat.membership.Member;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Persistence of families, their members and invites. */
public interface FamilyStore {

    void create(Family family, FamilyMember founder);

    Optional<Family> find(UUID familyId);

    /**
     * Locks the family row until the transaction ends. Every change to a family's members or invites takes this
     * lock first, so checks over all members (the last admin, the member limit, single use) cannot race.
     */
    Optional<Family> lock(UUID familyId);

    /** Deletes the family with its members, invites and family conversation. */
    void delete(Family family);

    /** The members with their names, longest-standing first. */
    List<Member> members(UUID familyId);

    Optional<FamilyMember> member(UUID familyId, UUID userId);

    void addMember(FamilyMember member);

    void removeMember(UUID familyId, UUID userId);

    List<FamilySummary> familiesOf(UUID userId);

    /** Those of {@code others} who are in at least one family with {@code userId}. */
    Set<UUID> sharingAFamilyWith(UUID userId, Collection<UUID> others);

    void addInvite(FamilyInvite invite);

    /** The family an invite code hash belongs to, without loading the invite (see {@link #lock}). */
    Optional<UUID> familyOfInvite(byte[] codeHash);

    Optional<FamilyInvite> invite(byte[] codeHash);
}
