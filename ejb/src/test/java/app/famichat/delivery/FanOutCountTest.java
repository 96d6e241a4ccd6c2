package app.famichat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.send.MessageStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FanOutCountTest {

    private final List<Duration> latencies = new ArrayList<>();
    private final Set<UUID> marked = new HashSet<>();
    private final FanOutCount count = new FanOutCount();

    FanOutCountTest() {
        count.messages = new MessageStore() {
            @Override
            public boolean markFannedOutIfComplete(UUID messageId) {
                return marked.add(messageId);
            }
        };
        count.metrics = new DeliveryMetrics() {
            @Override
            void fannedOut(Duration sinceSend) {
                latencies.add(sinceSend);
            }
        };
    }

    /** Measured from the send's time the request carries, also when a re-sent envelope is the last one in. */
    @Test
    void theLastEnvelopeCountsTheTimeSinceTheSendOnce() {
        UUID message = UUID.randomUUID();
        count.markIfComplete(message, Instant.now().minusSeconds(3));
        count.markIfComplete(message, Instant.now().minusSeconds(3));
        assertEquals(1, latencies.size());
        assertTrue(latencies.get(0).compareTo(Duration.ofSeconds(3)) >= 0, latencies.toString());
        assertTrue(latencies.get(0).compareTo(Duration.ofSeconds(60)) < 0, latencies.toString());
    }
}
