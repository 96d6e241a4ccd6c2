package app.famichat.sessions;

import app.famichat.accounts.Account;
import app.famichat.accounts.Device;
import java.time.Instant;

/** The result of a successful sign-in: the bearer token (shown once), its expiry, who and which device. */
public record SignIn(String token, Instant expiresAt, Account account, Device device) {
}
