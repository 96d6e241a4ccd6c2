package app.famichat.reseal;

import app.famichat.custody.KeyringStore;
import app.famichat.keys.KeyRows;
import app.famichat.recovery.GuardianStore;
import app.famichat.recovery.RecoveryRequestStore;
import app.famichat.vault.SealedColumn;
import app.famichat.vault.StorageKeys;
import java.util.List;
import java.util.stream.Stream;

/**
 * Every column holding vault ciphertexts, for the re-seal job. It lives apart from the vault, which knows no
 * owner of sealed columns (the keys package depends on the vault, not the other way round). Each owner defines its columns once, as
 * {@link SealedColumn}s it also takes its seal contexts from, and is listed here: a new sealed column is a new
 * definition in its owner (or one more owner on this list), never a second description of the same column.
 */
public final class SealedColumns {

    public static final List<SealedColumn> ALL = Stream.of(Stream.of(StorageKeys.KEYS), KeyRows.ALL.stream(),
            Stream.of(KeyringStore.KEYRINGS, KeyringStore.RECOVERY_CODES),
            Stream.of(GuardianStore.WRAPPED_KEYS, GuardianStore.SHARES, RecoveryRequestStore.PRIVATE_KEYS,
                    RecoveryRequestStore.RELEASED_SHARES)).flatMap(columns -> columns).toList();

    private SealedColumns() {
    }
}
