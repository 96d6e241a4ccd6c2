package app.famichat.messaging;

import jakarta.ejb.Asynchronous;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Notices when the last envelope of a message has committed, for the "send -> all envelopes committed" latency.
 * Runs after the envelope's transaction, in one of its own, and counts each message once even when its last
 * envelopes commit at the same moment on different threads or nodes (a conditional update decides).
 */
@Stateless
public class FanOutCompletion {

    @Inject
    MessageStore messages;

    @Inject
    MessagingMetrics metrics;

    @Asynchronous
    public void envelopeCommitted(UUID messageId, long sentAtMicros) {
        if (messages.markFannedOutIfComplete(messageId)) {
            metrics.fannedOut(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()) - sentAtMicros);
        }
    }
}
