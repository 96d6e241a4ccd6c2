package app.famichat.custody;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Operator metrics of locked custody (docs/operations.md): unlocks at sign-in and their cost, unlocks that failed
 * by reason, recovery requests by method ({@code code}, {@code guardians}) and outcome. No label names a user, a
 * device or a token. The envelopes waiting for signed-out locked users are a
 * gauge of the delivery metrics ({@code famichat_envelopes_waiting_for_locked_users}).
 */
@ApplicationScoped
public class CustodyMetrics {

    /** Why a keyring did not unlock. */
    public enum Failure {
        /** A live token without an unlock row (e.g. a database restored from before its sign-in). */
        NO_UNLOCK,
        /** A wrapped K that does not open with its key (a mismatched restore, tampering). */
        NOT_AUTHENTIC
    }

    /** How a recovery request ended (famichat_recovery_requests, with the method: {@code code}). */
    public enum RecoveryOutcome {
        /** The keyring was wrapped under the new password. */
        RECOVERED,
        /** An unknown user, a wrong or missing code: nothing changed. */
        REFUSED,
        /** Over a recovery rate limit. */
        RATE_LIMITED
    }

    /** Where a family recovery request went (famichat_recovery_requests, with the method: {@code guardians}). */
    public enum FamilyRecoveryOutcome {
        /** A request was started. */
        REQUESTED,
        /** Enough guardians approved a request. */
        APPROVED,
        /** Enough guardians refused that the threshold was out of reach. */
        REFUSED,
        /** An open request reached its deadline. */
        EXPIRED,
        /** The owner cancelled an open request, or a new request or setup replaced it. */
        CANCELLED,
        /** An approved request was completed: the keyring is wrapped under the new password. */
        RECOVERED,
        /** Over a recovery rate limit. */
        RATE_LIMITED
    }

    @Inject
    MetricRegistry registry;

    private Timer unlocks;
    private final Map<Failure, Counter> failures = new EnumMap<>(Failure.class);
    private final Map<RecoveryOutcome, Counter> codeRecoveries = new EnumMap<>(RecoveryOutcome.class);
    private final Map<FamilyRecoveryOutcome, Counter> familyRecoveries = new EnumMap<>(FamilyRecoveryOutcome.class);

    @PostConstruct
    void register() {
        unlocks = registry.timer(Metadata.builder().withName("famichat_keyring_unlocks")
                .withDescription("Keyrings unlocked with the password at sign-in, and how long the unlock took "
                        + "(Argon2id, unwrapping)").withUnit(MetricUnits.NANOSECONDS).build());
        Metadata failed = Metadata.builder().withName("famichat_keyring_unlock_failures")
                .withDescription("Keyrings that did not unlock, by reason").build();
        for (Failure reason : Failure.values()) {
            failures.put(reason, registry.counter(failed, new Tag("reason", reason.name().toLowerCase(Locale.ROOT))));
        }
        Metadata recoveries = Metadata.builder().withName("famichat_recovery_requests")
                .withDescription("Requests to recover a locked keyring after a forgotten password, by method and "
                        + "outcome").build();
        for (RecoveryOutcome outcome : RecoveryOutcome.values()) {
            codeRecoveries.put(outcome, registry.counter(recoveries, new Tag("method", "code"),
                    new Tag("outcome", outcome.name().toLowerCase(Locale.ROOT))));
        }
        for (FamilyRecoveryOutcome outcome : FamilyRecoveryOutcome.values()) {
            familyRecoveries.put(outcome, registry.counter(recoveries, new Tag("method", "guardians"),
                    new Tag("outcome", outcome.name().toLowerCase(Locale.ROOT))));
        }
    }

    void unlocked(long nanos) {
        unlocks.update(Duration.ofNanos(nanos));
    }

    void unlockFailed(Failure reason) {
        failures.get(reason).inc();
    }

    public void codeRecovery(RecoveryOutcome outcome) {
        codeRecoveries.get(outcome).inc();
    }

    public void familyRecovery(FamilyRecoveryOutcome outcome) {
        familyRecoveries.get(outcome).inc();
    }
}
