package app.famichat.accounts;

/** Who holds a device's Signal private keys. */
public enum Custody {
    /** The server holds them, sealed by the key vault (server custody; see the trust model in README). */
    HOSTED
}
