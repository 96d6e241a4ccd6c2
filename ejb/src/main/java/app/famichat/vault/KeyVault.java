package app.famichat.vault;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The one way anything secret is written to disk: AES-256-GCM under a master key that lives outside the
 * database, a fresh random 96-bit nonce per seal, and the value's place ({@link SealContext}) authenticated with
 * it. Every ciphertext names the master key that sealed it (see {@link Sealed}), so keys can be rotated: new seals
 * use the active key, and the others still open what they sealed.
 *
 * <p>The master keys come from {@link VaultSettings}: without a valid key the application does not deploy.
 */
@ApplicationScoped
public class KeyVault {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    VaultSettings settings;

    @Inject
    VaultMetrics metrics;

    private MasterKeys keys;

    public KeyVault() {
    }

    /** For unit tests and benchmarks, outside CDI. */
    KeyVault(MasterKeys keys) {
        this(keys, new VaultMetrics());
    }

    KeyVault(MasterKeys keys, VaultMetrics metrics) {
        this.keys = keys;
        this.metrics = metrics;
    }

    @PostConstruct
    void loadKeys() {
        keys = settings.masterKeys();
    }

    public byte[] seal(byte[] plaintext, SealContext where) {
        MasterKey key = keys.active();
        byte[] nonce = new byte[Sealed.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] header = Sealed.header(key.id());
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, key, nonce, header, where);
            byte[] stored = new Sealed(header, key.id(), nonce, cipher.doFinal(plaintext)).toBytes();
            metrics.sealed();
            return stored;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    public byte[] open(byte[] ciphertext, SealContext where) {
        try {
            byte[] plaintext = openCounted(ciphertext, where);
            metrics.opened();
            return plaintext;
        } catch (VaultException e) {
            metrics.refused(e.reason());
            throw e;
        }
    }

    private byte[] openCounted(byte[] ciphertext, SealContext where) {
        Sealed sealed = Sealed.parse(ciphertext);
        MasterKey key = keys.find(sealed.keyId()).orElseThrow(() -> new VaultException(
                VaultException.Reason.UNKNOWN_KEY, sealed.keyId(), "Key vault: the ciphertext for " + where.place()
                + " was sealed by the master key '" + sealed.keyId() + "', which is not configured"));
        try {
            return cipher(Cipher.DECRYPT_MODE, key, sealed.nonce(), sealed.header(), where).doFinal(sealed.body());
        } catch (AEADBadTagException e) {
            // GCM cannot tell a tampered ciphertext from one sealed for another place: both fail the tag.
            throw new VaultException(VaultException.Reason.NOT_AUTHENTIC, key.id(), "Key vault: the ciphertext "
                    + "for " + where.place() + " (key '" + key.id() + "') does not authenticate: it was altered, or "
                    + "sealed for another table, column or row");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** Opens a ciphertext with whichever configured key sealed it and seals it again with the active key. */
    public byte[] reseal(byte[] ciphertext, SealContext where) {
        return seal(open(ciphertext, where), where);
    }

    /**
     * A vault outside CDI, for tests, benchmarks and tools: {@code keys} in the form of {@code famichat.vault.keys}
     * (comma-separated {@code id:base64} entries), {@code activeKeyId} null when there is one key.
     */
    public static KeyVault withKeys(String keys, String activeKeyId) {
        return new KeyVault(MasterKeys.load(Optional.of(keys), Optional.empty(), Optional.ofNullable(activeKeyId)));
    }

    /**
     * A 256-bit key for one purpose (e.g. keying the rate-limit counters), derived from the active master key with
     * HKDF-SHA256 (RFC 5869; the purpose is the "info"): other purposes, and anyone without the master key, learn
     * nothing from it. It changes when another master key becomes active.
     */
    public SecretKey derivedKey(String purpose) {
        try {
            Mac extract = Mac.getInstance("HmacSHA256");
            extract.init(new SecretKeySpec(new byte[32], "HmacSHA256")); // RFC 5869: no salt is a zero salt
            byte[] pseudoRandomKey = extract.doFinal(keys.active().key().getEncoded());
            Mac expand = Mac.getInstance("HmacSHA256");
            expand.init(new SecretKeySpec(pseudoRandomKey, "HmacSHA256"));
            expand.update(("famichat " + purpose).getBytes(StandardCharsets.UTF_8));
            expand.update((byte) 1); // one block of output: T(1), 32 bytes
            return new SecretKeySpec(expand.doFinal(), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    public String activeKeyId() {
        return keys.active().id();
    }

    /**
     * Whether new seals would use the same key. Reads the header only (no authentication, no key needed): it is
     * for the re-seal job to find what to move, not a proof that the ciphertext opens. A malformed header is
     * refused as {@link #open} refuses it.
     */
    public boolean isSealedWithActiveKey(byte[] ciphertext) {
        return Sealed.parse(ciphertext).keyId().equals(keys.active().id());
    }

    private static Cipher cipher(int mode, MasterKey key, byte[] nonce, byte[] header, SealContext where)
            throws GeneralSecurityException {
        Cipher cipher = GcmCiphers.forThisThread();
        cipher.init(mode, key.key(), new GCMParameterSpec(Sealed.TAG_BYTES * 8, nonce));
        cipher.updateAAD(header);
        cipher.updateAAD(where.associatedData());
        return cipher;
    }
}
