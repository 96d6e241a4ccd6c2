package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import java.time.Instant;
import java.util.UUID;

/**
 * A message in the broker's dead-letter queue, as operators see it: ids and times only (the payload is sealed).
 * {@code messageId} and {@code recipient} are set for fan-out messages.
 */
public record DeadLetter(String id, String originalQueue, UUID messageId, DeviceAddress recipient, Instant sentAt) {
}
