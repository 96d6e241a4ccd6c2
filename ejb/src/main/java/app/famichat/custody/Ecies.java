package app.famichat.custody;

import app.famichat.vault.GcmCiphers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPrivateKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * A small secret sealed to an X25519 public key (ECIES), for family recovery's shares (docs/security.md, "Family
 * recovery"): a fresh ephemeral key pair, the X25519 agreement of its private key with the recipient's public key,
 * HKDF-SHA256 of that (salt: the ephemeral and the recipient's public keys; info: the {@link Purpose}) gives a key
 * used once, for AES-256-GCM with associated data that names the value's place ({@link #bound}). Only the holder of
 * the recipient's private key opens it. Stored form, version 1:
 * <pre>
 * version (1 byte, = 1) | ephemeral public key (33 bytes, libsignal's form) | nonce (12) | ciphertext + tag (16)
 * </pre>
 */
public final class Ecies {

    /** What a sealed value is for: the HKDF info, so a value sealed for one purpose never opens as another. */
    public enum Purpose {
        /** A guardian's Shamir share, sealed to the guardian's identity key at setup. */
        GUARDIAN_SHARE("famichat guardian share v1"),
        /** A share a guardian released, sealed to a recovery request's key. */
        RELEASED_SHARE("famichat released share v1");

        private final byte[] info;

        Purpose(String info) {
            this.info = info.getBytes(StandardCharsets.US_ASCII);
        }
    }

    static final byte VERSION = 1;
    private static final int PUBLIC_KEY_BYTES = 33;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BYTES = 16;
    private static final int HEADER_BYTES = 1 + PUBLIC_KEY_BYTES + NONCE_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ecies() {
    }

    /** {@code plaintext} sealed to {@code recipient} for {@code purpose}, bound to {@code associatedData}. */
    public static byte[] seal(ECPublicKey recipient, Purpose purpose, byte[] associatedData, byte[] plaintext) {
        ECKeyPair ephemeral = ECKeyPair.generate();
        byte[] ephemeralPublic = ephemeral.getPublicKey().serialize();
        byte[] key = key(ephemeral.getPrivateKey().calculateAgreement(recipient), ephemeralPublic, recipient,
                purpose);
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] body = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData).doFinal(plaintext);
            byte[] sealed = new byte[HEADER_BYTES + body.length];
            sealed[0] = VERSION;
            System.arraycopy(ephemeralPublic, 0, sealed, 1, PUBLIC_KEY_BYTES);
            System.arraycopy(nonce, 0, sealed, 1 + PUBLIC_KEY_BYTES, NONCE_BYTES);
            System.arraycopy(body, 0, sealed, HEADER_BYTES, body.length);
            return sealed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The plaintext, if {@code sealed} was sealed to {@code recipient}'s public key for this purpose and associated
     * data; empty for another key, purpose or place, an altered value or one that is not of this format.
     */
    public static Optional<byte[]> open(ECPrivateKey recipient, Purpose purpose, byte[] associatedData,
                                        byte[] sealed) {
        if (sealed == null || sealed.length < HEADER_BYTES + TAG_BYTES || sealed[0] != VERSION) {
            return Optional.empty();
        }
        ECPublicKey ephemeral;
        try {
            ephemeral = new ECPublicKey(Arrays.copyOfRange(sealed, 1, 1 + PUBLIC_KEY_BYTES));
        } catch (InvalidKeyException e) {
            return Optional.empty();
        }
        byte[] key = key(recipient.calculateAgreement(ephemeral), ephemeral.serialize(), recipient.publicKey(),
                purpose);
        byte[] nonce = Arrays.copyOfRange(sealed, 1 + PUBLIC_KEY_BYTES, HEADER_BYTES);
        try {
            return Optional.of(cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData)
                    .doFinal(sealed, HEADER_BYTES, sealed.length - HEADER_BYTES));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * The associated data naming a value's place, e.g. (owner, guardian, share index, setup): each part as text,
     * length-prefixed, so that ("ab", "c") and ("a", "bc") never bind alike.
     */
    public static byte[] bound(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] bytes = String.valueOf(part).getBytes(StandardCharsets.UTF_8);
            out.write(bytes.length >>> 24);
            out.write(bytes.length >>> 16);
            out.write(bytes.length >>> 8);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] key(byte[] agreement, byte[] ephemeralPublic, ECPublicKey recipient, Purpose purpose) {
        byte[] recipientPublic = recipient.serialize();
        byte[] salt = Arrays.copyOf(ephemeralPublic, ephemeralPublic.length + recipientPublic.length);
        System.arraycopy(recipientPublic, 0, salt, ephemeralPublic.length, recipientPublic.length);
        try {
            return Hkdf.sha256(agreement, salt, purpose.info);
        } finally {
            Arrays.fill(agreement, (byte) 0);
        }
    }

    private static Cipher cipher(int mode, byte[] key, byte[] nonce, byte[] associatedData)
            throws GeneralSecurityException {
        Cipher cipher = GcmCiphers.forThisThread();
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BYTES * 8, nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }
}
