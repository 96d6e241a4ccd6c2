package app.famichat.messaging;

import app.famichat.platform.jms.Messaging;

import app.famichat.vault.SealContext;
import java.time.Instant;
import java.util.UUID;

/**
 * One message for one recipient device, as the fan-out queue carries it (the body travels separately, sealed).
 * {@code sentAtMicros}: when the send was accepted, for the send -> envelopes committed latency.
 */
record FanOutRequest(UUID messageId, UUID conversationId, long seq, DeviceAddress sender, DeviceAddress recipient,
        Instant sentAt, long sentAtMicros) {

    /** The body's seal context in the broker journal: bound to this message and recipient device. */
    SealContext bodyPlace() {
        return new SealContext("jms:" + Messaging.FAN_OUT_QUEUE, "body",
                messageId + "/" + recipient);
    }

    /** The JMS message group: one consumer at a time, in order, per sending device and recipient device. */
    String pair() {
        return sender + "->" + recipient;
    }
}
