package app.famichat.sessions;

import static app.famichat.platform.errors.Refusals.refusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.Account;
import app.famichat.accounts.AccountService;
import app.famichat.accounts.Credentials;
import app.famichat.accounts.Device;
import app.famichat.accounts.DeviceAddress;
import app.famichat.accounts.NewDevice;
import app.famichat.accounts.PasswordHasher;
import app.famichat.accounts.TestAccounts;
import app.famichat.custody.KeyCustody;
import app.famichat.custody.Keyrings;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.testing.RecordingEvent;
import app.famichat.vault.UnlockedKeyrings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The sign-in, token and sign-out rules of {@link SessionService}, with in-memory accounts, limits and tokens. */
class SessionServiceTest {

    private static final Duration LIFETIME = Duration.ofDays(30);
    private static final String ADDRESS = "192.0.2.7";

    private final Account ann = TestAccounts.account(UUID.randomUUID(), "ann", "hash:secret password");
    private final String phoneCredential = TestAccounts.newCredential();
    private final Device phone = TestAccounts.device(ann.id(), 1, phoneCredential);

    private final Accounts accounts = new Accounts();
    private final Hasher hasher = new Hasher();
    private final Limiters limiters = new Limiters();
    private final Tokens tokens = new Tokens();
    private final RecordingEvent<SessionsRevoked> revocations = new RecordingEvent<>();
    private final SessionService service = service();

    private SessionService service() {
        SignInLimits limits = new SignInLimits();
        limits.limiters = limiters;
        SessionService service = new SessionService();
        service.accounts = accounts;
        service.hasher = hasher;
        service.tokens = tokens;
        service.limits = limits;
        service.revocations = revocations;
        service.settings = new SessionSettings();
        service.settings.lifetime = LIFETIME;
        service.keyrings = new HostedKeyrings();
        return service;
    }

    // ---- signing in

    @Test
    void aSignInWithANameCreatesADeviceAndHandsOutItsCredentialOnce() {
        Instant before = Instant.now();
        SignIn signIn = service.signIn("Ann", "secret password", null, null, "Laptop", ADDRESS);
        assertEquals(ann.id(), signIn.account().id());
        assertEquals(2, signIn.device().deviceId());
        assertNotNull(signIn.deviceCredential());
        assertEquals(List.of("Laptop"), accounts.created);
        assertFalse(signIn.expiresAt().isBefore(before.plus(LIFETIME)));
        assertFalse(signIn.expiresAt().isAfter(Instant.now().plus(LIFETIME)));

        Caller caller = service.authenticate(signIn.token()).orElseThrow();
        assertEquals(ann.id(), caller.userId());
        assertEquals(2, caller.device().deviceId());
    }

    /**
     * Authenticating a request is one token lookup, which also reads the custody; the keyring unlock for the
     * request reads nothing until a locked user's secret is needed (Keyrings.unlock), so a hosted request stops here.
     */
    @Test
    void aRequestIsAuthenticatedAndUnlockedWithOneLookup() {
        SignIn signIn = service.signIn("ann", "secret password", null, null, "Laptop", ADDRESS);
        int before = tokens.lookups;
        Caller caller = service.authenticate(signIn.token()).orElseThrow();
        try (UnlockedKeyrings.Binding request = service.unlock(caller, signIn.token())) {
            assertEquals(KeyCustody.HOSTED, caller.custody());
        }
        assertEquals(before + 1, tokens.lookups);
    }

    @Test
    void aKnownDeviceProvenByItsCredentialSignsInAgainWithoutANewDevice() {
        SignIn signIn = service.signIn("ann", "secret password", 1, phoneCredential, null, ADDRESS);
        assertEquals(1, signIn.device().deviceId());
        assertNull(signIn.deviceCredential(), "the credential is shown only when the device is created");
        assertEquals(List.of(1), accounts.signedInOn);
        assertTrue(accounts.created.isEmpty());
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        FamichatException wrong = refusal(Failure.UNAUTHENTICATED,
                () -> service.signIn("ann", "wrong password", null, null, "Laptop", ADDRESS));
        FamichatException unknown = refusal(Failure.UNAUTHENTICATED,
                () -> service.signIn("nobody", "secret password", null, null, "Laptop", ADDRESS));
        assertEquals(unknown.getMessage(), wrong.getMessage());
        assertTrue(accounts.created.isEmpty());
        assertTrue(tokens.rows.isEmpty());
    }

    @Test
    void aFailureCountsAgainstTheAccountAndASuccessIsRefunded() {
        refusal(Failure.UNAUTHENTICATED, () -> service.signIn("ann", "wrong", null, null, "Laptop", ADDRESS));
        assertEquals(Map.of(Limiter.SIGN_IN_ADDRESS, ADDRESS, Limiter.SIGN_IN_ACCOUNT, "ann"), limiters.checked.get(0));
        assertTrue(limiters.refunded.isEmpty());

        service.signIn("ann", "secret password", null, null, "Laptop", ADDRESS);
        assertEquals(List.of(Limiter.SIGN_IN_ACCOUNT), limiters.refunded);
    }

    @Test
    void failuresWithAKnownDevicesCredentialCountAgainstThatDeviceNotTheAccount() {
        refusal(Failure.UNAUTHENTICATED,
                () -> service.signIn("ann", "wrong", 1, phoneCredential, null, ADDRESS));
        assertEquals(Map.of(Limiter.SIGN_IN_ADDRESS, ADDRESS, Limiter.SIGN_IN_DEVICE, ann.id() + "/1"),
                limiters.checked.get(0));
    }

    @Test
    void aWrongDeviceCredentialIsRefusedEvenWithTheRightPassword() {
        FamichatException refused = refusal(Failure.INVALID,
                () -> service.signIn("ann", "secret password", 1, TestAccounts.newCredential(), null, ADDRESS));
        assertEquals("deviceCredential", refused.field());
        assertEquals(Limiter.SIGN_IN_ACCOUNT, limiters.checked.get(0).keySet().stream()
                .filter(limiter -> limiter != Limiter.SIGN_IN_ADDRESS).findFirst().orElseThrow(),
                "an unproven device counts against the account");
        assertTrue(tokens.rows.isEmpty());
    }

    @Test
    void anAttemptOverTheLimitIsRefusedBeforeThePasswordIsChecked() {
        limiters.refuse = true;
        refusal(Failure.RATE_LIMITED, () -> service.signIn("ann", "secret password", null, null, "Laptop", ADDRESS));
        assertEquals(0, hasher.verified);
        assertTrue(accounts.created.isEmpty());
    }

    @Test
    void aBadDeviceNameIsRefusedBeforeAnythingIsCounted() {
        assertEquals("deviceName", refusal(Failure.INVALID,
                () -> service.signIn("ann", "secret password", null, null, " ", ADDRESS)).field());
        assertTrue(limiters.checked.isEmpty());
        assertEquals(0, hasher.verified);
    }

    @Test
    void aNameThatCannotBeAUsernameIsNeverLookedUp() {
        refusal(Failure.UNAUTHENTICATED,
                () -> service.signIn("ann\u0000", "secret password", null, null, "Laptop", ADDRESS));
        assertTrue(accounts.lookedUp.isEmpty());
        assertEquals(1, hasher.verified, "a missing account costs a hash too");
    }

    @Test
    void anOverlongPasswordIsNotHashed() {
        String overlong = "x".repeat(2 * Credentials.MAX_PASSWORD + 1);
        refusal(Failure.UNAUTHENTICATED, () -> service.signIn("ann", overlong, null, null, "Laptop", ADDRESS));
        assertEquals(0, hasher.verified);
    }

    @Test
    void aHashWithOutdatedParametersIsReplacedAtTheNextSuccessfulSignIn() {
        service.signIn("ann", "secret password", null, null, "Laptop", ADDRESS);
        assertEquals(List.of(), accounts.rehashed);
        hasher.outdated = true;
        service.signIn("ann", "secret password", null, null, "Tablet", ADDRESS);
        assertEquals(List.of("hash:secret password"), accounts.rehashed);
    }

    // ---- tokens

    @Test
    void onlyWellFormedLiveTokensAuthenticate() {
        SignIn signIn = service.signIn("ann", "secret password", null, null, "Laptop", ADDRESS);
        assertTrue(service.authenticate(signIn.token()).isPresent());
        assertEquals(Optional.empty(), service.authenticate("not a token"));
        assertEquals(Optional.empty(), service.authenticate(null));
        assertEquals(Optional.empty(), service.authenticate(AccessTokens.generate()));
        tokens.rows.get(0).expiresAt = Instant.now().minusSeconds(1);
        assertEquals(Optional.empty(), service.authenticate(signIn.token()));
    }

    @Test
    void signingOutRevokesTheTokenAndTellsTheSocketsOnce() {
        Caller caller = service.authenticate(service.signIn("ann", "secret password", null, null, "Laptop", ADDRESS)
                .token()).orElseThrow();
        service.signOut(caller);
        assertEquals(List.of(new SessionsRevoked(ann.id(), List.of(caller.tokenHash()))), revocations.fired);
        assertEquals(Set.of(), service.stillActive(List.of(caller.tokenHash())));
        service.signOut(caller);
        assertEquals(1, revocations.fired.size(), "nothing left to revoke, nothing to tell");
    }

    @Test
    void signingOutEverywhereRevokesEveryTokenInOneEvent() {
        List<String> hashes = List.of(hashOf(service.signIn("ann", "secret password", null, null, "A", ADDRESS)),
                hashOf(service.signIn("ann", "secret password", 1, phoneCredential, null, ADDRESS)));
        assertEquals(Set.copyOf(hashes), service.stillActive(hashes));
        service.signOutEverywhere(ann.id());
        assertEquals(1, revocations.fired.size());
        assertEquals(Set.copyOf(hashes), Set.copyOf(revocations.fired.get(0).tokenHashes()));
        assertEquals(Set.of(), service.stillActive(hashes));
        service.signOutEverywhere(ann.id());
        assertEquals(1, revocations.fired.size());
    }

    @Test
    void removingADeviceRevokesItsTokensOnly() {
        String laptop = hashOf(service.signIn("ann", "secret password", null, null, "Laptop", ADDRESS));
        String onPhone = hashOf(service.signIn("ann", "secret password", 1, phoneCredential, null, ADDRESS));
        Caller caller = service.authenticate(tokens.tokenOf(laptop)).orElseThrow();
        service.removeDevice(caller, 1);
        assertEquals(List.of(1), accounts.removed);
        assertEquals(List.of(new SessionsRevoked(ann.id(), List.of(onPhone))), revocations.fired);
        assertEquals(Set.of(laptop), service.stillActive(List.of(laptop, onPhone)));
    }

    /** 65,537 bound as a SMALLINT is 1: removing "device 65537" must neither remove nor sign out device 1. */
    @Test
    void aDeviceNumberOutsideTheRangeRemovesNothing() {
        String laptop = hashOf(service.signIn("ann", "secret password", null, null, "Laptop", ADDRESS));
        String onPhone = hashOf(service.signIn("ann", "secret password", 1, phoneCredential, null, ADDRESS));
        Caller caller = service.authenticate(tokens.tokenOf(laptop)).orElseThrow();
        refusal(Failure.NOT_FOUND, () -> service.removeDevice(caller, 65_537));
        assertEquals(List.of(), accounts.removed);
        assertEquals(List.of(), revocations.fired);
        assertEquals(Set.of(laptop, onPhone), service.stillActive(List.of(laptop, onPhone)));
    }

    // ---- fakes

    private String hashOf(SignIn signIn) {
        String hash = AccessTokens.hex(AccessTokens.hash(signIn.token()).orElseThrow());
        tokens.issued.put(hash, signIn.token());
        return hash;
    }


    /** Ann, with her phone (device 1); new devices get the next id. */
    private final class Accounts extends AccountService {

        final List<String> lookedUp = new ArrayList<>();
        final List<String> created = new ArrayList<>();
        final List<Integer> signedInOn = new ArrayList<>();
        final List<String> rehashed = new ArrayList<>();
        final List<Integer> removed = new ArrayList<>();

        @Override
        public Optional<Account> findByUsername(String canonicalUsername) {
            lookedUp.add(canonicalUsername);
            return Optional.of(ann).filter(account -> account.username().equals(canonicalUsername));
        }

        @Override
        public Optional<Device> device(UUID userId, int deviceId) {
            return Optional.of(phone).filter(device -> device.userId().equals(userId) && deviceId == 1);
        }

        @Override
        public String passwordHashOf(Account account) {
            return "hash:secret password";
        }

        @Override
        public NewDevice addDevice(UUID userId, String name) {
            created.add(name);
            return TestAccounts.newDevice(userId, 1 + created.size());
        }

        @Override
        public Optional<Device> signInOn(UUID userId, int deviceId, Instant now) {
            signedInOn.add(deviceId);
            return device(userId, deviceId);
        }

        @Override
        public void rehash(Account account, String passwordHash) {
            rehashed.add(passwordHash);
        }

        @Override
        public void removeDevice(UUID userId, int deviceId) {
            removed.add(deviceId);
        }
    }

    /** "hash:" + the password, instead of Argon2id. */
    private static final class Hasher extends PasswordHasher {

        int verified;
        boolean outdated;

        @Override
        public String hash(String password) {
            return "hash:" + password;
        }

        @Override
        public boolean verify(String password, Optional<String> encoded) {
            verified++;
            return encoded.map(hash -> hash.equals(hash(password))).orElse(false);
        }

        @Override
        public boolean needsRehash(String encoded) {
            return outdated;
        }
    }

    /** Counts nothing; refuses everything when told to. */
    private static final class Limiters extends RateLimiters {

        final List<Map<Limiter, String>> checked = new ArrayList<>();
        final List<Limiter> refunded = new ArrayList<>();
        boolean refuse;

        @Override
        public Counted check(Map<Limiter, String> keys) {
            checked.add(Map.copyOf(keys));
            if (refuse) {
                throw FamichatException.rateLimited(Limiter.SIGN_IN_ADDRESS.configName(), 60);
            }
            return new Counted(Map.of());
        }

        @Override
        public void refund(Counted counted, Limiter limiter) {
            refunded.add(limiter);
        }
    }

    /** Every user hosted: no keyring to open, no unlock row to write (locked users are LockedCustodyIT's). */
    private static final class HostedKeyrings extends Keyrings {
        @Override
        public UnlockedKeyrings.Binding openWithPassword(UUID userId, String password) {
            return UnlockedKeyrings.NONE;
        }

        @Override
        public void addUnlock(UUID userId, byte[] tokenHash, String token, Instant expiresAt) {
        }

        @Override
        public void maintainKeys(UUID userId) {
        }
    }

    /** The access_tokens table. */
    private static final class Tokens extends TokenStore {

        static final class Row {
            final String hash;
            final UUID userId;
            final int deviceId;
            Instant expiresAt;
            boolean revoked;

            Row(String hash, UUID userId, int deviceId, Instant expiresAt) {
                this.hash = hash;
                this.userId = userId;
                this.deviceId = deviceId;
                this.expiresAt = expiresAt;
            }

            boolean live(Instant now) {
                return !revoked && expiresAt.isAfter(now);
            }
        }

        final List<Row> rows = new ArrayList<>();
        final Map<String, String> issued = new HashMap<>();
        int lookups;

        String tokenOf(String hash) {
            return issued.get(hash);
        }

        @Override
        void insert(byte[] hash, DeviceAddress device, Instant createdAt, Instant expiresAt) {
            rows.add(new Row(AccessTokens.hex(hash), device.userId(), device.deviceId(), expiresAt));
        }

        @Override
        Optional<Caller> findActive(byte[] hash, Instant now) {
            lookups++;
            String hex = AccessTokens.hex(hash);
            return rows.stream().filter(row -> row.hash.equals(hex) && row.live(now)).findFirst()
                    .map(row -> new Caller(new DeviceAddress(row.userId, row.deviceId), row.hash, KeyCustody.HOSTED));
        }

        @Override
        Set<String> activeAmong(Collection<String> tokenHashes, Instant now) {
            return rows.stream().filter(row -> tokenHashes.contains(row.hash) && row.live(now))
                    .map(row -> row.hash).collect(Collectors.toSet());
        }

        @Override
        boolean revoke(String tokenHash, Instant now) {
            return !revokeWhere(row -> row.hash.equals(tokenHash), now).isEmpty();
        }

        @Override
        List<String> revokeAll(UUID userId, Instant now) {
            return revokeWhere(row -> row.userId.equals(userId), now);
        }

        @Override
        List<String> revokeAll(DeviceAddress device, Instant now) {
            return revokeWhere(row -> row.userId.equals(device.userId()) && row.deviceId == device.deviceId(), now);
        }

        private List<String> revokeWhere(Predicate<Row> which, Instant now) {
            List<String> revoked = new ArrayList<>();
            for (Row row : rows) {
                if (!row.revoked && which.test(row)) {
                    row.revoked = true;
                    revoked.add(row.hash);
                }
            }
            return revoked;
        }
    }
}
