package app.famichat.sessions;

import app.famichat.accounts.Account;
import app.famichat.accounts.AccountService;
import app.famichat.accounts.Credentials;
import app.famichat.accounts.Device;
import app.famichat.accounts.DeviceAddress;
import app.famichat.accounts.NewDevice;
import app.famichat.accounts.PasswordHasher;
import app.famichat.custody.Keyrings;
import app.famichat.custody.TokenUnlock;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.vault.UnlockedKeyrings;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

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
    SignInLimits limits;

    @Inject
    Event<SessionsRevoked> revocations;

    @Inject
    SessionSettings settings;

    @Inject
    Keyrings keyrings;

    /**
     * Checks the password and returns a new token: on a new device (created here, its credential in the answer)
     * or on a known device proven by its credential. See {@link SignInLimits} for what is counted.
     *
     * @param deviceId         with {@code deviceCredential}: sign in on this known device
     * @param deviceName       instead: create a device of this name
     * @param clientAddress    the rate-limit key of the client's address
     */
    public SignIn signIn(String username, String password, Integer deviceId, String deviceCredential,
                         String deviceName, String clientAddress) {
        DeviceChoice choice = DeviceChoice.of(deviceId, deviceCredential, deviceName);
        if (choice instanceof DeviceChoice.New created) {
            AccountService.checkDeviceName(created.name()); // before anything is counted or the password checked
        }
        String canonical = username == null ? "" : username.toLowerCase(java.util.Locale.ROOT);
        // A name that breaks the username rules cannot exist: no lookup (it could hold bytes PostgreSQL refuses).
        Optional<Account> found = Credentials.isWellFormedUsername(canonical)
                ? accounts.findByUsername(canonical) : Optional.empty();
        Optional<Device> proven = choice instanceof DeviceChoice.Known known
                ? found.flatMap(account -> accounts.device(account.id(), known.deviceId()))
                        .filter(device -> device.provenBy(known.credential()))
                : Optional.empty();
        SignInLimits.Attempt attempt = limits.count(clientAddress, canonical, proven);

        boolean verifiable = password != null && password.length() <= Credentials.MAX_PASSWORD * 2;
        Optional<String> stored = found.map(accounts::passwordHashOf);
        boolean valid = verifiable && hasher.verify(password, stored);
        if (found.isEmpty() || !valid) {
            throw new FamichatException(Failure.UNAUTHENTICATED, "Unknown username or wrong password");
        }
        attempt.succeeded();
        Account account = found.get();
        if (hasher.needsRehash(stored.get())) {
            accounts.rehash(account, hasher.hash(password));
        }
        // A locked user's keyring opens with the password first: a new device's keys are sealed under it.
        try (UnlockedKeyrings.Binding keyring = keyrings.openWithPassword(account.id(), password)) {
            Instant now = Instant.now();
            Device device;
            String newCredential = null;
            if (choice instanceof DeviceChoice.New created) {
                NewDevice newDevice = accounts.addDevice(account.id(), created.name());
                device = newDevice.device();
                newCredential = newDevice.credential();
            } else {
                device = proven.flatMap(known -> accounts.signInOn(account.id(), known.deviceId(), now))
                        .orElseThrow(() -> FamichatException.invalid("deviceCredential",
                                "does not prove a device of this account (sign in with deviceName for a new device)"));
            }

            String token = AccessTokens.generate();
            Instant expiresAt = now.plus(settings.lifetime());
            byte[] hash = AccessTokens.hash(token).orElseThrow();
            tokens.insert(hash, device.address(), now, expiresAt);
            keyrings.addUnlock(account.id(), hash, token, expiresAt);
            return new SignIn(token, expiresAt, account, device, newCredential);
        }
    }

    /**
     * After a sign-in has committed: a locked user's prekey maintenance ({@link Keyrings#maintainKeys}), with the
     * keyring unlocked from the new token. Not in the sign-in's transaction: that holds the device's row locked,
     * which each device's maintenance (a transaction of its own) must lock too.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void maintainKeys(SignIn signIn) {
        UUID userId = signIn.account().id();
        byte[] hash = AccessTokens.hash(signIn.token()).orElseThrow();
        try (UnlockedKeyrings.Binding keyring = keyrings.unlock(TokenUnlock.of(userId, hash, signIn.token()))) {
            keyrings.maintainKeys(userId);
        }
    }

    /** The caller behind a bearer token, if it is well-formed, known, not expired and not revoked. */
    public Optional<Caller> authenticate(String token) {
        return AccessTokens.hash(token).flatMap(hash -> tokens.findActive(hash, Instant.now()));
    }

    /**
     * Unlocks the keyring of the caller (a locked user) for the work of this request or socket frame, on this
     * thread, from the token's unlock row, when the work first needs it ({@link Keyrings#unlock}): no query for a
     * hosted user. Close the binding when the work ends.
     */
    public UnlockedKeyrings.Binding unlock(Caller caller, String token) {
        return keyrings.unlock(tokenUnlock(caller, token));
    }

    /** What unlocks the caller's keyring later (a socket keeps it instead of the token). */
    public TokenUnlock tokenUnlock(Caller caller, String token) {
        return TokenUnlock.of(caller.userId(), HexFormat.of().parseHex(caller.tokenHash()), token);
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
        revoked(userId, tokens.revokeAll(userId, Instant.now()));
    }

    /** Removes a device of the caller's account and revokes its tokens. */
    public void removeDevice(Caller caller, int deviceId) {
        // A number outside 1..127 names no device; bound as a SMALLINT it would name another one (65,537 is 1).
        DeviceAddress device = DeviceAddress.of(caller.userId(), deviceId)
                .orElseThrow(() -> FamichatException.notFound("No such device"));
        revoked(caller.userId(), tokens.revokeAll(device, Instant.now()));
        accounts.removeDevice(caller.userId(), device.deviceId());
    }

    private void revoked(UUID userId, List<String> hashes) {
        if (!hashes.isEmpty()) {
            revocations.fire(new SessionsRevoked(userId, hashes));
        }
    }
}
