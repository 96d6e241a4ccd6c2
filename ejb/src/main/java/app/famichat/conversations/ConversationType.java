package app.famichat.conversations;

import app.famichat.platform.errors.FamichatException;
import java.util.Arrays;
import java.util.Locale;

/** What a conversation is; chosen at creation, never changed, and it fixes the encryption policy. */
public enum ConversationType {
    /** Two people who share a family; at most one per pair. */
    DIRECT(Encryption.SIGNAL_PAIRWISE),
    /** A titled conversation whose admin adds and removes members. */
    GROUP(Encryption.SIGNAL_PAIRWISE),
    /** Exactly the current members of one family; at most one per family. */
    FAMILY(Encryption.SIGNAL_PAIRWISE),
    /** Notes to oneself; at most one per user. */
    SELF(Encryption.VAULT_ONLY);

    private final Encryption encryption;

    ConversationType(Encryption encryption) {
        this.encryption = encryption;
    }

    public Encryption encryption() {
        return encryption;
    }

    /** The name in the API: {@code direct}, {@code group}, {@code family}, {@code self}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ConversationType parse(String field, String text) {
        return Arrays.stream(values()).filter(type -> type.wireName().equals(text)).findFirst()
                .orElseThrow(() -> FamichatException.invalid(field, "must be one of direct, group, family, self"));
    }
}
