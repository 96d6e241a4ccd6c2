package app.famichat.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeviceAddressTest {

    private final UUID user = UUID.randomUUID();

    @Test
    void signalDeviceIdsAreOneTo127() {
        assertEquals(1, new DeviceAddress(user, 1).deviceId());
        assertEquals(127, new DeviceAddress(user, 127).deviceId());
        assertThrows(IllegalArgumentException.class, () -> new DeviceAddress(user, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceAddress(user, 128));
        assertThrows(IllegalArgumentException.class, () -> new DeviceAddress(null, 1));
    }

    @Test
    void theColumnValueIsTheDeviceId() {
        assertEquals((short) 127, new DeviceAddress(user, 127).column());
    }

    /** 65,537 cast to a SMALLINT is 1: such a number from a client must not name device 1. */
    @Test
    void aClientsNumberOutsideTheRangeNamesNoDevice() {
        assertTrue(DeviceAddress.of(user, 65_537).isEmpty());
        assertTrue(DeviceAddress.of(user, 0).isEmpty());
        assertTrue(DeviceAddress.of(user, -1).isEmpty());
        assertEquals(new DeviceAddress(user, 3), DeviceAddress.of(user, 3).orElseThrow());
    }
}
