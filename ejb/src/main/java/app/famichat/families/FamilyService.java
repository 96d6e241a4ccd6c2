package app.famichat.families;

import app.famichat.membership.Role;
import app.famichat.membership.Roster;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.platform.text.TextRules;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Families, their members and invites. An outsider is told a family does not exist (404), whatever they ask; a
 * member who is not an admin is told they may not (403). A family always has an admin while it has members:
 * changes that could remove the last one run under the family's row lock.
 */
@Stateless
public class FamilyService {

    static final int MAX_NAME = 64;

    private static final String NO_SUCH_FAMILY = "No such family";
    private static final String NO_SUCH_INVITE = "No such invite";

    @Inject
    FamilyStore store;

    @Inject
    FamilySettings settings;

    @Inject
    Event<MembershipEnded> ended;

    /** A new family with the caller as its admin. */
    public FamilyDetails create(UUID caller, String name) {
        String checked = TextRules.name(name, MAX_NAME).valueOrRefuse("name");
        Instant now = DatabaseClock.now();
        Family family = new Family(UUID.randomUUID(), checked, now);
        store.create(family, new FamilyMember(family.id(), caller, Role.ADMIN, now));
        return details(family);
    }

    public FamilyDetails view(UUID caller, UUID familyId) {
        Family family = store.find(familyId).orElseThrow(() -> FamichatException.notFound(NO_SUCH_FAMILY));
        FamilyDetails details = details(family);
        new Roster(details.members()).require(caller, NO_SUCH_FAMILY);
        return details;
    }

    /** A single-use code that lets one person join; admins only. */
    public IssuedInvite invite(UUID caller, UUID familyId) {
        roster(familyId).requireAdmin(caller, NO_SUCH_FAMILY);
        String code = FamilyInvite.CODES.generate();
        Instant now = DatabaseClock.now();
        FamilyInvite invite = new FamilyInvite(FamilyInvite.CODES.hash(code).orElseThrow(), familyId, caller, now,
                now.plus(settings.inviteLifetime()));
        store.addInvite(invite);
        return new IssuedInvite(code, familyId, invite.expiresAt());
    }

    /** Joins the caller to the invite's family. A used and an expired code get the same answer. */
    public FamilyDetails accept(UUID caller, String code) {
        byte[] hash = FamilyInvite.CODES.hash(code).orElseThrow(() -> FamichatException.notFound(NO_SUCH_INVITE));
        // The invite is read only after the family lock: a second person accepting the same code waits here and
        // then sees it used.
        UUID familyId = store.familyOfInvite(hash).orElseThrow(() -> FamichatException.notFound(NO_SUCH_INVITE));
        Family family = store.lock(familyId).orElseThrow(() -> FamichatException.notFound(NO_SUCH_INVITE));
        FamilyInvite invite = store.invite(hash).orElseThrow(() -> FamichatException.notFound(NO_SUCH_INVITE));
        Instant now = DatabaseClock.now();
        if (invite.state(now) != FamilyInvite.State.VALID) {
            throw new FamichatException(Failure.GONE, "The invite has expired or has been used");
        }
        roster(familyId).requireRoomFor(caller, settings.maxMembers());
        invite.use(now);
        store.addMember(new FamilyMember(familyId, caller, Role.MEMBER, now));
        return details(family);
    }

    /** The caller leaves; the last one out deletes the family (its invites and family conversation too). */
    public void leave(UUID caller, UUID familyId) {
        Family family = store.lock(familyId).orElseThrow(() -> FamichatException.notFound(NO_SUCH_FAMILY));
        Roster roster = roster(familyId);
        roster.require(caller, NO_SUCH_FAMILY);
        if (roster.size() == 1) {
            store.delete(family);
        } else if (roster.isOnlyAdmin(caller)) {
            throw new FamichatException(Failure.CONFLICT,
                    "The only admin cannot leave: make another member an admin first");
        } else {
            store.removeMember(familyId, caller);
        }
        ended.fire(new MembershipEnded(familyId, caller));
    }

    /** An admin removes a member; removing oneself is leaving. */
    public void remove(UUID caller, UUID familyId, UUID userId) {
        if (caller.equals(userId)) {
            leave(caller, familyId);
            return;
        }
        store.lock(familyId).orElseThrow(() -> FamichatException.notFound(NO_SUCH_FAMILY));
        Roster roster = roster(familyId);
        roster.requireAdmin(caller, NO_SUCH_FAMILY);
        roster.require(userId, "No such member");
        store.removeMember(familyId, userId);
        ended.fire(new MembershipEnded(familyId, userId));
    }

    /** An admin makes a member an admin or steps an admin down, never leaving the family without one. */
    public FamilyDetails changeRole(UUID caller, UUID familyId, UUID userId, String role) {
        Role newRole = Role.parse("role", role);
        Family family = store.lock(familyId).orElseThrow(() -> FamichatException.notFound(NO_SUCH_FAMILY));
        Roster roster = roster(familyId);
        roster.requireAdmin(caller, NO_SUCH_FAMILY);
        roster.require(userId, "No such member");
        if (newRole == Role.MEMBER && roster.isOnlyAdmin(userId)) {
            throw new FamichatException(Failure.CONFLICT,
                    "The only admin cannot step down: make another member an admin first");
        }
        store.member(familyId, userId).orElseThrow().changeRole(newRole);
        return details(family);
    }

    public List<FamilySummary> familiesOf(UUID userId) {
        return store.familiesOf(userId);
    }

    public boolean isMember(UUID familyId, UUID userId) {
        return store.member(familyId, userId).isPresent();
    }

    /** Those of {@code others} who share at least one family with {@code userId}. */
    public Set<UUID> sharingAFamilyWith(UUID userId, Collection<UUID> others) {
        return store.sharingAFamilyWith(userId, others);
    }

    private Roster roster(UUID familyId) {
        return new Roster(store.members(familyId));
    }

    private FamilyDetails details(Family family) {
        return new FamilyDetails(family, store.members(family.id()));
    }
}
