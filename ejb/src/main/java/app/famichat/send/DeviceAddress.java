package app.famichat.send;

import java.util.UUID;

/** A device of a user: a Signal address. */
public record DeviceAddress(UUID userId, int deviceId) {

    @Override
    public String toString() {
        return userId + "/" + deviceId;
    }
}
