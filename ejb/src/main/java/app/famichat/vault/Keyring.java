package app.famichat.vault;

import java.util.UUID;

/**
 * The locked keyring's cipher (issue 14, docs/security.md "Locked custody"): a locked user's random 256-bit
 * keyring key K encrypts each of their secrets before the vault seals it, and K itself is kept only wrapped, under
 * a key derived from the password or under the secret of a live bearer token. AES-256-GCM in
 * {@link StorageCipher}'s format under the domain label {@code famichat-keyring}; the associated data names the
 * user and the value's place, so a value (or a wrapped K) copied to another user, row or column does not open.
 */
public final class Keyring {

    /** Bytes of K and of every key that wraps it. */
    public static final int KEY_BYTES = StorageCipher.KEY_BYTES;

    private Keyring() {
    }

    /** A new random 256-bit key. */
    public static byte[] newKey() {
        return StorageCipher.newDataKey();
    }

    /** Encrypts {@code plaintext} of {@code userId} under {@code key}, bound to {@code where}. */
    public static byte[] seal(byte[] key, UUID userId, SealContext where, byte[] plaintext) {
        return StorageCipher.seal(StorageCipher.KEYRING_DOMAIN, key, userId, where, plaintext);
    }

    /**
     * The plaintext, if {@code stored} was sealed under {@code key} for this user and place.
     *
     * @throws VaultException NOT_AUTHENTIC for another key (a wrong password), user or place, or an altered value
     */
    public static byte[] open(byte[] key, UUID userId, SealContext where, byte[] stored) {
        return StorageCipher.open(StorageCipher.KEYRING_DOMAIN, key, userId, where, stored);
    }
}
