package app.famichat.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who can guard whom, and the threshold: each rule broken is a 400 that names it. */
class GuardianRulesTest {

    private final UUID owner = UUID.randomUUID();
    private final Map<UUID, GuardianRules.Candidate> candidates = new HashMap<>();
    private final List<UUID> locked = new ArrayList<>();

    GuardianRulesTest() {
        for (int i = 0; i < 12; i++) {
            UUID id = UUID.randomUUID();
            candidates.put(id, new GuardianRules.Candidate(id, "member " + i, true));
            locked.add(id);
        }
    }

    @Test
    void threeOfFiveLockedFamilyMembersAreFine() {
        GuardianRules.check(owner, 3, locked.subList(0, 5), candidates);
        GuardianRules.check(owner, 2, locked.subList(0, 2), candidates);
        GuardianRules.check(owner, 10, locked.subList(0, 10), candidates);
    }

    @Test
    void theThresholdIsAtLeastTwoAndAtMostTheGuardians() {
        assertRule("threshold", "at least 2", () -> GuardianRules.check(owner, 1, locked.subList(0, 5), candidates));
        assertRule("threshold", "must not exceed", () -> GuardianRules.check(owner, 6, locked.subList(0, 5),
                candidates));
        assertRule("guardianIds", "at least 2", () -> GuardianRules.check(owner, 2, List.of(), candidates));
    }

    @Test
    void atMostTenGuardiansEachOnce() {
        assertRule("guardianIds", "at most 10", () -> GuardianRules.check(owner, 3, locked.subList(0, 11),
                candidates));
        assertRule("guardianIds", "twice", () -> GuardianRules.check(owner, 2, List.of(locked.get(0),
                locked.get(0)), candidates));
    }

    @Test
    void onlyLockedMembersOfTheFamiliesOtherThanTheOwner() {
        assertRule("guardianIds", "yourself", () -> GuardianRules.check(owner, 2, List.of(locked.get(0), owner),
                candidates));
        assertRule("guardianIds", "members of your families", () -> GuardianRules.check(owner, 2,
                List.of(locked.get(0), UUID.randomUUID()), candidates));
        UUID hosted = UUID.randomUUID();
        candidates.put(hosted, new GuardianRules.Candidate(hosted, "hosted", false));
        assertRule("guardianIds", "hosted-custody", () -> GuardianRules.check(owner, 2, List.of(locked.get(0),
                hosted), candidates));
        assertEquals("hosted-custody", candidates.get(hosted).reason());
        assertEquals(null, candidates.get(locked.get(0)).reason());
    }

    private static void assertRule(String field, String rule, Runnable check) {
        FamichatException refused = assertThrows(FamichatException.class, check::run);
        assertEquals(Failure.INVALID, refused.failure());
        assertEquals(field, refused.field());
        assertTrue(refused.getMessage().contains(rule), refused.getMessage());
    }
}
