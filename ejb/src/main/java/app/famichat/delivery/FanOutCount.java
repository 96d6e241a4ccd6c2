package app.famichat.delivery;

import app.famichat.send.MessageStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Counts a message as fanned out once its last envelope has committed, for the "send -> all envelopes committed"
 * latency. Each message is counted once even when its last envelopes commit at the same moment on different
 * threads or nodes: a conditional update decides, in a transaction of its own.
 */
@Stateless
public class FanOutCount {

    @Inject
    MessageStore messages;

    @Inject
    DeliveryMetrics metrics;

    /** {@code sentAt}: when the send was accepted (FanOutRequest). */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void markIfComplete(UUID messageId, Instant sentAt) {
        if (messages.markFannedOutIfComplete(messageId)) {
            metrics.fannedOut(Duration.between(sentAt, Instant.now()));
        }
    }
}
