package app.famichat.keys;

import java.util.UUID;

/**
 * A device whose Signal keys the server holds: (user, device id 1..127). It travels in events and method calls
 * only; it never goes into a log line or a metric label.
 */
public record HostedDevice(UUID userId, int deviceId) {

    public HostedDevice {
        if (userId == null) {
            throw new IllegalArgumentException("A hosted device needs a user");
        }
        if (deviceId < 1 || deviceId > 127) {
            throw new IllegalArgumentException("Signal device ids are 1..127");
        }
    }

    /** The device id as the SMALLINT columns hold it. */
    short column() {
        return (short) deviceId;
    }
}
