package app.famichat.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RosterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Member ann = member("ann", Role.ADMIN, 0);
    private final Member bob = member("bob", Role.MEMBER, 10);
    private final Member cat = member("cat", Role.MEMBER, 5);
    private final UUID stranger = UUID.randomUUID();

    @Test
    void outsidersAreNotFoundAndMembersWhoAreNotAdminsAreForbidden() {
        Roster roster = new Roster(List.of(ann, bob));
        assertEquals(Failure.NOT_FOUND, refusal(() -> roster.requireAdmin(stranger, "No such family")).failure());
        assertEquals("No such family", refusal(() -> roster.require(stranger, "No such family")).getMessage());
        assertEquals(Failure.FORBIDDEN, refusal(() -> roster.requireAdmin(bob.userId(), "x")).failure());
        roster.requireAdmin(ann.userId(), "x");
        assertEquals(bob, roster.require(bob.userId(), "x"));
    }

    @Test
    void aNewcomerNeedsAFreeSeatAndMustNotBeAMemberAlready() {
        Roster roster = new Roster(List.of(ann, bob));
        roster.requireRoomFor(stranger, 3);
        assertEquals(Failure.CONFLICT, refusal(() -> roster.requireRoomFor(stranger, 2)).failure());
        assertEquals("Already a member", refusal(() -> roster.requireRoomFor(bob.userId(), 30)).getMessage());
    }

    @Test
    void theOnlyAdminIsKnownAsSuchUntilThereIsAnother() {
        assertTrue(new Roster(List.of(ann, bob)).isOnlyAdmin(ann.userId()));
        assertFalse(new Roster(List.of(ann, bob)).isOnlyAdmin(bob.userId()));
        Member bobAdmin = new Member(bob.userId(), "bob", "bob", Role.ADMIN, bob.joinedAt());
        assertFalse(new Roster(List.of(ann, bobAdmin)).isOnlyAdmin(ann.userId()));
        assertFalse(new Roster(List.of(bob, cat)).isOnlyAdmin(bob.userId()), "no admin at all");
    }

    @Test
    void theLongestStandingOtherMemberSucceeds() {
        Roster roster = new Roster(List.of(ann, bob, cat));
        assertEquals(cat, roster.successorOf(ann.userId()).orElseThrow());
        assertEquals(ann, roster.successorOf(cat.userId()).orElseThrow());
        assertTrue(new Roster(List.of(ann)).successorOf(ann.userId()).isEmpty());
    }

    @Test
    void rolesParseOnlyTheirExactNames() {
        assertEquals(Role.ADMIN, Role.parse("role", "ADMIN"));
        assertEquals(Role.MEMBER, Role.parse("role", "MEMBER"));
        for (String bad : new String[] {"admin", "OWNER", "", null}) {
            FamichatException refusal = refusal(() -> Role.parse("role", bad));
            assertEquals("role", refusal.field());
        }
    }

    private static Member member(String name, Role role, int joinedAfterSeconds) {
        return new Member(UUID.randomUUID(), name, name, role, T0.plusSeconds(joinedAfterSeconds));
    }

    private static FamichatException refusal(Runnable action) {
        return assertThrows(FamichatException.class, action::run);
    }
}
