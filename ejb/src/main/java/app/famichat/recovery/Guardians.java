package app.famichat.recovery;

import app.famichat.accounts.PasswordConfirmation;
import app.famichat.custody.FamilyRecoveryKeys;
import app.famichat.custody.KeyCustody;
import app.famichat.custody.KeyringReleased;
import app.famichat.custody.Keyrings;
import app.famichat.delivery.SecurityEvents;
import app.famichat.families.MembershipEnded;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.sessions.Caller;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A locked user's guardians (docs/security.md, "Family recovery"; issue 14): chosen among the members of their
 * families who are locked too, with a threshold; set up and removed with the password, while signed in (the
 * keyring key K must be unlocked: it is wrapped under the new secret). A new setup replaces the old one and
 * cancels any open request (its released shares belong to the old secret). A guardian who leaves the shared
 * families (or is removed from them) or switches to hosted custody loses their share in that transaction; the
 * setup shows them as not usable, and recovery is unavailable once fewer usable shares than the threshold remain.
 */
@Stateless
public class Guardians {

    @Inject
    GuardianStore store;

    @Inject
    FamilyRecoveryKeys keys;

    @Inject
    Keyrings keyrings;

    @Inject
    PasswordConfirmation confirmation;

    @Inject
    SecurityEvents events;

    @Inject
    FamilyRecovery requests;

    /** A guardian as the owner sees them. */
    public record Guardian(UUID userId, String displayName, boolean usable) {
    }

    /** The owner's setup; with none: no threshold, no guardians, not available. */
    public record Setup(Integer threshold, Instant createdAt, List<Guardian> guardians, boolean available) {
    }

    /** A member of the owner's families, and whether (or why not) they can be a guardian. */
    public record Candidate(UUID userId, String displayName, boolean eligible, String reason) {
    }

    /** The caller's setup as it is now (shares of guardians who can no longer hold them are dropped first). */
    public Setup setup(UUID ownerId) {
        store.dropUnusable(ownerId);
        Optional<GuardianStore.Setup> setup = store.setup(ownerId);
        if (setup.isEmpty()) {
            return new Setup(null, null, List.of(), false);
        }
        List<GuardianStore.Share> shares = store.shares(ownerId);
        long usable = shares.stream().filter(GuardianStore.Share::usable).count();
        return new Setup(setup.get().threshold(), setup.get().createdAt(), shares.stream()
                .map(share -> new Guardian(share.guardianId(), share.displayName(), share.usable())).toList(),
                usable >= setup.get().threshold());
    }

    public List<Candidate> candidates(UUID ownerId) {
        return store.candidates(ownerId).stream()
                .map(candidate -> new Candidate(candidate.userId(), candidate.displayName(), candidate.eligible(),
                        candidate.reason()))
                .toList();
    }

    /**
     * Sets up the caller's guardians, replacing any setup they had.
     *
     * @throws FamichatException 403 for a wrong password, 409 (custody-hosted) for a hosted caller, 400 for a
     *                           rule broken ({@link GuardianRules})
     * @throws app.famichat.vault.KeyringLockedException if the caller's keyring is not unlocked (409)
     */
    public Setup setUp(Caller caller, String password, int threshold, List<UUID> guardianIds) {
        UUID ownerId = caller.userId();
        confirmation.confirm(ownerId, password);
        if (keyrings.custodyOf(ownerId) != KeyCustody.LOCKED) {
            throw new FamichatException(Failure.CUSTODY_HOSTED,
                    "Only an account in locked custody can have guardians");
        }
        Map<UUID, GuardianRules.Candidate> candidates = store.candidates(ownerId).stream()
                .collect(Collectors.toMap(GuardianRules.Candidate::userId, Function.identity()));
        GuardianRules.check(ownerId, threshold, guardianIds, candidates);
        UUID setupId = UUID.randomUUID();
        FamilyRecoveryKeys.SealedSetup sealed = keys.newSetup(ownerId, setupId, threshold, guardianIds,
                GuardianStore.WRAPPED_KEYS.place(ownerId), guardian -> GuardianStore.SHARES.place(ownerId, guardian));
        requests.closeOpen(ownerId);
        List<GuardianStore.Share> shares = new ArrayList<>();
        for (FamilyRecoveryKeys.SealedShare share : sealed.shares()) {
            shares.add(new GuardianStore.Share(share.guardianId(), null, share.index(), Optional.of(share.sealed())));
        }
        store.replace(new GuardianStore.Setup(ownerId, setupId, threshold, sealed.salt(), sealed.sealedWrappedKey(),
                DatabaseClock.now()), shares);
        events.accountEvent("guardians_set", ownerId);
        return setup(ownerId);
    }

    /** Removes the caller's setup (nothing if there is none), cancelling any open request. */
    public void remove(Caller caller, String password) {
        confirmation.confirm(caller.userId(), password);
        requests.closeOpen(caller.userId());
        if (store.delete(caller.userId())) {
            events.accountEvent("guardians_removed", caller.userId());
        }
    }

    /**
     * A user switched to hosted custody, in that transaction: the shares they hold as a guardian would now open
     * with the vault's keys alone, so they go; so do their own setup and open request (K is no longer wrapped).
     */
    public void custodyReleased(@Observes KeyringReleased released) {
        store.dropSharesHeldBy(released.userId());
        requests.closeOpen(released.userId());
        store.delete(released.userId());
    }

    /**
     * A user's membership of a family ended, in that transaction: the shares they hold of the other members'
     * setups, and the shares of their own setup held by the other members, go unless the two still share another
     * family. An open request is left as it is, as after a switch to hosted custody: approvals already given
     * stand, and a guardian who lost their share can no longer decide.
     */
    public void membershipEnded(@Observes MembershipEnded ended) {
        store.dropNoLongerShared(ended.userId());
    }
}
