package app.famichat.accounts;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/** Primary key of {@link Device}: the (user, device) Signal address. */
public class DeviceKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private UUID userId;
    private short deviceId;

    public DeviceKey() {
    }

    public DeviceKey(UUID userId, int deviceId) {
        this.userId = userId;
        this.deviceId = (short) deviceId;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceKey key && key.deviceId == deviceId && Objects.equals(key.userId, userId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, deviceId);
    }
}
