package app.famichat.recovery;

import app.famichat.platform.errors.FamichatException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Who can guard whom, and how many must agree (docs/security.md, "Family recovery"): a guardian shares a family
 * with the owner, is not the owner, and is in locked custody (a hosted guardian's identity key opens with the
 * vault's keys alone, so their share would too); at least 2 and at most {@value #MAX_GUARDIANS} guardians, each
 * once; a threshold from 2 to the number of guardians.
 */
final class GuardianRules {

    static final int MAX_GUARDIANS = 10;
    static final int MIN_THRESHOLD = 2;

    /** Why a family member cannot guard (the API's {@code reason}); null when they can. */
    static final String HOSTED = "hosted-custody";

    private GuardianRules() {
    }

    /** A member of the owner's families, and whether they can guard. */
    record Candidate(UUID userId, String displayName, boolean locked) {

        boolean eligible() {
            return locked;
        }

        String reason() {
            return locked ? null : HOSTED;
        }
    }

    /**
     * Checks a setup; the detail names the rule broken.
     *
     * @param candidates the owner's candidates by id (members of their families except themselves)
     * @throws FamichatException 400 for the first rule broken
     */
    static void check(UUID ownerId, int threshold, List<UUID> guardianIds, Map<UUID, Candidate> candidates) {
        if (guardianIds.size() > MAX_GUARDIANS) {
            throw FamichatException.invalid("guardianIds", "at most " + MAX_GUARDIANS + " guardians");
        }
        Set<UUID> seen = new HashSet<>();
        for (UUID guardian : guardianIds) {
            if (guardian == null) {
                throw FamichatException.invalid("guardianIds", "must be user ids");
            }
            if (!seen.add(guardian)) {
                throw FamichatException.invalid("guardianIds", "must not name a guardian twice");
            }
            if (guardian.equals(ownerId)) {
                throw FamichatException.invalid("guardianIds", "must not name yourself");
            }
            Candidate candidate = candidates.get(guardian);
            if (candidate == null) {
                throw FamichatException.invalid("guardianIds", "must be members of your families");
            }
            if (!candidate.eligible()) {
                throw FamichatException.invalid("guardianIds", "must be in locked custody (" + HOSTED
                        + "): a hosted guardian's share would be open to the server's keys");
            }
        }
        if (guardianIds.size() < MIN_THRESHOLD) {
            throw FamichatException.invalid("guardianIds", "at least " + MIN_THRESHOLD + " guardians");
        }
        if (threshold < MIN_THRESHOLD) {
            throw FamichatException.invalid("threshold", "must be at least " + MIN_THRESHOLD);
        }
        if (threshold > guardianIds.size()) {
            throw FamichatException.invalid("threshold", "must not exceed the number of guardians");
        }
    }
}
