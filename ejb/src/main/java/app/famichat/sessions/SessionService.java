package app.famichat.sessions;

import app.famichat.accounts.Account;
import app.famichat.accounts.AccountService;
import app.famichat.accounts.Credentials;
import app.famichat.accounts.Device;
import app.famichat.accounts.PasswordHasher;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Sign-in, sign-out and token checks. Tokens are opaque random strings stored as hashes (not JWTs): a
 * revocation takes effect on the very next request, on every node, with one indexed lookup per request.
 */
@Stateless
public class SessionService {

    @Inject
    AccountService accounts;

    @Inject
    PasswordHasher hasher;

    @Inject
    TokenStore tokens;

    @Inject
    RateLimiters rateLimiters;

    @Inject
    Event<SessionsRevoked> revocations;

    @Inject
    @ConfigProperty(name = "famichat.session.lifetime", defaultValue = "P30D")
    Duration lifetime;

    /**
     * Checks the password and returns a new token for the given device of the user, or for a new device when
     * {@code deviceId} is empty.
     */
    public SignIn signIn(String username, String password, Integer deviceId, String deviceName, String clientAddress) {
        rateLimiters.check(Limiter.SIGN_IN_ADDRESS, clientAddress);
        String canonical = username == null ? "" : username.toLowerCase(java.util.Locale.ROOT);
        rateLimiters.check(Limiter.SIGN_IN_ACCOUNT, canonical);

        // A name that breaks the username rules cannot exist: no lookup (it could hold bytes PostgreSQL refuses).
        Optional<Account> found = Credentials.isWellFormedUsername(canonical)
                ? accounts.findByUsername(canonical) : Optional.empty();
        boolean verifiable = password != null && password.length() <= Credentials.MAX_PASSWORD * 2;
        Optional<String> stored = found.map(accounts::passwordHashOf);
        boolean valid = verifiable && hasher.verify(password, stored);
        if (found.isEmpty() || !valid) {
            throw new FamichatException(Failure.UNAUTHENTICATED, "Unknown username or wrong password");
        }
        Account account = found.get();
        if (hasher.needsRehash(stored.get())) {
            accounts.rehash(account, hasher.hash(password));
        }
        Device device = deviceId == null
                ? accounts.addDevice(account.id(), deviceName)
                : accounts.device(account.id(), deviceId)
                        .orElseThrow(() -> FamichatException.invalid("deviceId", "is not a device of this account"));

        String token = AccessTokens.generate();
        Instant now = Instant.now();
        Instant expiresAt = now.plus(lifetime);
        tokens.insert(AccessTokens.hash(token).orElseThrow(), account.id(), device.deviceId(), now, expiresAt);
        return new SignIn(token, expiresAt, account, device);
    }

    /** The caller behind a bearer token, if it is well-formed, known, not expired and not revoked. */
    public Optional<Caller> authenticate(String token) {
        return AccessTokens.hash(token).flatMap(hash -> tokens.findActive(hash, Instant.now()));
    }

    /**
     * Of the given token hashes, those still active (known, not expired, not revoked): open sockets check their
     * tokens with it at every heartbeat.
     */
    public Set<String> stillActive(Collection<String> tokenHashes) {
        return tokenHashes.isEmpty() ? Set.of() : tokens.activeAmong(tokenHashes, Instant.now());
    }

    public void signOut(Caller caller) {
        if (tokens.revoke(caller.tokenHash(), Instant.now())) {
            revocations.fire(new SessionsRevoked(caller.userId(), List.of(caller.tokenHash())));
        }
    }

    /** Revokes every token of the user, on every device. */
    public void signOutEverywhere(UUID userId) {
        revoked(userId, tokens.revokeAll(userId, null, Instant.now()));
    }

    /** Removes a device of the caller's account and revokes its tokens. */
    public void removeDevice(Caller caller, int deviceId) {
        revoked(caller.userId(), tokens.revokeAll(caller.userId(), deviceId, Instant.now()));
        accounts.removeDevice(caller.userId(), deviceId);
    }

    private void revoked(UUID userId, List<String> hashes) {
        if (!hashes.isEmpty()) {
            revocations.fire(new SessionsRevoked(userId, hashes));
        }
    }
}
