package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.persistence.Rows;
import app.famichat.vault.SealContext;
import app.famichat.vault.SealedColumn;
import app.famichat.vault.UserSecrets;
import jakarta.persistence.EntityManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.InvalidKeyIdException;
import org.signal.libsignal.protocol.InvalidMessageException;
import org.signal.libsignal.protocol.NoSessionException;
import org.signal.libsignal.protocol.ReusedBaseKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECPublicKey;
import org.signal.libsignal.protocol.groups.state.SenderKeyRecord;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignalProtocolStore;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;

/**
 * libsignal's stores for one hosted device (user, device), backed by the {@code signal_*} tables; every secret
 * opened and sealed by the user's custody ({@link UserSecrets}: the vault, and for a locked user
 * their keyring first). Obtain one from {@link SignalStores#forDevice} per unit of work and use it
 * inside one JTA transaction, from one thread (libsignal does no locking; nor does this class).
 *
 * <p>Addresses: the name is the remote user's id (UUID text), the device id is their device id.
 *
 * <p>Sessions: every {@link #storeSession} is conditional on the version read by {@link #loadSession} in this
 * store, so of two writers that loaded the same session only the first can store it; the second gets
 * {@link ConcurrentSessionUpdateException}. {@link #lockSession} takes the row lock up front instead.
 */
public class HostedSignalStore implements SignalProtocolStore {

    private final EntityManager em;
    private final UserSecrets secrets;
    private final SignalKeys keys;
    private final UUID userId;
    private final short deviceId;
    /** Versions of the sessions loaded by this store; 0 = none existed. */
    private final Map<SignalProtocolAddress, Long> loadedVersions = new HashMap<>();
    /**
     * Records read by {@link #hasSenderChain} and not handed out since: the next {@link #loadSession} of the
     * address returns it instead of reading the row and opening a record of several KB again. Nobody changed it
     * meanwhile: the caller holds the session's lock, and a store or delete through this store drops it.
     * libsignal still gets a record of its own, as {@code SessionStore} asks: a peeked one is handed out once.
     */
    private final Map<SignalProtocolAddress, SessionRecord> peeked = new HashMap<>();
    /**
     * Remote identities this store has read or written: libsignal asks for the same one twice per message
     * (trusted? then save), and within a unit of work it changes only through this store.
     */
    private final Map<SignalProtocolAddress, Optional<IdentityKey>> remoteIdentities = new HashMap<>();
    private IdentityKeyPair identity;

    HostedSignalStore(EntityManager em, UserSecrets secrets, SignalKeys keys, DeviceAddress device) {
        this.em = em;
        this.secrets = secrets;
        this.keys = keys;
        this.userId = device.userId();
        this.deviceId = device.column();
    }

    /** A device's address as libsignal names it: the user id as the name. */
    public static SignalProtocolAddress address(DeviceAddress device) {
        return new SignalProtocolAddress(device.userId().toString(), device.deviceId());
    }

    public SignalProtocolAddress localAddress() {
        return address(new DeviceAddress(userId, deviceId));
    }

    // ---- identity

    @Override
    public IdentityKeyPair getIdentityKeyPair() {
        if (identity == null) {
            identity = keys.identity(userId);
        }
        return identity;
    }

    @Override
    public int getLocalRegistrationId() {
        return Rows.first(em.createNativeQuery("SELECT registration_id FROM devices WHERE user_id = ? AND device_id = ?")
                        .setParameter(1, userId).setParameter(2, deviceId), row -> row.intValue(0))
                .orElseThrow(() -> new IllegalStateException("No such device"));
    }

    @Override
    public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
        IdentityKey existing = getIdentity(address);
        if (existing != null && existing.equals(identityKey)) {
            return IdentityChange.NEW_OR_UNCHANGED;
        }
        em.createNativeQuery("INSERT INTO signal_remote_identities (local_user_id, remote_user_id, remote_device_id, "
                        + "identity_key, updated_at) VALUES (?, ?, ?, ?, now()) ON CONFLICT (local_user_id, "
                        + "remote_user_id, remote_device_id) DO UPDATE SET identity_key = EXCLUDED.identity_key, "
                        + "updated_at = now()")
                .setParameter(1, userId).setParameter(2, remoteUser(address))
                .setParameter(3, remoteDevice(address)).setParameter(4, identityKey.serialize())
                .executeUpdate();
        remoteIdentities.put(address, Optional.of(identityKey));
        return existing == null ? IdentityChange.NEW_OR_UNCHANGED : IdentityChange.REPLACED_EXISTING;
    }

    /** Trust on first use: an address's identity is trusted until it changes. */
    @Override
    public boolean isTrustedIdentity(SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
        IdentityKey existing = getIdentity(address);
        return existing == null || existing.equals(identityKey);
    }

    @Override
    public IdentityKey getIdentity(SignalProtocolAddress address) {
        Optional<IdentityKey> known = remoteIdentities.get(address);
        if (known == null) {
            known = Optional.ofNullable(readIdentity(address));
            remoteIdentities.put(address, known);
        }
        return known.orElse(null);
    }

    private IdentityKey readIdentity(SignalProtocolAddress address) {
        Optional<byte[]> stored = Rows.first(em.createNativeQuery("SELECT identity_key FROM signal_remote_identities "
                        + "WHERE local_user_id = ? AND remote_user_id = ? AND remote_device_id = ?")
                .setParameter(1, userId).setParameter(2, remoteUser(address)).setParameter(3, remoteDevice(address)),
                row -> row.bytes(0));
        if (stored.isEmpty()) {
            return null;
        }
        try {
            return new IdentityKey(stored.get());
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("A stored remote identity key does not parse", e);
        }
    }

    // ---- one-time EC prekeys

    @Override
    public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
        byte[] record = openRecord(KeyRows.PREKEYS, preKeyId);
        try {
            return new PreKeyRecord(record);
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("A stored prekey record does not parse", e);
        }
    }

    @Override
    public void storePreKey(int preKeyId, PreKeyRecord record) {
        throw generatedByTheServer();
    }

    @Override
    public boolean containsPreKey(int preKeyId) {
        return exists(KeyRows.PREKEYS, preKeyId);
    }

    /** Called by libsignal once the prekey has been used: a one-time key is gone for good. */
    @Override
    public void removePreKey(int preKeyId) {
        delete(KeyRows.PREKEYS, preKeyId);
    }

    // ---- signed prekeys

    @Override
    public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
        return signed(openRecord(KeyRows.SIGNED_PREKEYS, signedPreKeyId));
    }

    @Override
    public List<SignedPreKeyRecord> loadSignedPreKeys() {
        List<SignedPreKeyRecord> records = new ArrayList<>();
        for (int id : ids(KeyRows.SIGNED_PREKEYS)) {
            try {
                records.add(loadSignedPreKey(id));
            } catch (InvalidKeyIdException removedMeanwhile) {
                // gone since the listing: skip it
            }
        }
        return records;
    }

    @Override
    public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
        throw generatedByTheServer();
    }

    @Override
    public boolean containsSignedPreKey(int signedPreKeyId) {
        return exists(KeyRows.SIGNED_PREKEYS, signedPreKeyId);
    }

    @Override
    public void removeSignedPreKey(int signedPreKeyId) {
        delete(KeyRows.SIGNED_PREKEYS, signedPreKeyId);
    }

    // ---- Kyber prekeys

    @Override
    public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
        return kyber(openRecord(KeyRows.KYBER_PREKEYS, kyberPreKeyId));
    }

    @Override
    public List<KyberPreKeyRecord> loadKyberPreKeys() {
        List<KyberPreKeyRecord> records = new ArrayList<>();
        for (int id : ids(KeyRows.KYBER_PREKEYS)) {
            try {
                records.add(loadKyberPreKey(id));
            } catch (InvalidKeyIdException removedMeanwhile) {
                // gone since the listing: skip it
            }
        }
        return records;
    }

    @Override
    public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
        throw generatedByTheServer();
    }

    @Override
    public boolean containsKyberPreKey(int kyberPreKeyId) {
        return exists(KeyRows.KYBER_PREKEYS, kyberPreKeyId);
    }

    /**
     * A one-time Kyber prekey is deleted at its first use; a second use (a concurrent or replayed message) finds
     * it gone and is refused. The last-resort key stays, and each (key, signed prekey, base key) triple is
     * recorded: the same base key again is a replay and is refused.
     */
    @Override
    public void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
            throws ReusedBaseKeyException {
        custodyFirst();
        List<Boolean> lastResort = Rows.list(em.createNativeQuery("SELECT last_resort FROM signal_kyber_prekeys WHERE "
                        + "user_id = ? AND device_id = ? AND prekey_id = ? FOR UPDATE")
                .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, kyberPreKeyId), row -> row.bool(0));
        if (lastResort.isEmpty()) {
            throw new ReusedBaseKeyException("The one-time Kyber prekey was already used");
        }
        if (!lastResort.get(0)) {
            delete(KeyRows.KYBER_PREKEYS, kyberPreKeyId);
            return;
        }
        int recorded = em.createNativeQuery("INSERT INTO signal_kyber_prekey_uses (user_id, device_id, "
                        + "kyber_prekey_id, signed_prekey_id, base_key, used_at) VALUES (?, ?, ?, ?, ?, now()) "
                        + "ON CONFLICT DO NOTHING")
                .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, kyberPreKeyId)
                .setParameter(4, signedPreKeyId).setParameter(5, baseKey.serialize())
                .executeUpdate();
        if (recorded == 0) {
            throw new ReusedBaseKeyException("The base key was already used with the last-resort Kyber prekey");
        }
    }

    // ---- sessions

    /** Whether the session with {@code address} can encrypt (it has a sender chain); false if there is none. */
    public boolean hasSenderChain(SignalProtocolAddress address) {
        SessionRecord record = loadSession(address);
        peeked.put(address, record);
        return record.hasSenderChain();
    }

    @Override
    public SessionRecord loadSession(SignalProtocolAddress address) {
        SessionRecord unused = peeked.remove(address);
        if (unused != null) {
            return unused;
        }
        List<StoredSession> rows = sessionRows(address, false);
        if (rows.isEmpty()) {
            loadedVersions.put(address, 0L);
            return new SessionRecord();
        }
        StoredSession stored = rows.get(0);
        loadedVersions.put(address, stored.version());
        try {
            return new SessionRecord(secrets.open(userId, stored.sealedRecord(), sessionPlace(address)));
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("A stored session record does not parse", e);
        }
    }

    /** Loads the session with its row locked until the transaction ends: the pessimistic alternative. */
    public SessionRecord lockSession(SignalProtocolAddress address) {
        custodyFirst();
        peeked.remove(address);
        sessionRows(address, true);
        return loadSession(address);
    }

    @Override
    public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses) throws NoSessionException {
        List<SessionRecord> records = new ArrayList<>();
        for (SignalProtocolAddress address : addresses) {
            if (!containsSession(address)) {
                throw new NoSessionException("No session for " + address.getDeviceId());
            }
            records.add(loadSession(address));
        }
        return records;
    }

    @Override
    public List<Integer> getSubDeviceSessions(String name) {
        return Rows.list(em.createNativeQuery("SELECT remote_device_id FROM signal_sessions WHERE local_user_id = ? AND "
                        + "local_device_id = ? AND remote_user_id = ? AND remote_device_id <> 1 ORDER BY 1")
                .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, UUID.fromString(name)),
                row -> row.intValue(0));
    }

    @Override
    public void storeSession(SignalProtocolAddress address, SessionRecord record) {
        peeked.remove(address);
        Long loaded = loadedVersions.get(address);
        if (loaded == null) {
            throw new ConcurrentSessionUpdateException("A session is stored only after it was loaded by this store");
        }
        byte[] sealed = secrets.seal(userId, record.serialize(), sessionPlace(address));
        int written;
        if (loaded == 0L) {
            written = em.createNativeQuery("INSERT INTO signal_sessions (local_user_id, local_device_id, remote_user_id, "
                            + "remote_device_id, record_sealed, version, updated_at) VALUES (?, ?, ?, ?, ?, 1, now()) "
                            + "ON CONFLICT DO NOTHING")
                    .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, remoteUser(address))
                    .setParameter(4, remoteDevice(address)).setParameter(5, sealed)
                    .executeUpdate();
        } else {
            written = em.createNativeQuery("UPDATE signal_sessions SET record_sealed = ?, version = version + 1, "
                            + "updated_at = now() WHERE local_user_id = ? AND local_device_id = ? AND remote_user_id = ? "
                            + "AND remote_device_id = ? AND version = ?")
                    .setParameter(1, sealed).setParameter(2, userId).setParameter(3, deviceId)
                    .setParameter(4, remoteUser(address)).setParameter(5, remoteDevice(address))
                    .setParameter(6, loaded)
                    .executeUpdate();
        }
        if (written != 1) {
            loadedVersions.remove(address);
            throw new ConcurrentSessionUpdateException("The session was stored by another writer since it was loaded");
        }
        loadedVersions.put(address, loaded + 1);
    }

    @Override
    public boolean containsSession(SignalProtocolAddress address) {
        return !sessionRows(address, false).isEmpty();
    }

    @Override
    public void deleteSession(SignalProtocolAddress address) {
        em.createNativeQuery("DELETE FROM signal_sessions WHERE local_user_id = ? AND local_device_id = ? AND "
                        + "remote_user_id = ? AND remote_device_id = ?")
                .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, remoteUser(address))
                .setParameter(4, remoteDevice(address)).executeUpdate();
        loadedVersions.remove(address);
        peeked.remove(address);
    }

    @Override
    public void deleteAllSessions(String name) {
        em.createNativeQuery("DELETE FROM signal_sessions WHERE local_user_id = ? AND local_device_id = ? AND "
                        + "remote_user_id = ?")
                .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, UUID.fromString(name))
                .executeUpdate();
        loadedVersions.keySet().removeIf(address -> address.getName().equals(name));
        peeked.keySet().removeIf(address -> address.getName().equals(name));
    }

    // ---- sender keys: group messaging comes with a later issue

    @Override
    public void storeSenderKey(SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
        throw new UnsupportedOperationException("Sender keys are not supported yet");
    }

    @Override
    public SenderKeyRecord loadSenderKey(SignalProtocolAddress sender, UUID distributionId) {
        throw new UnsupportedOperationException("Sender keys are not supported yet");
    }

    // ---- helpers

    /**
     * Reads the user's custody (taking its key-share lock) before a row of theirs is locked for update: the order
     * a custody switch takes them in, so the two never wait for each other in a cycle. Every other row lock here
     * comes after a seal or an open, which read it already.
     */
    private void custodyFirst() {
        secrets.isLocked(userId);
    }

    /**
     * A hosted device's prekeys are generated by the server ({@link SignalKeys}, {@link Replenisher},
     * {@link PreKeyRotation}), which numbers them from the device's id counters: a key stored with an id chosen
     * elsewhere could take an id those will hand out again. libsignal itself never stores prekeys.
     */
    private static UnsupportedOperationException generatedByTheServer() {
        return new UnsupportedOperationException("Prekeys of hosted devices are generated by the server");
    }

    /** A session row as stored: the record sealed by the vault, and its version. */
    private record StoredSession(byte[] sealedRecord, long version) {
    }

    private List<StoredSession> sessionRows(SignalProtocolAddress address, boolean lock) {
        return Rows.list(em.createNativeQuery("SELECT record_sealed, version FROM signal_sessions WHERE local_user_id = ? "
                        + "AND local_device_id = ? AND remote_user_id = ? AND remote_device_id = ?"
                        + (lock ? " FOR UPDATE" : ""))
                .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, remoteUser(address))
                .setParameter(4, remoteDevice(address)), row -> new StoredSession(row.bytes(0), row.longValue(1)));
    }

    private SealContext sessionPlace(SignalProtocolAddress address) {
        return KeyRows.session(userId, deviceId, remoteUser(address), remoteDevice(address));
    }

    private byte[] openRecord(SealedColumn prekeys, int prekeyId) throws InvalidKeyIdException {
        Optional<byte[]> sealed = Rows.first(em.createNativeQuery("SELECT " + prekeys.column() + " FROM "
                        + prekeys.table() + " WHERE user_id = ? AND device_id = ? AND prekey_id = ?")
                .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, prekeyId), row -> row.bytes(0));
        if (sealed.isEmpty()) {
            throw new InvalidKeyIdException("No such prekey: " + prekeyId);
        }
        return secrets.open(userId, sealed.get(), KeyRows.prekey(prekeys, userId, deviceId, prekeyId));
    }

    private boolean exists(SealedColumn prekeys, int prekeyId) {
        return !em.createNativeQuery("SELECT 1 FROM " + prekeys.table() + " WHERE user_id = ? AND device_id = ? AND "
                        + "prekey_id = ?")
                .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, prekeyId).getResultList().isEmpty();
    }

    private int delete(SealedColumn prekeys, int prekeyId) {
        return em.createNativeQuery("DELETE FROM " + prekeys.table() + " WHERE user_id = ? AND device_id = ? AND "
                        + "prekey_id = ?")
                .setParameter(1, userId).setParameter(2, deviceId).setParameter(3, prekeyId).executeUpdate();
    }

    private List<Integer> ids(SealedColumn prekeys) {
        return Rows.list(em.createNativeQuery("SELECT prekey_id FROM " + prekeys.table() + " WHERE user_id = ? AND "
                        + "device_id = ? ORDER BY prekey_id")
                .setParameter(1, userId).setParameter(2, deviceId), row -> row.intValue(0));
    }

    private static SignedPreKeyRecord signed(byte[] bytes) {
        try {
            return new SignedPreKeyRecord(bytes);
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("A stored signed prekey record does not parse", e);
        }
    }

    private static KyberPreKeyRecord kyber(byte[] bytes) {
        try {
            return new KyberPreKeyRecord(bytes);
        } catch (InvalidMessageException e) {
            throw new IllegalStateException("A stored Kyber prekey record does not parse", e);
        }
    }

    private static UUID remoteUser(SignalProtocolAddress address) {
        return UUID.fromString(address.getName());
    }

    /** The remote device id as its column holds it (checked by {@link DeviceAddress}). */
    private static short remoteDevice(SignalProtocolAddress address) {
        return new DeviceAddress(remoteUser(address), address.getDeviceId()).column();
    }
}
