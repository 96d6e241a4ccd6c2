package app.famichat.families;

import app.famichat.accounts.Account;
import app.famichat.membership.Member;
import app.famichat.membership.Role;
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

@ApplicationScoped
class JpaFamilyStore implements FamilyStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Override
    public void create(Family family, FamilyMember founder) {
        em.persist(family);
        em.persist(founder);
    }

    @Override
    public Optional<Family> find(UUID familyId) {
        return Optional.ofNullable(em.find(Family.class, familyId));
    }

    @Override
    public Optional<Family> lock(UUID familyId) {
        return Optional.ofNullable(em.find(Family.class, familyId, LockModeType.PESSIMISTIC_WRITE));
    }

    @Override
    public void delete(Family family) {
        // The database cascades to members, invites and the family conversation.
        em.remove(family);
    }

    @Override
    public List<Member> members(UUID familyId) {
        return em.createQuery("select m, a from FamilyMember m, Account a where a.id = m.userId "
                        + "and m.familyId = :family order by m.joinedAt, a.username", Object[].class)
                .setParameter("family", familyId)
                .getResultStream()
                .map(row -> {
                    FamilyMember member = (FamilyMember) row[0];
                    Account account = (Account) row[1];
                    return new Member(member.userId(), account.username(), account.displayName(), member.role(),
                            member.joinedAt());
                })
                .toList();
    }

    @Override
    public Optional<FamilyMember> member(UUID familyId, UUID userId) {
        return Optional.ofNullable(em.find(FamilyMember.class, new FamilyMemberKey(familyId, userId)));
    }

    @Override
    public void addMember(FamilyMember member) {
        em.persist(member);
    }

    @Override
    public void removeMember(UUID familyId, UUID userId) {
        member(familyId, userId).ifPresent(em::remove);
    }

    @Override
    public List<FamilySummary> familiesOf(UUID userId) {
        return em.createQuery("select f, m.role from Family f, FamilyMember m where m.familyId = f.id "
                        + "and m.userId = :user order by m.joinedAt, f.name", Object[].class)
                .setParameter("user", userId)
                .getResultStream()
                .map(row -> {
                    Family family = (Family) row[0];
                    return new FamilySummary(family.id(), family.name(), (Role) row[1]);
                })
                .toList();
    }

    @Override
    public Set<UUID> sharingAFamilyWith(UUID userId, Collection<UUID> others) {
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

    @Override
    public void addInvite(FamilyInvite invite) {
        em.persist(invite);
    }

    @Override
    public Optional<UUID> familyOfInvite(byte[] codeHash) {
        return em.createQuery("select i.familyId from FamilyInvite i where i.codeHash = :hash", UUID.class)
                .setParameter("hash", codeHash)
                .getResultStream().findFirst();
    }

    @Override
    public Optional<FamilyInvite> invite(byte[] codeHash) {
        return em.createQuery("select i from FamilyInvite i where i.codeHash = :hash", FamilyInvite.class)
                .setParameter("hash", codeHash)
                .getResultStream().findFirst();
    }
}
