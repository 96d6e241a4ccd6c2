package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The devices for which this node has a replenishment waiting to start or waiting for the device's lock. Claims
 * below the low-water mark come in bursts; one waiting replenishment counts the stock only once it holds the
 * lock, so it covers every claim made until then, and the others need not start (each would hold a thread and a
 * database connection while it waits). Only an economy: two nodes, or a waiting and a running replenishment, may
 * still meet, and the device's row lock keeps them correct.
 */
final class WaitingDevices {

    private final ConcurrentMap<DeviceAddress, Object> waiting = new ConcurrentHashMap<>();

    /** A ticket if no replenishment of the device is waiting here (the caller starts one), empty otherwise. */
    Optional<Object> enter(DeviceAddress device) {
        Object ticket = new Object();
        return waiting.putIfAbsent(device, ticket) == null ? Optional.of(ticket) : Optional.empty();
    }

    /**
     * The replenishment holding this ticket waits no more (it holds the lock, or gave up); the next low claim may
     * start another. A stale ticket changes nothing.
     */
    void leave(DeviceAddress device, Object ticket) {
        waiting.remove(device, ticket);
    }
}
