package app.famichat.recovery;

import app.famichat.accounts.Account;
import app.famichat.accounts.AccountService;
import app.famichat.accounts.Credentials;
import app.famichat.custody.CustodyMetrics;
import app.famichat.custody.CustodyMetrics.FamilyRecoveryOutcome;
import app.famichat.custody.FamilyRecoveryKeys;
import app.famichat.custody.KeyCustody;
import app.famichat.custody.Keyrings;
import app.famichat.delivery.RecoveryNews;
import app.famichat.delivery.SecurityEvents;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.persistence.DatabaseClock;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.sessions.Caller;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Family recovery requests (docs/security.md, "Family recovery"; issue 14): started without a token, with the
 * username and a new password; announced to the owner's and the guardians' sockets; approved or refused by each
 * guardian while signed in (an approval releases their share to the request's key); completed by the requester,
 * with the request's secret and the same new password, once enough guardians approved: the keyring is wrapped
 * under the new password, the sign-in password changes and every token is revoked. A request expires, can be
 * cancelled by the signed-in owner, and is replaced by a new one. Unknown users, hosted users and users without a
 * usable setup get the same answer; starts are rate limited per username and per client address.
 */
@Stateless
public class FamilyRecovery {

    /** Requests listed for their owner. */
    static final int LISTED = 20;
    private static final int SECRET_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    GuardianStore guardians;

    @Inject
    RecoveryRequestStore store;

    @Inject
    FamilyRecoveryKeys keys;

    @Inject
    Keyrings keyrings;

    @Inject
    AccountService accounts;

    @Inject
    RateLimiters limiters;

    @Inject
    SecurityEvents events;

    @Inject
    CustodyMetrics metrics;

    @Inject
    RecoverySettings settings;

    @Inject
    RecoveryCompletion completion;

    @Inject
    Event<RecoveryAnnouncement> announcements;

    /** A started request: the secret is shown to the requester once (only its hash is kept). */
    public record Started(UUID requestId, String requestSecret, Instant expiresAt, int threshold) {

        @Override
        public String toString() {
            return "Started[" + requestId + "]"; // never the secret
        }
    }

    /** A request as its requester sees it (with the secret). */
    public record Progress(String status, int approvals, int refusals, int threshold, Instant expiresAt) {
    }

    /** A request as the owner sees it, signed in. */
    public record OwnRequest(UUID requestId, String status, String device, String address, Instant createdAt,
                             Instant expiresAt, int approvals, int refusals, int threshold) {
    }

    /** Who asks, in a guardian's list. */
    public record Requester(UUID userId, String displayName) {
    }

    /** A pending request as a guardian sees it; {@code myDecision} is null, approved or refused. */
    public record GuardedRequest(UUID requestId, Requester requester, String device, String address,
                                 Instant createdAt, Instant expiresAt, int threshold, int approvals,
                                 String myDecision) {
    }

    /**
     * Starts a request for {@code username}'s account, replacing its open one.
     *
     * @param device        the requester's device, from its User-Agent ({@link DeviceDescriptions})
     * @param address       the client's address as shown to the owner and guardians
     * @param rateLimitKey  the rate-limit key of the client's address
     * @throws FamichatException 400 for a new password that breaks the rules, 403 for an unknown username, a hosted
     *                           account or no usable setup (the same either way), 429 over a limit
     */
    public Started start(String username, String newPassword, String userAgent, String address,
                         String rateLimitKey) {
        String canonical = username == null ? "" : username.toLowerCase(Locale.ROOT);
        // The rules depend on the typed name only, so checking them first tells nothing about the account.
        Credentials.checkPassword("newPassword", newPassword, canonical);
        Map<Limiter, String> limits = new EnumMap<>(Limiter.class);
        limits.put(Limiter.RECOVERY_ADDRESS, rateLimitKey);
        limits.put(Limiter.RECOVERY_REQUEST_ACCOUNT, canonical);
        try {
            limiters.check(limits);
        } catch (FamichatException e) {
            metrics.familyRecovery(FamilyRecoveryOutcome.RATE_LIMITED);
            throw e;
        }
        Optional<Account> found = Credentials.isWellFormedUsername(canonical)
                ? accounts.findByUsername(canonical) : Optional.empty();
        Optional<GuardianStore.Setup> setup = found.filter(account -> keyrings.custodyOf(account.id())
                == KeyCustody.LOCKED).flatMap(account -> {
                    guardians.dropUnusable(account.id());
                    return guardians.setup(account.id());
                });
        List<GuardianStore.Share> usable = setup.map(s -> usableShares(s.userId())).orElse(List.of());
        if (setup.isEmpty() || usable.size() < setup.get().threshold()) {
            throw new FamichatException(Failure.FORBIDDEN,
                    "Unknown username, or family recovery is not set up for this account");
        }
        UUID ownerId = setup.get().userId();
        closeOpen(ownerId);
        UUID requestId = UUID.randomUUID();
        byte[] secretBytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant now = DatabaseClock.now();
        Instant expiresAt = now.plus(settings.requestLifetime());
        String shownAddress = address.length() > 64 ? address.substring(0, 64) : address;
        String device = DeviceDescriptions.of(userAgent);
        store.insert(requestId, ownerId, setup.get().setupId(), setup.get().threshold(), hash(secret),
                keys.newRequestKey(ownerId, newPassword, RecoveryRequestStore.PRIVATE_KEYS.place(requestId)),
                device, shownAddress, now, expiresAt);
        events.accountEvent("recovery_requested", ownerId);
        metrics.familyRecovery(FamilyRecoveryOutcome.REQUESTED);
        announcements.fire(new RecoveryAnnouncement(List.of(ownerId), new RecoveryNews(
                RecoveryNews.Kind.RECOVERY_REQUESTED, requestId, device, shownAddress, expiresAt)));
        announceToGuardians(ownerId, requestId);
        return new Started(requestId, secret, expiresAt, setup.get().threshold());
    }

    /**
     * The request's progress, for its requester.
     *
     * @throws FamichatException 404 for an unknown request or a wrong secret (the same)
     */
    public Progress progress(UUID requestId, String secret) {
        RecoveryRequestStore.Request request = current(withSecret(store.find(requestId), secret));
        return new Progress(request.status().value(), request.approvals(), request.refusals(), request.threshold(),
                request.expiresAt());
    }

    /**
     * Completes an approved request: the keyring wrapped under the new password, the sign-in password changed,
     * every token revoked.
     *
     * @throws FamichatException 404 for an unknown request or a wrong secret, 409 (request-not-approved) unless it
     *                           is approved, 403 for a new password other than the request's, 429 over a limit
     */
    public void complete(UUID requestId, String secret, String newPassword, String rateLimitKey) {
        RateLimiters.Counted attempt = limiters.check(Limiter.RECOVERY_ADDRESS, rateLimitKey);
        RecoveryRequestStore.Request request = current(lockWithSecret(requestId, secret));
        if (request.status() != RequestStatus.APPROVED) {
            throw new FamichatException(Failure.REQUEST_NOT_APPROVED, "The request is " + request.status().value()
                    + ", not approved");
        }
        UUID ownerId = request.userId();
        GuardianStore.Setup setup = guardians.lockSetup(request.setupId()).orElseThrow(() -> new FamichatException(
                Failure.REQUEST_NOT_APPROVED, "The guardian setup of this request was replaced"));
        List<FamilyRecoveryKeys.ReleasedShare> released = new ArrayList<>();
        for (RecoveryRequestStore.Decision decision : store.decisions(requestId)) {
            decision.releasedShare().ifPresent(share -> released.add(new FamilyRecoveryKeys.ReleasedShare(
                    decision.guardianId(), decision.shareIndex(), share,
                    RecoveryRequestStore.RELEASED_SHARES.place(requestId, decision.guardianId()))));
        }
        boolean validPassword = newPassword != null && newPassword.length() <= Credentials.MAX_PASSWORD * 2;
        FamilyRecoveryKeys.Outcome outcome = !validPassword ? FamilyRecoveryKeys.Outcome.WRONG_PASSWORD
                : keys.recover(ownerId, requestId, newPassword, request.key().orElseThrow(),
                RecoveryRequestStore.PRIVATE_KEYS.place(requestId), released.subList(0,
                        Math.min(released.size(), setup.threshold())), setup.salt(), setup.sealedWrappedKey(),
                GuardianStore.WRAPPED_KEYS.place(ownerId));
        switch (outcome) {
            case WRONG_PASSWORD -> throw new FamichatException(Failure.FORBIDDEN,
                    "The new password is not the one the request was made with");
            case NOT_AUTHENTIC -> throw new FamichatException(Failure.CONFLICT,
                    "The released shares do not recover this account's keys");
            case RECOVERED -> {
                // below
            }
        }
        close(request, RequestStatus.COMPLETED);
        completion.completed(ownerId, newPassword, RecoveryCompletion.Method.GUARDIANS, attempt);
        announceToGuardians(ownerId, requestId);
    }

    /** The owner's requests, newest first (at most {@value #LISTED}). */
    public List<OwnRequest> ofOwner(UUID ownerId) {
        return store.ofUser(ownerId, LISTED).stream().map(this::current)
                .map(r -> new OwnRequest(r.id(), r.status().value(), r.device(), r.address(), r.createdAt(),
                        r.expiresAt(), r.approvals(), r.refusals(), r.threshold()))
                .toList();
    }

    /**
     * Cancels the owner's open request.
     *
     * @throws FamichatException 404 if it is not theirs or unknown, 409 (request-closed) if it is not open
     */
    public void cancel(Caller caller, UUID requestId) {
        cancel(current(store.lock(requestId)
                .filter(r -> r.userId().equals(caller.userId()))
                .orElseThrow(() -> FamichatException.notFound("No such recovery request"))));
    }

    /**
     * Cancels an open request for its requester, who has no token, only the request's secret: a person who stops
     * waiting takes the request off their guardians' lists instead of leaving it open until it expires (without the
     * secret, which only their tab held, nobody could complete it anyway).
     *
     * @throws FamichatException 404 for an unknown request or a wrong secret (the same), 409 (request-closed) if it
     *                           is not open
     */
    public void withdraw(UUID requestId, String secret) {
        cancel(current(lockWithSecret(requestId, secret)));
    }

    private void cancel(RecoveryRequestStore.Request request) {
        if (!request.status().isOpen()) {
            throw new FamichatException(Failure.REQUEST_CLOSED, "The request is " + request.status().value());
        }
        close(request, RequestStatus.CANCELLED);
        events.accountEvent("recovery_cancelled", request.userId());
        metrics.familyRecovery(FamilyRecoveryOutcome.CANCELLED);
        announceToGuardians(request.userId(), request.id());
    }

    /** The pending requests the caller guards (with a usable share), oldest first. */
    public List<GuardedRequest> guardedBy(UUID guardianId) {
        List<GuardedRequest> guarded = new ArrayList<>();
        for (RecoveryRequestStore.Guarded pending : store.pendingGuardedBy(guardianId)) {
            RecoveryRequestStore.Request request = current(pending.request());
            if (request.status() != RequestStatus.PENDING) {
                continue;
            }
            guarded.add(new GuardedRequest(request.id(), new Requester(request.userId(), pending.ownerName()),
                    request.device(), request.address(), request.createdAt(), request.expiresAt(),
                    request.threshold(), request.approvals(),
                    pending.approved().map(approved -> approved ? "approved" : "refused").orElse(null)));
        }
        return guarded;
    }

    /**
     * A guardian's decision. An approval releases their share to the request's key (their keyring must be
     * unlocked: they are signed in).
     *
     * @throws FamichatException 404 if the caller does not guard the request (or it is unknown), 409
     *                           (already-decided) for a second decision, 409 (request-closed) if it is not pending
     */
    public void decide(Caller caller, UUID requestId, boolean approve) {
        UUID guardianId = caller.userId();
        RecoveryRequestStore.Request request = store.lock(requestId)
                .orElseThrow(() -> FamichatException.notFound("No such recovery request"));
        UUID ownerId = request.userId();
        guardians.dropUnusable(ownerId);
        Optional<GuardianStore.Setup> setup = guardians.setup(ownerId)
                .filter(s -> s.setupId().equals(request.setupId()));
        // Read once each: the decision made here is the only change to either before the verdict below.
        Set<UUID> decidedBefore = store.decisions(requestId).stream()
                .map(RecoveryRequestStore.Decision::guardianId).collect(Collectors.toSet());
        List<GuardianStore.Share> shares = setup.isPresent() ? guardians.shares(ownerId) : List.of();
        Optional<GuardianStore.Share> share = shares.stream()
                .filter(s -> s.guardianId().equals(guardianId) && s.usable()).findFirst();
        boolean decided = decidedBefore.contains(guardianId);
        if (share.isEmpty() && !decided) {
            throw FamichatException.notFound("No such recovery request");
        }
        if (decided) {
            throw new FamichatException(Failure.ALREADY_DECIDED, "You have already decided on this request");
        }
        RecoveryRequestStore.Request now = current(request);
        if (now.status() != RequestStatus.PENDING) {
            throw new FamichatException(Failure.REQUEST_CLOSED, "The request is " + now.status().value());
        }
        if (approve) {
            byte[] released = keys.release(ownerId, guardianId, request.setupId(), share.get().index(),
                    share.get().sealedShare().orElseThrow(), GuardianStore.SHARES.place(ownerId, guardianId),
                    requestId, request.key().orElseThrow().publicKey(),
                    RecoveryRequestStore.RELEASED_SHARES.place(requestId, guardianId));
            store.insertApproval(requestId, guardianId, share.get().index(), released);
            events.accountEvent("recovery_approved", ownerId);
        } else {
            store.insertRefusal(requestId, guardianId);
            events.accountEvent("recovery_refused", ownerId);
        }
        int approvals = now.approvals() + (approve ? 1 : 0);
        int undecided = (int) shares.stream().filter(GuardianStore.Share::usable)
                .filter(s -> !s.guardianId().equals(guardianId) && !decidedBefore.contains(s.guardianId())).count();
        RequestStatus next = RequestStatus.afterDecision(approvals, undecided, request.threshold());
        if (next == RequestStatus.APPROVED) {
            store.setStatus(requestId, next);
            metrics.familyRecovery(FamilyRecoveryOutcome.APPROVED);
        } else if (next == RequestStatus.REFUSED) {
            close(now, next);
            metrics.familyRecovery(FamilyRecoveryOutcome.REFUSED);
        }
        announceToGuardians(shares, requestId);
    }

    /** Closes the open requests past their deadline by {@code now}; returns how many ({@link RecoverySweep}). */
    public int expireDue(Instant now) {
        int expired = 0;
        for (UUID id : store.openExpiredBy(now)) {
            Optional<RecoveryRequestStore.Request> request = store.lock(id);
            if (request.isPresent() && request.get().status().isOpen()) {
                expire(request.get());
                expired++;
            }
        }
        return expired;
    }

    /**
     * Cancels the user's open request, if any (a new request or setup replaces it; the return to hosted custody
     * leaves nothing to recover). Public for {@link Guardians}: an EJB's callers may call nothing else.
     */
    public void closeOpen(UUID ownerId) {
        store.openOf(ownerId).flatMap(store::lock).filter(r -> r.status().isOpen()).ifPresent(request -> {
            close(request, RequestStatus.CANCELLED);
            events.accountEvent("recovery_cancelled", ownerId);
            metrics.familyRecovery(FamilyRecoveryOutcome.CANCELLED);
            announceToGuardians(ownerId, request.id());
        });
    }

    /**
     * The request as it is now: an open one past its deadline is closed as expired first. Read again under its
     * lock: a sweep (of any node) may have expired it since it was read, and it expires once.
     */
    private RecoveryRequestStore.Request current(RecoveryRequestStore.Request request) {
        if (request.status().isOpen() && !request.expiresAt().isAfter(DatabaseClock.now())) {
            RecoveryRequestStore.Request locked = store.lock(request.id()).orElseThrow();
            return locked.status().isOpen() ? expire(locked) : locked;
        }
        return request;
    }

    private RecoveryRequestStore.Request expire(RecoveryRequestStore.Request request) {
        close(request, RequestStatus.EXPIRED);
        events.accountEvent("recovery_expired", request.userId());
        metrics.familyRecovery(FamilyRecoveryOutcome.EXPIRED);
        announceToGuardians(request.userId(), request.id());
        return store.find(request.id()).orElseThrow();
    }

    /**
     * Every end of a request passes here, and the owner's sockets hear of it: the warning of a request they did not
     * make goes away when it is refused or expires, not only when they cancel it.
     */
    private void close(RecoveryRequestStore.Request request, RequestStatus status) {
        if (!request.status().canBecome(status)) {
            throw new IllegalStateException("A " + request.status().value() + " request cannot become "
                    + status.value());
        }
        store.close(request.id(), status);
        announcements.fire(new RecoveryAnnouncement(List.of(request.userId()),
                RecoveryNews.recoveryClosed(request.id())));
    }

    /**
     * The request, locked, once its secret is checked on an unlocked read: a caller without the secret (they have no
     * token) must not hold the row that guardians' decisions and the expiry wait for. The secret's hash never changes,
     * so the check still holds under the lock.
     */
    private RecoveryRequestStore.Request lockWithSecret(UUID requestId, String secret) {
        withSecret(store.find(requestId), secret);
        return store.lock(requestId).orElseThrow(() -> FamichatException.notFound("No such recovery request"));
    }

    private RecoveryRequestStore.Request withSecret(Optional<RecoveryRequestStore.Request> request, String secret) {
        return request.filter(r -> secret != null && secret.length() <= 128
                        && MessageDigest.isEqual(r.secretHash(), hash(secret)))
                .orElseThrow(() -> FamichatException.notFound("No such recovery request"));
    }

    private List<GuardianStore.Share> usableShares(UUID ownerId) {
        return guardians.shares(ownerId).stream().filter(GuardianStore.Share::usable).toList();
    }

    private void announceToGuardians(UUID ownerId, UUID requestId) {
        announceToGuardians(guardians.shares(ownerId), requestId);
    }

    /** Tells every guardian of the setup, usable share or not, that the request changed. */
    private void announceToGuardians(List<GuardianStore.Share> shares, UUID requestId) {
        List<UUID> recipients = shares.stream().map(GuardianStore.Share::guardianId).toList();
        if (!recipients.isEmpty()) {
            announcements.fire(new RecoveryAnnouncement(recipients, RecoveryNews.guardianRequest(requestId)));
        }
    }

    private static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }
}
