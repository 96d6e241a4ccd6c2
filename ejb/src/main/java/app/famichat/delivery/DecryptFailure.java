package app.famichat.delivery;

import java.util.Locale;

/** Why an envelope did not decrypt; the label of {@code famichat_decrypt_failures_total}. */
enum DecryptFailure {
    /** A message key already used: a replayed or redelivered envelope. Dropped. */
    DUPLICATE,
    /** Authentication failed or the bytes do not parse: tampered or corrupt. A security event. */
    TAMPERED,
    /** The recipient has no session (or lacks the prekey it names): re-established and re-sent. */
    NO_SESSION,
    /** The sender's identity key is not the one on record. A security event. */
    UNTRUSTED_IDENTITY;

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
