package app.famichat.accounts;

/**
 * A hosted device was added, its row written (CDI event, fired in the device's creation transaction). Observed
 * synchronously, so the device's prekeys commit with it, and an observer's failure rolls the device back.
 */
public record DeviceAdded(DeviceAddress device) {
}
