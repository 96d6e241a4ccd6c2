package app.famichat.accounts;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Persistence of accounts and devices. */
public interface AccountStore {

    /** False when the username is taken (checked atomically by the database). */
    boolean create(Account account);

    Optional<Account> find(UUID userId);

    Optional<Account> findByUsername(String canonicalUsername);

    List<Device> devicesOf(UUID userId);

    Optional<Device> device(UUID userId, int deviceId);

    /** The device, its row locked until the transaction ends. */
    Optional<Device> lockedDevice(UUID userId, int deviceId);

    void addDevice(Device device);

    void removeDevice(UUID userId, int deviceId);

    /** Locks the account row until the transaction ends (serializes device creation per user). */
    void lock(UUID userId);

    /**
     * Deletes the account; the database cascades to everything that hangs off it (devices with their keys,
     * tokens and sessions, memberships, the user's own history, their storage key).
     */
    void delete(UUID userId);
}
