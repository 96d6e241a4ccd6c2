package app.famichat.sessions;

import app.famichat.platform.errors.FamichatException;

/**
 * Which device a sign-in is for. Creating a device is explicit (it costs about 0.9 MB of keys): a new one needs a
 * name; a known one is proven by its id and the credential handed out when it was created.
 */
sealed interface DeviceChoice {

    /** A new device with this name. */
    record New(String name) implements DeviceChoice {
    }

    /** The known device {@code deviceId}, proven by its credential. */
    record Known(int deviceId, String credential) implements DeviceChoice {

        @Override
        public String toString() {
            return "Known[" + deviceId + "]"; // never the credential
        }
    }

    /** From the request's fields: either {@code deviceName}, or {@code deviceId} with {@code deviceCredential}. */
    static DeviceChoice of(Integer deviceId, String deviceCredential, String deviceName) {
        if (deviceName != null && (deviceId != null || deviceCredential != null)) {
            throw FamichatException.invalid("deviceName", "cannot be given with deviceId or deviceCredential: "
                    + "either create a new device or sign in on a known one");
        }
        if (deviceName != null) {
            return new New(deviceName);
        }
        if (deviceId == null && deviceCredential == null) {
            throw FamichatException.invalid("deviceName", "is required to create a device (or give deviceId and "
                    + "deviceCredential to sign in on a known one)");
        }
        if (deviceId == null) {
            throw FamichatException.invalid("deviceId", "is required with deviceCredential");
        }
        if (deviceCredential == null) {
            throw FamichatException.invalid("deviceCredential", "is required with deviceId");
        }
        return new Known(deviceId, deviceCredential);
    }
}
