package app.famichat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.famichat.platform.persistence.DatabaseOutage;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OutageWaitTest {

    private final List<Duration> pauses = new ArrayList<>();
    private final AtomicInteger explained = new AtomicInteger();

    @Test
    void aLostConnectionIsWaitedOutWithGrowingPausesAndTheWorkRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        wait(Duration.ofMinutes(5)).run(() -> {
            if (runs.incrementAndGet() <= 5) {
                throw connectionLost();
            }
        });
        assertEquals(6, runs.get());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(5)), pauses);
        assertEquals(5, explained.get());
    }

    @Test
    void anyOtherFailureGoesBackToTheBrokerAtOnce() {
        AtomicInteger runs = new AtomicInteger();
        IllegalStateException bug = new IllegalStateException("a bug");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> wait(Duration.ofMinutes(5)).run(() -> {
            runs.incrementAndGet();
            throw bug;
        })));
        assertEquals(1, runs.get());
        assertEquals(List.of(), pauses);
    }

    @Test
    void anOutageLongerThanTheBoundFailsBackToTheBroker() {
        AtomicInteger runs = new AtomicInteger();
        assertThrows(PersistenceException.class, () -> wait(Duration.ofMillis(1_600)).run(() -> {
            runs.incrementAndGet();
            throw connectionLost();
        }));
        // Pauses 0.5 s and 1 s fit into 1.6 s (the fake sleeps them); the next one, 2 s, would not.
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), pauses);
        assertEquals(3, runs.get());
    }

    private OutageWait wait(Duration bound) {
        OutageWait wait = new OutageWait();
        wait.settings = new DeliverySettings(bound, "DLQ");
        wait.outage = new DatabaseOutage() {
            @Override
            public boolean explains(Throwable failure) {
                explained.incrementAndGet();
                return isConnectionFailure(failure);
            }

            @Override
            public boolean awaitReachable(Duration timeout) throws InterruptedException {
                pauses.add(timeout);
                Thread.sleep(timeout.toMillis() / 10);
                return false;
            }
        };
        wait.metrics = new DeliveryMetrics() {
            @Override
            void outageWait() {
            }
        };
        return wait;
    }

    private static PersistenceException connectionLost() {
        return new PersistenceException(new SQLException("An I/O error occurred while sending to the backend.",
                "08006"));
    }
}
