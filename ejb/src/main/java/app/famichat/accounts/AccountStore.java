package app.famichat.accounts;

import app.famichat.platform.persistence.DatabaseClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The users and devices tables, in the caller's transaction. */
@ApplicationScoped
class AccountStore {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    /** False when the username is taken (checked atomically by the database). */
    boolean create(Account account) {
        // ON CONFLICT keeps a taken username from aborting the transaction (and from a check-then-insert race).
        int inserted = em.createNativeQuery("INSERT INTO users (id, username, display_name, password_hash, created_at) "
                        + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING")
                .setParameter(1, account.id())
                .setParameter(2, account.username())
                .setParameter(3, account.displayName())
                .setParameter(4, account.passwordHash())
                .setParameter(5, DatabaseClock.utc(account.createdAt()))
                .executeUpdate();
        return inserted == 1;
    }

    Optional<Account> find(UUID userId) {
        return Optional.ofNullable(em.find(Account.class, userId));
    }

    Optional<Account> findByUsername(String canonicalUsername) {
        return em.createQuery("select a from Account a where a.username = :name", Account.class)
                .setParameter("name", canonicalUsername)
                .getResultStream().findFirst();
    }

    List<Device> devicesOf(UUID userId) {
        return em.createQuery("select d from Device d where d.userId = :user order by d.deviceId", Device.class)
                .setParameter("user", userId)
                .getResultList();
    }

    /** The device; empty also for a device id that can name none (a client's number). */
    Optional<Device> device(UUID userId, int deviceId) {
        return DeviceAddress.of(userId, deviceId).map(device -> em.find(Device.class, new DeviceKey(device)));
    }

    /** The device, its row locked until the transaction ends. */
    Optional<Device> lockedDevice(UUID userId, int deviceId) {
        return DeviceAddress.of(userId, deviceId)
                .map(device -> em.find(Device.class, new DeviceKey(device), LockModeType.PESSIMISTIC_WRITE));
    }

    void addDevice(Device device) {
        em.persist(device);
        em.flush(); // the device's prekey rows reference it, written next by native statements
    }

    void removeDevice(UUID userId, int deviceId) {
        device(userId, deviceId).ifPresent(em::remove);
    }

    /** Locks the account row until the transaction ends (serializes device creation per user). */
    void lock(UUID userId) {
        em.find(Account.class, userId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * Deletes the account; the database cascades to everything that hangs off it (devices with their keys,
     * tokens and sessions, memberships, the user's own history, their storage key).
     */
    void delete(UUID userId) {
        // Native: the cascades are the database's (V2, V7, V8, V11...); the entity cache is off (persistence.xml).
        em.createNativeQuery("DELETE FROM users WHERE id = ?").setParameter(1, userId).executeUpdate();
    }
}
