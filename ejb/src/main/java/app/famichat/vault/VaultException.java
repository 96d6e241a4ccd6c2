package app.famichat.vault;

import jakarta.ejb.ApplicationException;

/**
 * The vault refused: a ciphertext that does not open, or a key configuration it cannot start with. The message
 * names the reason and the key id, never key material, plaintext or the row id. Reaches an EJB's caller as it is
 * (not wrapped) and rolls the transaction back.
 */
@ApplicationException(rollback = true)
public class VaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** The key configuration is missing or invalid: the server must not start. */
        CONFIGURATION,
        /** Shorter than its header says, or a header that cannot be parsed. */
        MALFORMED,
        /** A format version this build does not know. */
        UNKNOWN_VERSION,
        /** Sealed by a master key that is not configured (retired too early, or the wrong key file). */
        UNKNOWN_KEY,
        /** The GCM tag does not verify: tampered, or sealed for another place. */
        NOT_AUTHENTIC
    }

    private final Reason reason;
    private final String keyId;

    VaultException(Reason reason, String keyId, String message) {
        super(message);
        this.reason = reason;
        this.keyId = keyId;
    }

    public Reason reason() {
        return reason;
    }

    /** The master key id involved, or null when there is none (or it could not be read). */
    public String keyId() {
        return keyId;
    }
}
