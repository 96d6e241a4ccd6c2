package app.famichat.keys;

import app.famichat.vault.SealContext;
import java.util.UUID;

/** Where each sealed Signal secret lives: table, column and row id, bound into the ciphertext by the vault. */
final class KeyRows {

    static final String IDENTITY = "signal_identity_keys";
    static final String SIGNED_PREKEYS = "signal_signed_prekeys";
    static final String KYBER_PREKEYS = "signal_kyber_prekeys";
    static final String PREKEYS = "signal_prekeys";
    static final String SESSIONS = "signal_sessions";

    private KeyRows() {
    }

    static SealContext identity(UUID userId) {
        return new SealContext(IDENTITY, "private_key_sealed", userId.toString());
    }

    /** A prekey row of one of the per-device tables (signed, Kyber, one-time EC). */
    static SealContext prekey(String table, UUID userId, int deviceId, int prekeyId) {
        return new SealContext(table, "record_sealed", userId + "/" + deviceId + "/" + prekeyId);
    }

    static SealContext session(UUID localUser, int localDevice, UUID remoteUser, int remoteDevice) {
        return new SealContext(SESSIONS, "record_sealed",
                localUser + "/" + localDevice + "/" + remoteUser + "/" + remoteDevice);
    }
}
