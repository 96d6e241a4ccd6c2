package app.famichat.accounts;

import java.util.Optional;
import java.util.UUID;

/**
 * The one identity of a device everywhere in the code: (user, device id 1..127), its Signal protocol address. The
 * range is checked here, once; stores bind {@link #column()} to the SMALLINT columns. It travels in events, method
 * calls and the broker's sealed payloads; it never goes into a log line or a metric label.
 */
public record DeviceAddress(UUID userId, int deviceId) {

    public DeviceAddress {
        if (userId == null) {
            throw new IllegalArgumentException("A device needs a user");
        }
        if (deviceId < 1 || deviceId > Device.MAX_DEVICE_ID) {
            throw new IllegalArgumentException("Signal device ids are 1.." + Device.MAX_DEVICE_ID);
        }
    }

    /**
     * The address, if {@code deviceId} can name a device at all; empty otherwise. For numbers a client sends: a
     * device id outside 1..127 names no device (and cast to a SMALLINT it could name another one).
     */
    public static Optional<DeviceAddress> of(UUID userId, int deviceId) {
        return deviceId < 1 || deviceId > Device.MAX_DEVICE_ID ? Optional.empty()
                : Optional.of(new DeviceAddress(userId, deviceId));
    }

    /** The device id as the SMALLINT columns hold it. */
    public short column() {
        return (short) deviceId;
    }

    @Override
    public String toString() {
        return userId + "/" + deviceId;
    }
}
