package app.famichat.accounts;

import java.time.Instant;
import java.util.UUID;

/** Accounts and devices for tests outside this package, which cannot call their constructors. */
public final class TestAccounts {

    private TestAccounts() {
    }

    public static Account account(UUID id, String username, String passwordHash) {
        return new Account(id, username, username, passwordHash, Instant.now());
    }

    /** A hosted device proven by {@code credential} (see {@link #newCredential()}). */
    public static Device device(UUID userId, int deviceId, String credential) {
        return new Device(userId, deviceId, "Phone", 42, Custody.HOSTED,
                DeviceCredentials.hash(credential).orElseThrow(), Instant.now());
    }

    public static String newCredential() {
        return DeviceCredentials.generate();
    }

    /** The device as {@link AccountService#addDevice} answers it: with its credential. */
    public static NewDevice newDevice(UUID userId, int deviceId) {
        String credential = newCredential();
        return new NewDevice(device(userId, deviceId, credential), credential);
    }
}
