package app.famichat.web.accounts;

import app.famichat.recovery.FamilyRecovery;
import app.famichat.recovery.Guardians;
import jakarta.json.bind.annotation.JsonbNillable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Family recovery's JSON (docs/api.md, "Family recovery"). Unlike the rest of the API, these write their empty
 * fields as {@code null} (the contract the web client was built against): a setup without a threshold, a
 * candidate without a reason, a guardian who has not decided.
 */
final class RecoveryViews {

    private RecoveryViews() {
    }

    record GuardianView(UUID userId, String displayName, boolean usable) {
    }

    @JsonbNillable
    record SetupView(Integer threshold, Instant createdAt, List<GuardianView> guardians, boolean available) {

        static SetupView of(Guardians.Setup setup) {
            return new SetupView(setup.threshold(), setup.createdAt(), setup.guardians().stream()
                    .map(g -> new GuardianView(g.userId(), g.displayName(), g.usable())).toList(), setup.available());
        }
    }

    @JsonbNillable
    record CandidateView(UUID userId, String displayName, boolean eligible, String reason) {

        static CandidateView of(Guardians.Candidate candidate) {
            return new CandidateView(candidate.userId(), candidate.displayName(), candidate.eligible(),
                    candidate.reason());
        }
    }

    record OwnRequestView(UUID requestId, String status, String device, String address, Instant createdAt,
                          Instant expiresAt, int approvals, int refusals, int threshold) {

        static OwnRequestView of(FamilyRecovery.OwnRequest r) {
            return new OwnRequestView(r.requestId(), r.status(), r.device(), r.address(), r.createdAt(),
                    r.expiresAt(), r.approvals(), r.refusals(), r.threshold());
        }
    }

    record RequesterView(UUID userId, String displayName) {
    }

    @JsonbNillable
    record GuardedRequestView(UUID requestId, RequesterView requester, String device, String address,
                              Instant createdAt, Instant expiresAt, int threshold, int approvals, String myDecision) {

        static GuardedRequestView of(FamilyRecovery.GuardedRequest r) {
            return new GuardedRequestView(r.requestId(), new RequesterView(r.requester().userId(),
                    r.requester().displayName()), r.device(), r.address(), r.createdAt(), r.expiresAt(),
                    r.threshold(), r.approvals(), r.myDecision());
        }
    }

    record StartedView(UUID requestId, String requestSecret, Instant expiresAt, int threshold) {

        static StartedView of(FamilyRecovery.Started started) {
            return new StartedView(started.requestId(), started.requestSecret(), started.expiresAt(),
                    started.threshold());
        }

        @Override
        public String toString() {
            return "StartedView[" + requestId + "]"; // never the secret
        }
    }

    record ProgressView(String status, int approvals, int refusals, int threshold, Instant expiresAt) {

        static ProgressView of(FamilyRecovery.Progress progress) {
            return new ProgressView(progress.status(), progress.approvals(), progress.refusals(),
                    progress.threshold(), progress.expiresAt());
        }
    }
}
