package app.famichat.accounts;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.text.TextRules;
import app.famichat.ratelimit.Limiter;
import app.famichat.ratelimit.RateLimiters;
import app.famichat.vault.StorageKeys;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

/** Registration (with the user's Signal identity key), devices (with their prekeys), and reading accounts. */
@Stateless
public class AccountService {

    static final int MAX_NAME = 64;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    AccountStore store;

    @Inject
    PasswordHasher hasher;

    @Inject
    Event<AccountRegistered> registered;

    @Inject
    Event<DeviceAdded> deviceAdded;

    @Inject
    StorageKeys storageKeys;

    @Inject
    DeviceSettings deviceSettings;

    @Inject
    RateLimiters rateLimiters;

    public Account register(String username, String password, String displayName) {
        String canonical = Credentials.canonicalUsername(username);
        Credentials.checkPassword("password", password, canonical);
        String name = checkedName("displayName", displayName);
        Account account = new Account(UUID.randomUUID(), canonical, name, hasher.hash(password), Instant.now());
        if (!store.create(account)) {
            throw new FamichatException(Failure.CONFLICT, "The username is taken");
        }
        // In the registration's transaction: no account without its identity key (observers) and storage key.
        registered.fire(new AccountRegistered(account.id()));
        storageKeys.create(account.id());
        return account;
    }

    public Optional<Account> find(UUID userId) {
        return store.find(userId);
    }

    public Account require(UUID userId) {
        return store.find(userId).orElseThrow(() -> FamichatException.notFound("No such user"));
    }

    public List<Device> devices(UUID userId) {
        return store.devicesOf(userId);
    }

    /**
     * A new hosted device with the lowest free id, a fresh Signal registration id, its prekeys (signed, Kyber
     * last-resort, one-time stocks) and its credential, in this transaction. Refused when the account already has
     * {@code famichat.devices.max-per-account} devices (409), or created its {@code device-create-account} quota
     * of devices lately (429): a device costs about 0.9 MB of keys and multiplies every send to its user.
     */
    public NewDevice addDevice(UUID userId, String requestedName) {
        String name = checkedName("deviceName", requestedName);
        store.lock(userId);
        List<Device> existing = store.devicesOf(userId);
        if (existing.size() >= deviceSettings.maxPerAccount()) {
            throw new FamichatException(Failure.CONFLICT, "The account has " + existing.size()
                    + " devices, the most allowed; remove one first");
        }
        // Counted after the cap (a refused creation costs nothing) and under the account lock (no race past it).
        rateLimiters.check(Limiter.DEVICE_CREATE_ACCOUNT, userId.toString());
        int deviceId = IntStream.rangeClosed(1, Device.MAX_DEVICE_ID)
                .filter(id -> existing.stream().noneMatch(d -> d.deviceId() == id))
                .findFirst().orElseThrow(); // the cap is at most MAX_DEVICE_ID
        String credential = DeviceCredentials.generate();
        Device device = new Device(userId, deviceId, name, 1 + RANDOM.nextInt(16380), Custody.HOSTED,
                DeviceCredentials.hash(credential).orElseThrow(), Instant.now());
        store.addDevice(device);
        deviceAdded.fire(new DeviceAdded(new DeviceAddress(userId, deviceId)));
        return new NewDevice(device, credential);
    }

    /** Refuses a device name that breaks the name rules, before anything is counted or created. */
    public static void checkDeviceName(String name) {
        checkedName("deviceName", name);
    }

    /**
     * The device, locked until the transaction ends, so that the stale-device sweep cannot remove it under a
     * sign-in; a sign-in on it is recorded.
     */
    public Optional<Device> signInOn(UUID userId, int deviceId, Instant now) {
        Optional<Device> device = store.lockedDevice(userId, deviceId);
        device.ifPresent(d -> d.signedIn(now));
        return device;
    }

    public Optional<Device> device(UUID userId, int deviceId) {
        return store.device(userId, deviceId);
    }

    public void removeDevice(UUID userId, int deviceId) {
        if (store.device(userId, deviceId).isEmpty()) {
            throw FamichatException.notFound("No such device");
        }
        store.removeDevice(userId, deviceId);
    }

    static String checkedName(String field, String text) {
        return TextRules.name(text, MAX_NAME).valueOrRefuse(field);
    }

    public Optional<Account> findByUsername(String canonicalUsername) {
        return store.findByUsername(canonicalUsername);
    }

    /** For sign-in only: the stored Argon2id hash. */
    public String passwordHashOf(Account account) {
        return account.passwordHash();
    }

    /** Locks the account's row until the transaction ends: nothing else changes the account meanwhile. */
    public void lock(UUID userId) {
        store.lock(userId);
    }

    /** Deletes the account and what the database cascades from it ({@link AccountStore#delete}). */
    public void delete(UUID userId) {
        store.delete(userId);
    }

    /** A new password (already checked against the rules), as its Argon2id hash. */
    public void changePasswordHash(UUID userId, String passwordHash) {
        require(userId).rehashPassword(passwordHash);
    }

    /** Replaces a hash made with outdated parameters (after a successful sign-in). */
    public void rehash(Account account, String passwordHash) {
        store.find(account.id()).ifPresent(managed -> managed.rehashPassword(passwordHash));
    }
}
