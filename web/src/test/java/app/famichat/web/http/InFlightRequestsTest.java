package app.famichat.web.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InFlightRequestsTest {

    private final InFlightRequests inFlight = new InFlightRequests();

    @Test
    void refusesOverTheCeilingPerKeyAndForgetsIdleKeys() {
        assertTrue(inFlight.tryEnter("a", 2));
        assertTrue(inFlight.tryEnter("a", 2));
        assertFalse(inFlight.tryEnter("a", 2));
        assertTrue(inFlight.tryEnter("b", 2), "another address is not affected");
        inFlight.leave("a");
        assertTrue(inFlight.tryEnter("a", 2));
        inFlight.leave("a");
        inFlight.leave("a");
        inFlight.leave("b");
        assertEquals(0, inFlight.keys());
    }

    @Test
    void neverExceedsTheCeilingUnderContention() throws Exception {
        int max = 5;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger highest = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 2_000; i++) {
            pool.submit(() -> {
                start.await();
                if (inFlight.tryEnter("k", max)) {
                    highest.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                    inFlight.leave("k");
                }
                return null;
            });
        }
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertTrue(highest.get() <= max, "at most " + max + " at once, saw " + highest.get());
        assertEquals(0, inFlight.inFlight("k"));
        assertEquals(0, inFlight.keys());
    }
}
