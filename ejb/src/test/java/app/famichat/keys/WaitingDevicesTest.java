package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WaitingDevicesTest {

    private final WaitingDevices waiting = new WaitingDevices();
    private final DeviceAddress device = new DeviceAddress(UUID.randomUUID(), 1);

    @Test
    void oneReplenishmentWaitsPerDevice() {
        Optional<Object> first = waiting.enter(device);
        assertTrue(first.isPresent());
        assertTrue(waiting.enter(device).isEmpty(), "the waiting one will count this claim too");
        assertTrue(waiting.enter(new DeviceAddress(device.userId(), 2)).isPresent(), "another device");

        waiting.leave(device, first.get());
        assertTrue(waiting.enter(device).isPresent(), "once it holds the lock, a later claim starts another");
    }

    @Test
    void aStaleTicketDoesNotReleaseANewerReplenishment() {
        Object first = waiting.enter(device).orElseThrow();
        waiting.leave(device, first);
        Object second = waiting.enter(device).orElseThrow();
        waiting.leave(device, first);
        assertTrue(waiting.enter(device).isEmpty());
        waiting.leave(device, second);
        assertTrue(waiting.enter(device).isPresent());
    }
}
