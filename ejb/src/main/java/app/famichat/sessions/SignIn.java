package app.famichat.sessions;

import app.famichat.accounts.Account;
import app.famichat.accounts.Device;
import java.time.Instant;

/**
 * The result of a successful sign-in: the bearer token (shown once), its expiry, who and which device; and the
 * device's credential when the sign-in created the device (shown once; null otherwise).
 */
public record SignIn(String token, Instant expiresAt, Account account, Device device, String deviceCredential) {

    @Override
    public String toString() {
        return "SignIn[" + account.id() + "/" + device.deviceId() + "]"; // never the token or the credential
    }
}
