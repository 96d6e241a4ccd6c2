package app.famichat.accounts;

/** A device just created, with its credential: shown to the client once, stored only as a hash. */
public record NewDevice(Device device, String credential) {

    @Override
    public String toString() {
        return "NewDevice[" + device.deviceId() + "]"; // never the credential
    }
}
