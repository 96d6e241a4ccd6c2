package app.famichat.accounts;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * JPA's id class of {@link Device} and nothing else: JPA wants a public mutable class with the entity's id fields,
 * which a record cannot be. The code names a device by {@link DeviceAddress}.
 */
public class DeviceKey implements Serializable {

    private static final long serialVersionUID = 1L;

    private UUID userId;
    private short deviceId;

    public DeviceKey() {
    }

    DeviceKey(DeviceAddress device) {
        this.userId = device.userId();
        this.deviceId = device.column();
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
