package app.famichat.platform.jms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BrokerProbeTest {

    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicInteger probes = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aBrokerThatAnswersIsReachableAndProbedAtMostOncePerInterval() {
        BrokerProbe probe = new BrokerProbe(executor, () -> probes.incrementAndGet() > 0, now::get, INTERVAL, TIMEOUT);
        assertTrue(probe.reachable(true));
        assertTrue(probe.reachable(false));
        assertTrue(probe.reachable(true));
        assertEquals(1, probes.get());
        now.addAndGet(INTERVAL.toNanos());
        assertTrue(probe.reachable(true));
        assertEquals(2, probes.get());
    }

    @Test
    void aHangingProbeCountsAsUnreachableAfterTheTimeoutUntilItAnswers() throws Exception {
        CountDownLatch brokerBack = new CountDownLatch(1);
        CountDownLatch probing = new CountDownLatch(1);
        BrokerProbe probe = new BrokerProbe(executor, () -> {
            probes.incrementAndGet();
            probing.countDown();
            try {
                return brokerBack.await(30, TimeUnit.SECONDS); // as the adapter's call waits for its reconnection
            } catch (InterruptedException e) {
                return false;
            }
        }, now::get, INTERVAL, TIMEOUT);

        assertTrue(probe.reachable(false), "a probe that just began does not fail a send");
        assertTrue(probing.await(10, TimeUnit.SECONDS));
        now.addAndGet(TIMEOUT.toNanos());
        assertFalse(probe.reachable(false), "hanging past the timeout: sends are refused at once");
        assertFalse(probe.reachable(true), "and readiness is DOWN without waiting");
        assertEquals(1, probes.get(), "one probe at a time");

        brokerBack.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!probe.reachable(false)) {
            assertTrue(System.nanoTime() < deadline, "the answer of the hanging probe was not taken");
            Thread.sleep(10);
        }
        assertTrue(probe.reachable(true));
    }

    @Test
    void aFailingProbeIsUnreachableAndTriedAgainAfterTheInterval() {
        AtomicBoolean up = new AtomicBoolean(false);
        BrokerProbe probe = new BrokerProbe(executor, () -> {
            probes.incrementAndGet();
            if (!up.get()) {
                throw new IllegalStateException("AMQ219007: Cannot connect to server(s)");
            }
            return true;
        }, now::get, INTERVAL, TIMEOUT);
        assertFalse(probe.reachable(true));
        up.set(true);
        assertFalse(probe.reachable(true), "the last answer holds within the interval");
        now.addAndGet(INTERVAL.toNanos());
        assertTrue(probe.reachable(true));
        assertEquals(2, probes.get());
    }
}
