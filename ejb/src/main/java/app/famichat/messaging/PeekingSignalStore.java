package app.famichat.messaging;

import app.famichat.keys.HostedSignalStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.signal.libsignal.protocol.IdentityKey;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyIdException;
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
 * A {@link HostedSignalStore} that lets the pipeline look at a session before libsignal uses it without reading
 * it twice: the record read by {@link #hasSenderChain} (a row read plus a vault open of a record of several KB) is
 * the one the next {@link #loadSession} of that address returns. That record was not changed by anyone: the
 * caller holds the session's {@link PairLocks} lock, and nothing is stored or deleted in between (either would
 * drop it). libsignal still gets a record of its own, as {@code SessionStore} asks: the peeked one is handed out
 * once. Everything else goes straight to the hosted store.
 */
final class PeekingSignalStore implements SignalProtocolStore {

    private final HostedSignalStore store;
    private final Map<SignalProtocolAddress, SessionRecord> peeked = new HashMap<>();

    PeekingSignalStore(HostedSignalStore store) {
        this.store = store;
    }

    /** Whether the session with {@code address} can encrypt (it has a sender chain); false if there is none. */
    boolean hasSenderChain(SignalProtocolAddress address) {
        SessionRecord record = store.loadSession(address);
        peeked.put(address, record);
        return record.hasSenderChain();
    }

    @Override
    public SessionRecord loadSession(SignalProtocolAddress address) {
        SessionRecord record = peeked.remove(address);
        return record != null ? record : store.loadSession(address);
    }

    @Override
    public List<SessionRecord> loadExistingSessions(List<SignalProtocolAddress> addresses) throws NoSessionException {
        addresses.forEach(peeked::remove);
        return store.loadExistingSessions(addresses);
    }

    @Override
    public void storeSession(SignalProtocolAddress address, SessionRecord record) {
        peeked.remove(address);
        store.storeSession(address, record);
    }

    @Override
    public void deleteSession(SignalProtocolAddress address) {
        peeked.remove(address);
        store.deleteSession(address);
    }

    @Override
    public void deleteAllSessions(String name) {
        peeked.keySet().removeIf(address -> address.getName().equals(name));
        store.deleteAllSessions(name);
    }

    @Override
    public boolean containsSession(SignalProtocolAddress address) {
        return store.containsSession(address);
    }

    @Override
    public List<Integer> getSubDeviceSessions(String name) {
        return store.getSubDeviceSessions(name);
    }

    // ---- everything else: the hosted store's

    @Override
    public IdentityKeyPair getIdentityKeyPair() {
        return store.getIdentityKeyPair();
    }

    @Override
    public int getLocalRegistrationId() {
        return store.getLocalRegistrationId();
    }

    @Override
    public IdentityChange saveIdentity(SignalProtocolAddress address, IdentityKey identityKey) {
        return store.saveIdentity(address, identityKey);
    }

    @Override
    public boolean isTrustedIdentity(SignalProtocolAddress address, IdentityKey identityKey, Direction direction) {
        return store.isTrustedIdentity(address, identityKey, direction);
    }

    @Override
    public IdentityKey getIdentity(SignalProtocolAddress address) {
        return store.getIdentity(address);
    }

    @Override
    public PreKeyRecord loadPreKey(int preKeyId) throws InvalidKeyIdException {
        return store.loadPreKey(preKeyId);
    }

    @Override
    public void storePreKey(int preKeyId, PreKeyRecord record) {
        store.storePreKey(preKeyId, record);
    }

    @Override
    public boolean containsPreKey(int preKeyId) {
        return store.containsPreKey(preKeyId);
    }

    @Override
    public void removePreKey(int preKeyId) {
        store.removePreKey(preKeyId);
    }

    @Override
    public SignedPreKeyRecord loadSignedPreKey(int signedPreKeyId) throws InvalidKeyIdException {
        return store.loadSignedPreKey(signedPreKeyId);
    }

    @Override
    public List<SignedPreKeyRecord> loadSignedPreKeys() {
        return store.loadSignedPreKeys();
    }

    @Override
    public void storeSignedPreKey(int signedPreKeyId, SignedPreKeyRecord record) {
        store.storeSignedPreKey(signedPreKeyId, record);
    }

    @Override
    public boolean containsSignedPreKey(int signedPreKeyId) {
        return store.containsSignedPreKey(signedPreKeyId);
    }

    @Override
    public void removeSignedPreKey(int signedPreKeyId) {
        store.removeSignedPreKey(signedPreKeyId);
    }

    @Override
    public KyberPreKeyRecord loadKyberPreKey(int kyberPreKeyId) throws InvalidKeyIdException {
        return store.loadKyberPreKey(kyberPreKeyId);
    }

    @Override
    public List<KyberPreKeyRecord> loadKyberPreKeys() {
        return store.loadKyberPreKeys();
    }

    @Override
    public void storeKyberPreKey(int kyberPreKeyId, KyberPreKeyRecord record) {
        store.storeKyberPreKey(kyberPreKeyId, record);
    }

    @Override
    public boolean containsKyberPreKey(int kyberPreKeyId) {
        return store.containsKyberPreKey(kyberPreKeyId);
    }

    @Override
    public void markKyberPreKeyUsed(int kyberPreKeyId, int signedPreKeyId, ECPublicKey baseKey)
            throws ReusedBaseKeyException {
        store.markKyberPreKeyUsed(kyberPreKeyId, signedPreKeyId, baseKey);
    }

    @Override
    public void storeSenderKey(SignalProtocolAddress sender, UUID distributionId, SenderKeyRecord record) {
        store.storeSenderKey(sender, distributionId, record);
    }

    @Override
    public SenderKeyRecord loadSenderKey(SignalProtocolAddress sender, UUID distributionId) {
        return store.loadSenderKey(sender, distributionId);
    }
}
