package app.famichat.accounts;

import java.util.UUID;

/**
 * A user was registered (CDI event, fired in the registration's transaction). Observed synchronously, so what an
 * observer creates for the user (the Signal identity key) commits with the account, and its failure refuses the
 * registration.
 */
public record AccountRegistered(UUID userId) {
}
