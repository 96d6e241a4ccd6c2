package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import java.time.Instant;
import java.util.UUID;

/** A Signal envelope waiting for its recipient device: where it belongs and the ciphertext. */
record Envelope(UUID messageId, UUID conversationId, long seq, DeviceAddress sender, DeviceAddress recipient,
        Instant sentAt, int signalType, byte[] ciphertext) {
}
