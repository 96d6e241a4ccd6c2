package app.famichat.send;

import app.famichat.accounts.DeviceAddress;
import app.famichat.platform.Sha256;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * One message for one recipient device, as the fan-out queue carries it (sealed, with the body: JmsFanOut).
 * {@code sentAt}: when the send was accepted ({@code messages.sent_at}, microseconds), also when delivery re-sends
 * the message after a lost session; the "send -> envelopes committed" latency is measured from it, so it counts a
 * re-sent envelope's wait too.
 */
public record FanOutRequest(UUID messageId, UUID conversationId, long seq, DeviceAddress sender,
        DeviceAddress recipient, Instant sentAt) {

    /**
     * The JMS message group: one consumer at a time, in order, per sending device and recipient device. A hash
     * of the pair, so that the broker journal does not name the devices.
     */
    String group() {
        return HexFormat.of().formatHex(Sha256.of(sender + "->" + recipient), 0, 16);
    }
}
