package app.famichat.vault;

import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * One AES-256 master key and the id that every ciphertext sealed by it carries. Keys are written
 * {@code id:base64}, in {@code famichat.vault.keys} or one per line in the key file.
 */
record MasterKey(String id, SecretKey key) {

    static final int KEY_BYTES = 32;
    static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /**
     * @param where names the entry in error messages ("entry 2 of famichat.vault.keys"): the entry itself is
     *              never repeated, since it holds the key
     */
    static MasterKey parse(String entry, String where) {
        int colon = entry.indexOf(':');
        if (colon < 0) {
            throw configuration(where + " is not of the form id:base64-key");
        }
        String id = entry.substring(0, colon).trim();
        if (!ID.matcher(id).matches()) {
            throw configuration(where + ": a key id is 1-32 characters of A-Z a-z 0-9 _ -");
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(entry.substring(colon + 1).trim());
        } catch (IllegalArgumentException e) {
            throw configuration(where + " (key '" + id + "') is not valid base64");
        }
        if (key.length != KEY_BYTES) {
            throw configuration(where + " (key '" + id + "') must be " + KEY_BYTES + " bytes (AES-256), not "
                    + key.length);
        }
        return new MasterKey(id, new SecretKeySpec(key, "AES"));
    }

    static VaultException configuration(String message) {
        return new VaultException(VaultException.Reason.CONFIGURATION, null, "Key vault: " + message);
    }

    @Override
    public String toString() {
        return "MasterKey[" + id + "]";
    }
}
