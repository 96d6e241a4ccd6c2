package app.famichat.keys;

import app.famichat.vault.SealContext;
import app.famichat.vault.SealedColumn;
import java.util.List;
import java.util.UUID;

/**
 * Where each sealed Signal secret lives: table, column and row id, bound into the ciphertext by the vault. The
 * same definitions register the columns with the re-seal job ({@link app.famichat.reseal.SealedColumns}), so a
 * secret is always re-sealed with the context it was sealed with.
 */
public final class KeyRows {

    static final SealedColumn IDENTITY = SealedColumn.of("signal_identity_keys", "private_key_sealed", "user_id");
    static final SealedColumn SIGNED_PREKEYS = prekeys("signal_signed_prekeys");
    static final SealedColumn KYBER_PREKEYS = prekeys("signal_kyber_prekeys");
    static final SealedColumn PREKEYS = prekeys("signal_prekeys");
    static final SealedColumn SESSIONS = SealedColumn.of("signal_sessions", "record_sealed",
            "local_user_id", "local_device_id", "remote_user_id", "remote_device_id");

    /** Every column holding sealed Signal secrets. */
    public static final List<SealedColumn> ALL = List.of(IDENTITY, SIGNED_PREKEYS, KYBER_PREKEYS, PREKEYS, SESSIONS);

    private KeyRows() {
    }

    static SealContext identity(UUID userId) {
        return IDENTITY.place(userId);
    }

    /** A row of one of the per-device prekey tables: signed, Kyber, one-time EC. */
    static SealContext prekey(SealedColumn table, UUID userId, int deviceId, int prekeyId) {
        return table.place(userId, deviceId, prekeyId);
    }

    static SealContext session(UUID localUser, int localDevice, UUID remoteUser, int remoteDevice) {
        return SESSIONS.place(localUser, localDevice, remoteUser, remoteDevice);
    }

    private static SealedColumn prekeys(String table) {
        return SealedColumn.of(table, "record_sealed", "user_id", "device_id", "prekey_id");
    }
}
