package app.famichat.bench.floor;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.SessionBuilder;
import org.signal.libsignal.protocol.SessionCipher;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;
import org.signal.libsignal.protocol.message.CiphertextMessage;
import org.signal.libsignal.protocol.message.PreKeySignalMessage;
import org.signal.libsignal.protocol.message.SignalMessage;
import org.signal.libsignal.protocol.state.KyberPreKeyRecord;
import org.signal.libsignal.protocol.state.PreKeyBundle;
import org.signal.libsignal.protocol.state.PreKeyRecord;
import org.signal.libsignal.protocol.state.SessionRecord;
import org.signal.libsignal.protocol.state.SignedPreKeyRecord;
import org.signal.libsignal.protocol.state.impl.InMemorySignalProtocolStore;

/**
 * The floor's "signal" mode (docs/benchmarks.md, "The design's floor"): the work per delivery that the design's
 * rules demand whatever is optimised, on top of the platform's floor. Every envelope is a Signal message (the
 * sender's session encrypts it), the hosted recipient's session decrypts it, and both session records are kept at
 * rest sealed with AES-256-GCM (no plaintext at rest), read and written once per step under a row lock (one
 * writer per session, crash-safe). The fan-out payload that crosses the broker's journal is sealed the same way.
 *
 * <p>What it leaves out, so that it stays a lower bound: identities and registration ids are held in memory (Famichat
 * reads the remote identity per delivery), one key for all sealing (the vault derives keys per purpose), no
 * custody check, no history copy, no take: the recipient's decryption happens in the encryption's transaction,
 * the cheapest arrangement there is (one transaction, no second hop), which Famichat does not do.
 */
@ApplicationScoped
public class FloorSignal {

    private static final int DEVICE_ID = 1;
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A device's identity: in memory, see the class comment. */
    private record Identity(IdentityKeyPair pair, int registrationId) {
    }

    /** An ordered pair's session record, sealed, as {@link #setUp} makes it and {@code floor_sessions} keeps it. */
    public record SealedSession(String owner, String peer, byte[] state) {
    }

    /** A session step's result: the session record, sealed again, and what the step produced. */
    public record Step(byte[] sealedSession, byte[] output) {
    }

    private final Map<String, Identity> identities = new ConcurrentHashMap<>();
    private final SecretKey key;
    private volatile boolean enabled;

    public FloorSignal() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            key = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Makes every device of each family ({@code F-M}) an identity and every pair of a family a session, both sides
     * ratcheted once (a PQXDH bundle claimed, a message each way), as Famichat's sessions are after a first
     * exchange. Returns each ordered pair's sealed session record; {@link #enable} once they are stored.
     */
    public List<SealedSession> setUp(int families, int members) {
        List<SealedSession> sessions = new ArrayList<>();
        try {
            for (int family = 0; family < families; family++) {
                Map<String, InMemorySignalProtocolStore> stores = new LinkedHashMap<>();
                for (int member = 0; member < members; member++) {
                    String device = family + "-" + member;
                    Identity identity = new Identity(IdentityKeyPair.generate(), 1 + RANDOM.nextInt(16380));
                    identities.put(device, identity);
                    stores.put(device, new InMemorySignalProtocolStore(identity.pair, identity.registrationId));
                }
                List<String> devices = new ArrayList<>(stores.keySet());
                byte[] hello = new byte[8];
                for (int i = 0; i < devices.size(); i++) {
                    for (int j = i + 1; j < devices.size(); j++) {
                        String a = devices.get(i);
                        String b = devices.get(j);
                        new SessionBuilder(stores.get(a), address(b)).process(claim(stores.get(b), b, j + 1));
                        decrypt(stores.get(b), a, encrypt(stores.get(a), b, hello));
                        decrypt(stores.get(a), b, encrypt(stores.get(b), a, hello));
                    }
                }
                for (String owner : devices) {
                    for (String peer : devices) {
                        if (!owner.equals(peer)) {
                            sessions.add(new SealedSession(owner, peer,
                                    seal(stores.get(owner).loadSession(address(peer)).serialize(), owner + ">" + peer)));
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not set the sessions up", e);
        }
        return sessions;
    }

    /** Turns the signal mode on, once the sessions of {@link #setUp} are stored. */
    public void enable() {
        enabled = true;
    }

    /** The sender's step: its session to {@code peer} encrypts {@code content}. */
    public Step encrypt(String owner, String peer, byte[] sealedSession, byte[] content) {
        return step(owner, peer, sealedSession, store -> encrypt(store, peer, content));
    }

    /** The recipient's step: its session to {@code peer} decrypts what {@code peer} encrypted. */
    public Step decrypt(String owner, String peer, byte[] sealedSession, byte[] ciphertext) {
        return step(owner, peer, sealedSession, store -> decrypt(store, peer, ciphertext));
    }

    private interface SessionWork {
        byte[] apply(InMemorySignalProtocolStore store) throws Exception;
    }

    /**
     * Unseals the session record, runs one step on a store of its own (libsignal's stores and ciphers are not
     * thread-safe: nothing is shared between deliveries), seals the stepped record.
     */
    private Step step(String owner, String peer, byte[] sealedSession, SessionWork work) {
        Identity identity = identities.get(owner);
        String aad = owner + ">" + peer;
        try {
            InMemorySignalProtocolStore store = new InMemorySignalProtocolStore(identity.pair, identity.registrationId);
            store.storeSession(address(peer), new SessionRecord(unseal(sealedSession, aad)));
            byte[] output = work.apply(store);
            return new Step(seal(store.loadSession(address(peer)).serialize(), aad), output);
        } catch (Exception e) {
            throw new IllegalStateException("A session step failed", e);
        }
    }

    private static byte[] encrypt(InMemorySignalProtocolStore store, String peer, byte[] content) throws Exception {
        CiphertextMessage message = new SessionCipher(store, address(peer)).encrypt(content);
        byte[] serialized = message.serialize();
        byte[] typed = new byte[serialized.length + 1];
        typed[0] = (byte) message.getType();
        System.arraycopy(serialized, 0, typed, 1, serialized.length);
        return typed;
    }

    private static byte[] decrypt(InMemorySignalProtocolStore store, String peer, byte[] typed) throws Exception {
        byte[] serialized = new byte[typed.length - 1];
        System.arraycopy(typed, 1, serialized, 0, serialized.length);
        SessionCipher cipher = new SessionCipher(store, address(peer));
        return typed[0] == CiphertextMessage.PREKEY_TYPE ? cipher.decrypt(new PreKeySignalMessage(serialized))
                : cipher.decrypt(new SignalMessage(serialized));
    }

    /** What a bundle claim hands out: one-time EC and Kyber-1024 prekeys and the signed EC prekey. */
    private static PreKeyBundle claim(InMemorySignalProtocolStore store, String device, int id)
            throws InvalidKeyException {
        IdentityKeyPair identity = store.getIdentityKeyPair();
        ECKeyPair signed = ECKeyPair.generate();
        byte[] signedSignature = identity.getPrivateKey().calculateSignature(signed.getPublicKey().serialize());
        store.storeSignedPreKey(id, new SignedPreKeyRecord(id, System.currentTimeMillis(), signed, signedSignature));
        ECKeyPair oneTime = ECKeyPair.generate();
        store.storePreKey(id, new PreKeyRecord(id, oneTime));
        KEMKeyPair kyber = KEMKeyPair.generate(KEMKeyType.KYBER_1024);
        byte[] kyberSignature = identity.getPrivateKey().calculateSignature(kyber.getPublicKey().serialize());
        store.storeKyberPreKey(id, new KyberPreKeyRecord(id, System.currentTimeMillis(), kyber, kyberSignature));
        return new PreKeyBundle(store.getLocalRegistrationId(), DEVICE_ID, id, oneTime.getPublicKey(), id,
                signed.getPublicKey(), signedSignature, identity.getPublicKey(), id, kyber.getPublicKey(),
                kyberSignature);
    }

    private static SignalProtocolAddress address(String device) {
        return new SignalProtocolAddress(device, DEVICE_ID);
    }

    /** AES-256-GCM with a random IV in front; {@code aad} binds the sealed bytes to what they belong to. */
    public byte[] seal(byte[] plain, String aad) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] unseal(byte[] sealed, String aad) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, IV_BYTES));
            cipher.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
