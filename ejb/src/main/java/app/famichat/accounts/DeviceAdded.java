package app.famichat.accounts;

import java.util.UUID;

/**
 * A hosted device was added, its row written (CDI event, fired in the device's creation transaction). Observed
 * synchronously, so the device's prekeys commit with it, and an observer's failure rolls the device back.
 */
public record DeviceAdded(UUID userId, int deviceId) {
}
