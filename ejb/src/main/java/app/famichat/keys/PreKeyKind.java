package app.famichat.keys;

import app.famichat.vault.SealedColumn;

/** The kinds of prekeys a device has, and the table each lives in. */
enum PreKeyKind {

    /** The signed EC prekey every bundle carries (the newest one). */
    SIGNED(KeyRows.SIGNED_PREKEYS),
    /** The Kyber prekey a bundle carries when no one-time Kyber prekey is left (the newest one). */
    LAST_RESORT_KYBER(KeyRows.KYBER_PREKEYS),
    ONE_TIME_KYBER(KeyRows.KYBER_PREKEYS),
    ONE_TIME_EC(KeyRows.PREKEYS);

    /** Where keys of this kind live (table and sealed column). */
    final SealedColumn column;

    PreKeyKind(SealedColumn column) {
        this.column = column;
    }
}
