package app.famichat.custody;

import java.util.Locale;
import java.util.Optional;

/** Who can use a user's secrets (docs/security.md, "Locked custody"); stored in {@code users.custody}. */
public enum KeyCustody {
    /** The server, at any time: sealed by the key vault alone (server custody). */
    HOSTED,
    /** The server only while a token of the user is live: each secret under the user's keyring key first. */
    LOCKED;

    /** The name in the database, the API and the configuration: {@code hosted}, {@code locked}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<KeyCustody> of(String value) {
        for (KeyCustody custody : values()) {
            if (custody.value().equals(value)) {
                return Optional.of(custody);
            }
        }
        return Optional.empty();
    }
}
