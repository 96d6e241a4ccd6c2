package app.famichat.vault;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM under one user's data key, stored form version 1:
 * <pre>
 * version (1 byte, = 1) | nonce (12 bytes) | ciphertext + GCM tag (16 bytes)
 * </pre>
 * The associated data is its own context, distinct from the vault's: a domain label, the version byte, the user
 * and the value's place, so data sealed for one user or row does not open as another's. The same format, under
 * its own domain label, is the locked keyring's layer ({@link Keyring}).
 */
final class StorageCipher {

    static final byte VERSION = 1;
    static final int KEY_BYTES = 32;
    private static final byte[] DOMAIN = "famichat-user-storage".getBytes(StandardCharsets.US_ASCII);
    static final byte[] KEYRING_DOMAIN = "famichat-keyring".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private StorageCipher() {
    }

    static byte[] newDataKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    static byte[] seal(byte[] dataKey, UUID userId, SealContext where, byte[] plaintext) {
        return seal(DOMAIN, dataKey, userId, where, plaintext);
    }

    static byte[] open(byte[] dataKey, UUID userId, SealContext where, byte[] stored) {
        return open(DOMAIN, dataKey, userId, where, stored);
    }

    static byte[] seal(byte[] domain, byte[] dataKey, UUID userId, SealContext where, byte[] plaintext) {
        byte[] nonce = new byte[Sealed.NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] body = cipher(domain, Cipher.ENCRYPT_MODE, dataKey, nonce, userId, where).doFinal(plaintext);
            byte[] stored = new byte[1 + nonce.length + body.length];
            stored[0] = VERSION;
            System.arraycopy(nonce, 0, stored, 1, nonce.length);
            System.arraycopy(body, 0, stored, 1 + nonce.length, body.length);
            return stored;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    static byte[] open(byte[] domain, byte[] dataKey, UUID userId, SealContext where, byte[] stored) {
        if (stored == null || stored.length < 1 + Sealed.NONCE_BYTES + Sealed.TAG_BYTES) {
            throw new VaultException(VaultException.Reason.MALFORMED, null,
                    label(domain) + ": malformed ciphertext for " + where.place());
        }
        if (stored[0] != VERSION) {
            throw new VaultException(VaultException.Reason.UNKNOWN_VERSION, null,
                    label(domain) + ": unknown ciphertext format version " + (stored[0] & 0xff));
        }
        byte[] nonce = Arrays.copyOfRange(stored, 1, 1 + Sealed.NONCE_BYTES);
        try {
            return cipher(domain, Cipher.DECRYPT_MODE, dataKey, nonce, userId, where)
                    .doFinal(stored, 1 + Sealed.NONCE_BYTES, stored.length - 1 - Sealed.NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new VaultException(VaultException.Reason.NOT_AUTHENTIC, null, label(domain)
                    + ": the ciphertext for " + where.place()
                    + " does not authenticate: altered, or sealed for another user or place");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        }
    }

    /** For error messages: which layer refused. */
    private static String label(byte[] domain) {
        return domain == DOMAIN ? "Storage key" : "Keyring";
    }

    private static Cipher cipher(byte[] domain, int mode, byte[] dataKey, byte[] nonce, UUID userId, SealContext where)
            throws GeneralSecurityException {
        Cipher cipher = GcmCiphers.forThisThread();
        cipher.init(mode, new SecretKeySpec(dataKey, "AES"), new GCMParameterSpec(Sealed.TAG_BYTES * 8, nonce));
        ByteArrayOutputStream aad = new ByteArrayOutputStream();
        aad.writeBytes(domain);
        aad.write(VERSION);
        aad.writeBytes(userId.toString().getBytes(StandardCharsets.US_ASCII));
        aad.writeBytes(where.associatedData());
        cipher.updateAAD(aad.toByteArray());
        return cipher;
    }
}
