package app.famichat.vault;

import java.util.List;

/**
 * Every column holding vault ciphertexts, for the re-seal job. A new sealed column is one more line here (the
 * Signal key tables will add theirs), and its values must be sealed with {@code SealContext(table, column,
 * primary key as text)}.
 */
public final class SealedColumns {

    public static final List<SealedColumn> ALL = List.of(
            new SealedColumn(StorageKeys.TABLE, StorageKeys.COLUMN, "user_id"));

    private SealedColumns() {
    }
}
