package app.famichat.families;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FamilyInviteTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final String code = FamilyInvite.CODES.generate();
    private final FamilyInvite invite = new FamilyInvite(FamilyInvite.CODES.hash(code).orElseThrow(),
            UUID.randomUUID(), UUID.randomUUID(), NOW, NOW.plus(Duration.ofDays(7)));

    @Test
    void codesCarry128RandomBitsInAUrlSafeForm() {
        assertTrue(code.matches("fi1_[A-Za-z0-9_-]{22}"), code);
    }

    @Test
    void anInviteIsValidUntilItExpires() {
        assertEquals(FamilyInvite.State.VALID, invite.state(NOW.plus(Duration.ofDays(7)).minusMillis(1)));
        assertEquals(FamilyInvite.State.EXPIRED, invite.state(NOW.plus(Duration.ofDays(7))));
    }

    @Test
    void anInviteIsUsedOnce() {
        invite.use(NOW);
        assertEquals(FamilyInvite.State.USED, invite.state(NOW));
        assertThrows(IllegalStateException.class, () -> invite.use(NOW));
    }

    @Test
    void anExpiredInviteCannotBeUsed() {
        assertThrows(IllegalStateException.class, () -> invite.use(NOW.plus(Duration.ofDays(8))));
    }
}
