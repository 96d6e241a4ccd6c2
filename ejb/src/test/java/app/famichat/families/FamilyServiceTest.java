package app.famichat.families;

import static app.famichat.membership.TestMembers.ids;
import static app.famichat.membership.TestMembers.user;
import static app.famichat.platform.errors.Refusals.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.membership.Member;
import app.famichat.membership.Role;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.testing.RecordingEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The membership and invite rules of {@link FamilyService}, over an in-memory store. */
class FamilyServiceTest {

    private static final int MAX_MEMBERS = 4;
    private static final Duration INVITE_LIFETIME = Duration.ofDays(7);

    private final InMemoryFamilyStore store = new InMemoryFamilyStore();
    private final RecordingEvent<MembershipEnded> ended = new RecordingEvent<>();
    private final FamilyService service = service(store, ended);
    private final UUID ann = user(1);
    private final UUID bob = user(2);
    private final UUID cat = user(3);
    private final UUID stranger = user(4);

    private static FamilyService service(FamilyStore store, RecordingEvent<MembershipEnded> ended) {
        FamilyService service = new FamilyService();
        service.store = store;
        service.ended = ended;
        service.settings = new FamilySettings();
        service.settings.maxMembers = MAX_MEMBERS;
        service.settings.inviteLifetime = INVITE_LIFETIME;
        return service;
    }

    // ---- creating and seeing a family

    @Test
    void theFounderIsTheOnlyMemberAndAnAdmin() {
        FamilyDetails created = service.create(ann, "  The Does ");
        assertEquals("The Does", created.family().name());
        assertEquals(List.of(ann), ids(created.members()));
        assertEquals(Role.ADMIN, created.members().get(0).role());
        assertEquals(List.of(new FamilySummary(created.family().id(), "The Does", Role.ADMIN)), service.familiesOf(ann));
    }

    @Test
    void aFamilyNeedsAName() {
        assertEquals("name", refusal(Failure.INVALID, () -> service.create(ann, " ")).field());
        assertTrue(store.families.isEmpty());
    }

    @Test
    void toAnOutsiderAFamilyDoesNotExist() {
        UUID family = family();
        assertEquals(refusal(Failure.NOT_FOUND, () -> service.view(stranger, UUID.randomUUID())).getMessage(),
                refusal(Failure.NOT_FOUND, () -> service.view(stranger, family)).getMessage());
        assertEquals(List.of(ann), ids(service.view(ann, family).members()));
    }

    // ---- invites

    @Test
    void anInviteLetsOnePersonJoinAsAMember() {
        UUID family = family();
        IssuedInvite invite = service.invite(ann, family);
        assertEquals(family, invite.familyId());

        FamilyDetails joined = service.accept(bob, invite.code());
        assertEquals(List.of(ann, bob), ids(joined.members()));
        assertEquals(Role.MEMBER, joined.members().get(1).role());
        assertTrue(service.isMember(family, bob));
        assertEquals(List.of(family), store.locked, "accepting takes the family's lock");
    }

    @Test
    void anInviteExpiresAfterItsLifetime() {
        UUID family = family();
        Instant before = Instant.now();
        Instant expiresAt = service.invite(ann, family).expiresAt();
        assertFalse(expiresAt.isBefore(before.plus(INVITE_LIFETIME)));
        assertFalse(expiresAt.isAfter(Instant.now().plus(INVITE_LIFETIME)));
    }

    @Test
    void anInviteIsSingleUse() {
        UUID family = family();
        String code = service.invite(ann, family).code();
        service.accept(bob, code);
        refusal(Failure.GONE, () -> service.accept(cat, code));
        assertFalse(service.isMember(family, cat));
    }

    @Test
    void anExpiredInviteIsRefusedLikeAUsedOne() {
        UUID family = family();
        String code = FamilyInvite.CODES.generate();
        Instant issued = Instant.now().minus(Duration.ofDays(8));
        store.addInvite(new FamilyInvite(FamilyInvite.CODES.hash(code).orElseThrow(), family, ann, issued,
                issued.plus(INVITE_LIFETIME)));
        FamichatException expired = refusal(Failure.GONE, () -> service.accept(bob, code));
        service.accept(bob, service.invite(ann, family).code());
        FamichatException used = refusal(Failure.GONE,
                () -> service.accept(cat, reused(family)));
        assertEquals(used.getMessage(), expired.getMessage());
    }

    @Test
    void unknownAndMalformedCodesAreNotFound() {
        family();
        refusal(Failure.NOT_FOUND, () -> service.accept(bob, FamilyInvite.CODES.generate()));
        refusal(Failure.NOT_FOUND, () -> service.accept(bob, "not-a-code"));
        refusal(Failure.NOT_FOUND, () -> service.accept(bob, null));
    }

    @Test
    void anInviteJoinsTheFamilyItWasIssuedForOnly() {
        UUID first = family();
        UUID second = service.create(cat, "Other").family().id();
        service.accept(bob, service.invite(cat, second).code());
        assertTrue(service.isMember(second, bob));
        assertFalse(service.isMember(first, bob));
    }

    @Test
    void anInviteOfADeletedFamilyIsNotFound() {
        UUID family = family();
        String code = service.invite(ann, family).code();
        service.leave(ann, family);
        refusal(Failure.NOT_FOUND, () -> service.accept(bob, code));
    }

    @Test
    void onlyAdminsInvite() {
        UUID family = familyWith(bob);
        refusal(Failure.FORBIDDEN, () -> service.invite(bob, family));
        refusal(Failure.NOT_FOUND, () -> service.invite(stranger, family));
    }

    @Test
    void aMemberCannotJoinTwiceAndKeepsTheInviteForSomeoneElse() {
        UUID family = familyWith(bob);
        String code = service.invite(ann, family).code();
        refusal(Failure.CONFLICT, () -> service.accept(bob, code));
        service.accept(cat, code);
        assertTrue(service.isMember(family, cat));
    }

    @Test
    void aFullFamilyTakesNobodyMore() {
        UUID family = familyWith(bob, cat, UUID.randomUUID());
        assertEquals(MAX_MEMBERS, service.view(ann, family).members().size());
        String code = service.invite(ann, family).code();
        refusal(Failure.CONFLICT, () -> service.accept(stranger, code));
        assertFalse(service.isMember(family, stranger));

        service.remove(ann, family, cat);
        service.accept(stranger, code);
        assertTrue(service.isMember(family, stranger));
    }

    // ---- leaving and removing

    @Test
    void aMemberLeaves() {
        UUID family = familyWith(bob);
        service.leave(bob, family);
        assertEquals(List.of(ann), ids(service.view(ann, family).members()));
        assertEquals(List.of(), service.familiesOf(bob));
        assertEquals(List.of(new MembershipEnded(family, bob)), ended.fired, "what rests on the family is told");
    }

    @Test
    void theOnlyAdminCannotLeaveOthersBehind() {
        UUID family = familyWith(bob);
        refusal(Failure.CONFLICT, () -> service.leave(ann, family));
        refusal(Failure.CONFLICT, () -> service.remove(ann, family, ann));
        assertTrue(service.isMember(family, ann));
        assertEquals(List.of(), ended.fired);
    }

    @Test
    void theLastOneOutDeletesTheFamilyWithItsInvites() {
        UUID family = family();
        service.invite(ann, family);
        service.leave(ann, family);
        assertTrue(store.families.isEmpty());
        assertTrue(store.invites.isEmpty());
        refusal(Failure.NOT_FOUND, () -> service.view(ann, family));
        assertEquals(List.of(new MembershipEnded(family, ann)), ended.fired);
    }

    @Test
    void anOutsiderCannotLeave() {
        UUID family = family();
        refusal(Failure.NOT_FOUND, () -> service.leave(stranger, family));
        refusal(Failure.NOT_FOUND, () -> service.leave(ann, UUID.randomUUID()));
    }

    @Test
    void anAdminRemovesAMember() {
        UUID family = familyWith(bob, cat);
        service.remove(ann, family, cat);
        assertEquals(List.of(ann, bob), ids(service.view(ann, family).members()));
        assertEquals(List.of(new MembershipEnded(family, cat)), ended.fired);
    }

    @Test
    void aMemberWhoIsNotAnAdminRemovesNobody() {
        UUID family = familyWith(bob, cat);
        refusal(Failure.FORBIDDEN, () -> service.remove(bob, family, cat));
        refusal(Failure.NOT_FOUND, () -> service.remove(stranger, family, cat));
        assertTrue(service.isMember(family, cat));
        assertEquals(List.of(), ended.fired);
    }

    @Test
    void removingSomeoneWhoIsNotAMemberIsNotFound() {
        UUID family = familyWith(bob);
        assertEquals("No such member",
                refusal(Failure.NOT_FOUND, () -> service.remove(ann, family, stranger)).getMessage());
    }

    // ---- roles

    @Test
    void anAdminMakesAnotherAdminWhoThenLetsTheFirstLeave() {
        UUID family = familyWith(bob);
        FamilyDetails promoted = service.changeRole(ann, family, bob, "ADMIN");
        assertEquals(List.of(Role.ADMIN, Role.ADMIN), promoted.members().stream().map(Member::role).toList());
        service.leave(ann, family);
        assertEquals(List.of(bob), ids(service.view(bob, family).members()));
    }

    @Test
    void theOnlyAdminCannotStepDownButOneOfTwoCan() {
        UUID family = familyWith(bob);
        refusal(Failure.CONFLICT, () -> service.changeRole(ann, family, ann, "MEMBER"));
        service.changeRole(ann, family, bob, "ADMIN");
        service.changeRole(bob, family, ann, "MEMBER");
        assertEquals(Set.of(bob), admins(family));
    }

    @Test
    void rolesAreChangedByAdminsOnlyAndNamedExactly() {
        UUID family = familyWith(bob);
        refusal(Failure.FORBIDDEN, () -> service.changeRole(bob, family, bob, "ADMIN"));
        assertEquals("role", refusal(Failure.INVALID, () -> service.changeRole(ann, family, bob, "admin")).field());
        refusal(Failure.NOT_FOUND, () -> service.changeRole(ann, family, stranger, "ADMIN"));
        assertEquals(Set.of(ann), admins(family));
    }

    @Test
    void peopleShareAFamilyOnlyWithItsMembers() {
        familyWith(bob);
        UUID other = service.create(cat, "Other").family().id();
        assertEquals(Set.of(bob), service.sharingAFamilyWith(ann, List.of(bob, cat, stranger)));
        assertEquals(Set.of(), service.sharingAFamilyWith(ann, List.of()));
        assertTrue(service.isMember(other, cat));
    }

    // ----

    private UUID family() {
        return service.create(ann, "Family").family().id();
    }

    /** A family of ann (its admin) and the others, who joined in this order. */
    private UUID familyWith(UUID... others) {
        UUID family = family();
        for (UUID other : others) {
            service.accept(other, service.invite(ann, family).code());
        }
        return family;
    }

    /** A code already used by someone. */
    private String reused(UUID family) {
        String code = service.invite(ann, family).code();
        service.accept(UUID.randomUUID(), code);
        return code;
    }

    private Set<UUID> admins(UUID family) {
        return Set.copyOf(service.view(ann, family).members().stream().filter(Member::isAdmin).map(Member::userId)
                .toList());
    }
}
