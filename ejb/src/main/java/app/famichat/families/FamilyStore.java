package app.famichat.families;

import app.famichat.membership.Member;
import app.famichat.platform.persistence.Rows;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Families with their members and invites, in the caller's transaction. */
@ApplicationScoped
class FamilyStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    void create(Family family, FamilyMember founder) {
        em.persist(family);
        em.persist(founder);
    }

    Optional<Family> find(UUID familyId) {
        return Optional.ofNullable(em.find(Family.class, familyId));
    }

    /**
     * Locks the family row until the transaction ends. Every change to a family's members or invites takes this
     * lock first, so checks over all members (the last admin, the member limit, single use) cannot race.
     */
    Optional<Family> lock(UUID familyId) {
        return Optional.ofNullable(em.find(Family.class, familyId, LockModeType.PESSIMISTIC_WRITE));
    }

    /**
     * Deletes the family; the database cascades to its members, invites and family conversation. Written at once,
     * like {@link #removeMember}.
     */
    void delete(Family family) {
        em.remove(family);
        em.flush();
    }

    /** The members with their names, longest-standing first. */
    List<Member> members(UUID familyId) {
        // SQL on the users table rather than JPQL on the Account entity: families does not depend on accounts.
        // Plain SQL does not see this transaction's unwritten entity changes (a join, a new role): written first.
        em.flush();
        return Rows.list(em.createNativeQuery("SELECT " + Member.COLUMNS + " FROM family_members m "
                        + "JOIN users u ON u.id = m.user_id WHERE m.family_id = ? ORDER BY m.joined_at, u.username")
                .setParameter(1, familyId), row -> Member.from(row, 0));
    }

    Optional<FamilyMember> member(UUID familyId, UUID userId) {
        return Optional.ofNullable(em.find(FamilyMember.class, new FamilyMemberKey(familyId, userId)));
    }

    void addMember(FamilyMember member) {
        em.persist(member);
    }

    /**
     * Removes the membership, written at once: the observers of {@link MembershipEnded} ask in plain SQL who still
     * shares a family, and plain SQL does not see this transaction's unwritten entity changes.
     */
    void removeMember(UUID familyId, UUID userId) {
        member(familyId, userId).ifPresent(em::remove);
        em.flush();
    }

    /** The user's families, in the order they joined them. */
    List<FamilySummary> familiesOf(UUID userId) {
        return em.createQuery("select new app.famichat.families.FamilySummary(f.id, f.name, m.role) "
                        + "from Family f, FamilyMember m where m.familyId = f.id "
                        + "and m.userId = :user order by m.joinedAt, f.name", FamilySummary.class)
                .setParameter("user", userId)
                .getResultList();
    }

    /** Those of {@code others} who are in at least one family with {@code userId}. */
    Set<UUID> sharingAFamilyWith(UUID userId, Collection<UUID> others) {
        if (others.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery("select distinct other.userId from FamilyMember mine, FamilyMember other "
                        + "where other.familyId = mine.familyId and mine.userId = :user and other.userId in :others",
                        UUID.class)
                .setParameter("user", userId)
                .setParameter("others", others)
                .getResultList());
    }

    void addInvite(FamilyInvite invite) {
        em.persist(invite);
    }

    /** The family an invite code hash belongs to, without loading the invite (see {@link #lock}). */
    Optional<UUID> familyOfInvite(byte[] codeHash) {
        return em.createQuery("select i.familyId from FamilyInvite i where i.codeHash = :hash", UUID.class)
                .setParameter("hash", codeHash)
                .getResultStream().findFirst();
    }

    Optional<FamilyInvite> invite(byte[] codeHash) {
        return em.createQuery("select i from FamilyInvite i where i.codeHash = :hash", FamilyInvite.class)
                .setParameter("hash", codeHash)
                .getResultStream().findFirst();
    }
}
