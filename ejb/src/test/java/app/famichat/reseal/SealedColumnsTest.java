package app.famichat.reseal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.vault.SealedColumn;
import java.util.List;
import org.junit.jupiter.api.Test;

class SealedColumnsTest {

    @Test
    void everySealedColumnIsRegisteredOnce() {
        assertEquals(List.of("user_storage_keys.key", "signal_identity_keys.private_key_sealed",
                "signal_signed_prekeys.record_sealed", "signal_kyber_prekeys.record_sealed",
                "signal_prekeys.record_sealed", "signal_sessions.record_sealed", "user_keyrings.wrapped_key",
                "user_recovery_codes.wrapped_key", "guardian_setups.wrapped_key", "guardian_shares.share",
                "recovery_requests.private_key", "recovery_decisions.released_share"),
                SealedColumns.ALL.stream().map(SealedColumn::toString).toList());
    }
}
