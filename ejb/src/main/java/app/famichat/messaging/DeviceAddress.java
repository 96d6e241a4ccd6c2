package app.famichat.messaging;

import java.util.UUID;
import org.signal.libsignal.protocol.SignalProtocolAddress;

/** A device of a user: a Signal address. */
public record DeviceAddress(UUID userId, int deviceId) {

    SignalProtocolAddress signal() {
        return new SignalProtocolAddress(userId.toString(), deviceId);
    }

    @Override
    public String toString() {
        return userId + "/" + deviceId;
    }
}
