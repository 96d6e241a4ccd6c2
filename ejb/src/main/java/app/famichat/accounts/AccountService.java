package app.famichat.accounts;

import app.famichat.keys.SignalKeys;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.text.TextRules;
import app.famichat.vault.StorageKeys;
import jakarta.ejb.Stateless;
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
    SignalKeys signalKeys;

    @Inject
    StorageKeys storageKeys;

    public Account register(String username, String password, String displayName) {
        String canonical = Credentials.canonicalUsername(username);
        Credentials.checkPassword(password, canonical);
        String name = checkedName("displayName", displayName);
        Account account = new Account(UUID.randomUUID(), canonical, name, hasher.hash(password), Instant.now());
        if (!store.create(account)) {
            throw new FamichatException(Failure.CONFLICT, "The username is taken");
        }
        // In the registration's transaction: no account without its identity key and storage key.
        signalKeys.createIdentity(account.id());
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
     * A new hosted device with the lowest free id (1..127), a fresh Signal registration id and its prekeys
     * (signed, Kyber last-resort, one-time stocks), in this transaction.
     */
    public Device addDevice(UUID userId, String requestedName) {
        store.lock(userId);
        List<Device> existing = store.devicesOf(userId);
        int deviceId = IntStream.rangeClosed(1, Device.MAX_DEVICE_ID)
                .filter(id -> existing.stream().noneMatch(d -> d.deviceId() == id))
                .findFirst()
                .orElseThrow(() -> new FamichatException(Failure.CONFLICT,
                        "All " + Device.MAX_DEVICE_ID + " device slots are in use; remove a device first"));
        String name = requestedName == null ? "Device " + deviceId : checkedName("deviceName", requestedName);
        Device device = new Device(userId, deviceId, name, 1 + RANDOM.nextInt(16380), Custody.HOSTED, Instant.now());
        store.addDevice(device);
        signalKeys.createDeviceKeys(userId, deviceId);
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

    /** Replaces a hash made with outdated parameters (after a successful sign-in). */
    public void rehash(Account account, String passwordHash) {
        store.find(account.id()).ifPresent(managed -> managed.rehashPassword(passwordHash));
    }
}
