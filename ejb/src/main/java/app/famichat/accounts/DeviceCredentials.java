package app.famichat.accounts;

import app.famichat.platform.secrets.SecretFormat;
import java.util.Optional;

/**
 * Device credentials: {@code fcd1_} + 43 characters of base64url (256 random bits), handed out once when a device
 * is created and stored as their SHA-256. A sign-in that proves a known device with one is not refused because of
 * failed sign-ins from elsewhere (see {@code SignInLimits}).
 */
final class DeviceCredentials {

    private static final SecretFormat FORMAT = new SecretFormat("fcd1_", 32);

    private DeviceCredentials() {
    }

    static String generate() {
        return FORMAT.generate();
    }

    /** The stored form of a well-formed credential; empty for anything that cannot be one. */
    static Optional<byte[]> hash(String credential) {
        return FORMAT.hash(credential);
    }
}
