package app.famichat.conversations;

/** How the messages of a conversation are protected; fixed by its {@link ConversationType}. */
public enum Encryption {
    /** Signal Protocol, one pairwise session per recipient device (the sender's own devices included). */
    SIGNAL_PAIRWISE,
    /** No Signal session (there is no one to send to): stored only under the owner's storage key in the vault. */
    VAULT_ONLY
}
