package app.famichat.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

    @Test
    void aSignInCreatesADeviceOnlyWhenItNamesOne() {
        assertEquals(new DeviceChoice.New("Phone"), DeviceChoice.of(null, null, "Phone"));
        assertEquals(new DeviceChoice.Known(3, "fcd1_x"), DeviceChoice.of(3, "fcd1_x", null));
        refused("deviceName", null, null, null); // before: a new device, implicitly
        refused("deviceName", 3, "fcd1_x", "Phone");
        refused("deviceCredential", 3, null, null);
        refused("deviceId", null, "fcd1_x", null);
    }

    @Test
    void theCredentialStaysOutOfLogs() {
        assertEquals("Known[3]", new DeviceChoice.Known(3, "fcd1_secret").toString());
    }

    private static void refused(String field, Integer deviceId, String credential, String name) {
        FamichatException refused = assertThrows(FamichatException.class,
                () -> DeviceChoice.of(deviceId, credential, name));
        assertEquals(Failure.INVALID, refused.failure());
        assertEquals(field, refused.field());
    }
}
