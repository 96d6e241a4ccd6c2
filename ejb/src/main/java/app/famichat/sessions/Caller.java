package app.famichat.sessions;

import app.famichat.accounts.DeviceAddress;
import java.util.UUID;

/** Who is asking: an authenticated device, and the hash of the token it used (to sign it out). */
public record Caller(DeviceAddress device, String tokenHash) {

    /** The signed-in user: the owner of the device. */
    public UUID userId() {
        return device.userId();
    }
}
