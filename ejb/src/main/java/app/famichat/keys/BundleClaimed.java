package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;

/**
 * A bundle of the device was claimed (CDI event, fired in the claim's transaction; observers act after it
 * commits). {@code stockLow}: the unclaimed one-time stock of either kind is below the low-water mark.
 */
public record BundleClaimed(DeviceAddress device, boolean oneTimeEc, boolean oneTimeKyber, boolean stockLow) {
}
