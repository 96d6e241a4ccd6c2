package app.famichat.custody;

import java.util.UUID;

/**
 * A locked user has switched to hosted custody: their identity private key is now openable by the vault alone.
 * Fired synchronously in the switching transaction, so that what relied on it being locked (a guardian's shares,
 * the user's own guardian setup) goes with it or the switch fails.
 */
public record KeyringReleased(UUID userId) {
}
