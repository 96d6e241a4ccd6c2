package app.famichat.sessions;

import app.famichat.accounts.DeviceAddress;
import app.famichat.custody.KeyCustody;
import java.util.UUID;

/**
 * Who is asking: an authenticated device, the hash of the token it used (to sign it out), and the user's custody
 * as the token lookup read it (for showing it; whether a secret needs the keyring is decided by the transaction
 * that opens it, {@link app.famichat.vault.UserSecrets#isLocked}, since a socket's caller lives for hours).
 */
public record Caller(DeviceAddress device, String tokenHash, KeyCustody custody) {

    /** The signed-in user: the owner of the device. */
    public UUID userId() {
        return device.userId();
    }
}
