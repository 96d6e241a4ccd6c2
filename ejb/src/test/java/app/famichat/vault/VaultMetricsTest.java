package app.famichat.vault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VaultMetricsTest {

    private static final SealContext PLACE = new SealContext("user_storage_keys", "key", "u1");

    private final VaultMetrics metrics = new VaultMetrics();
    private final KeyVault vault = new KeyVault(MasterKeys.of(List.of(TestKeys.key("a")), Optional.empty()),
            metrics);

    @Test
    void countsSealsOpensAndRefusalsByReason() {
        byte[] sealed = vault.seal(new byte[10], PLACE);
        vault.seal(new byte[10], PLACE);
        vault.open(sealed, PLACE);
        assertThrows(VaultException.class, () -> vault.open(sealed, new SealContext("user_storage_keys", "key", "u2")));
        assertThrows(VaultException.class, () -> vault.open(new byte[] {1}, PLACE));
        KeyVault other = new KeyVault(MasterKeys.of(List.of(TestKeys.key("b")), Optional.empty()));
        assertThrows(VaultException.class, () -> vault.open(other.seal(new byte[1], PLACE), PLACE));

        assertEquals(2, metrics.seals());
        assertEquals(1, metrics.opens());
        assertEquals(1, metrics.refusals(VaultException.Reason.NOT_AUTHENTIC));
        assertEquals(1, metrics.refusals(VaultException.Reason.MALFORMED));
        assertEquals(1, metrics.refusals(VaultException.Reason.UNKNOWN_KEY));
        assertEquals(0, metrics.refusals(VaultException.Reason.UNKNOWN_VERSION));
    }
}
