package app.famichat.web.accounts;

import app.famichat.recovery.FamilyRecovery;
import app.famichat.recovery.Guardians;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Family recovery's JSON (docs/api.md, "Family recovery"). Unlike the rest of the API, some write their empty
 * fields as {@code null} (the contract the web client was built against): a setup without a threshold, a
 * candidate without a reason, a guardian who has not decided. Those are built with JSON-P, whose nulls are
 * written as they are (the JSON-B configuration leaves null fields out). The records are public: JSON-B reads
 * their accessors.
 */
public final class RecoveryViews {

    private RecoveryViews() {
    }

    /** The owner's setup: {@code threshold} and {@code createdAt} are null without one. */
    /** When the recovery code was made, or {@code createdAt} null (JSON-B would leave the field out). */
    static JsonObject recoveryCode(Optional<Instant> createdAt) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        createdAt.ifPresentOrElse(at -> json.add("createdAt", at.toString()), () -> json.addNull("createdAt"));
        return json.build();
    }

    static JsonObject setup(Guardians.Setup setup) {
        JsonArrayBuilder guardians = Json.createArrayBuilder();
        setup.guardians().forEach(guardian -> guardians.add(Json.createObjectBuilder()
                .add("userId", guardian.userId().toString())
                .add("displayName", guardian.displayName())
                .add("usable", guardian.usable())));
        JsonObjectBuilder json = Json.createObjectBuilder();
        if (setup.threshold() == null) {
            json.addNull("threshold").addNull("createdAt");
        } else {
            json.add("threshold", setup.threshold()).add("createdAt", setup.createdAt().toString());
        }
        return json.add("guardians", guardians).add("available", setup.available()).build();
    }

    /** The owner's candidates: {@code reason} is null for an eligible one. */
    static JsonArray candidates(List<Guardians.Candidate> candidates) {
        JsonArrayBuilder json = Json.createArrayBuilder();
        candidates.forEach(candidate -> json.add(nullable(Json.createObjectBuilder()
                .add("userId", candidate.userId().toString())
                .add("displayName", candidate.displayName())
                .add("eligible", candidate.eligible()), "reason", candidate.reason())));
        return json.build();
    }

    /** A guardian's pending requests: {@code myDecision} is null until they decide. */
    static JsonArray guarded(List<FamilyRecovery.GuardedRequest> requests) {
        JsonArrayBuilder json = Json.createArrayBuilder();
        requests.forEach(request -> json.add(nullable(Json.createObjectBuilder()
                .add("requestId", request.requestId().toString())
                .add("requester", Json.createObjectBuilder()
                        .add("userId", request.requester().userId().toString())
                        .add("displayName", request.requester().displayName()))
                .add("device", request.device())
                .add("address", request.address())
                .add("createdAt", request.createdAt().toString())
                .add("expiresAt", request.expiresAt().toString())
                .add("threshold", request.threshold())
                .add("approvals", request.approvals()), "myDecision", request.myDecision())));
        return json.build();
    }

    private static JsonObjectBuilder nullable(JsonObjectBuilder json, String field, String value) {
        return value == null ? json.addNull(field) : json.add(field, value);
    }

    public record OwnRequestView(UUID requestId, String status, String device, String address, Instant createdAt,
                          Instant expiresAt, int approvals, int refusals, int threshold) {

        static OwnRequestView of(FamilyRecovery.OwnRequest r) {
            return new OwnRequestView(r.requestId(), r.status(), r.device(), r.address(), r.createdAt(),
                    r.expiresAt(), r.approvals(), r.refusals(), r.threshold());
        }
    }

    public record StartedView(UUID requestId, String requestSecret, Instant expiresAt, int threshold) {

        static StartedView of(FamilyRecovery.Started started) {
            return new StartedView(started.requestId(), started.requestSecret(), started.expiresAt(),
                    started.threshold());
        }

        @Override
        public String toString() {
            return "StartedView[" + requestId + "]"; // never the secret
        }
    }

    public record ProgressView(String status, int approvals, int refusals, int threshold, Instant expiresAt) {

        static ProgressView of(FamilyRecovery.Progress progress) {
            return new ProgressView(progress.status(), progress.approvals(), progress.refusals(),
                    progress.threshold(), progress.expiresAt());
        }
    }
}
