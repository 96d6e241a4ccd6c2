package app.famichat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RoundsTest {

    private final Rounds<String> rounds = new Rounds<>();

    @Test
    void theFirstRequestWorksAndLaterOnesAskForOneMoreRound() {
        assertTrue(rounds.claim("a"));
        assertFalse(rounds.claim("a"));
        assertFalse(rounds.claim("a"));
        assertTrue(rounds.claim("b"), "keys are independent");
        assertTrue(rounds.another("a"), "requests during the round: one more");
        assertFalse(rounds.another("a"), "none during the second round: released");
        assertTrue(rounds.claim("a"), "a released key is claimed again");
    }

    @Test
    void aWorkerThatFailsReleasesTheKey() {
        assertTrue(rounds.claim("a"));
        assertFalse(rounds.claim("a"));
        rounds.release("a");
        assertTrue(rounds.claim("a"));
    }

    /** Whatever the interleaving, work requested after a round started is done by a later round: none is lost. */
    @Test
    void noRequestIsLeftWithoutARoundAfterIt() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        AtomicInteger handled = new AtomicInteger();
        AtomicInteger concurrentWorkers = new AtomicInteger();
        AtomicInteger maxConcurrentWorkers = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 8; t++) {
            threads.submit(() -> {
                start.await();
                for (int i = 0; i < 20_000; i++) {
                    requests.incrementAndGet();
                    if (rounds.claim("device")) {
                        maxConcurrentWorkers.accumulateAndGet(concurrentWorkers.incrementAndGet(), Math::max);
                        do {
                            handled.set(requests.get()); // a round handles every request made before it
                        } while (anotherAfter(concurrentWorkers));
                    }
                }
                return null;
            });
        }
        start.countDown();
        threads.shutdown();
        assertTrue(threads.awaitTermination(60, TimeUnit.SECONDS));
        assertEquals(requests.get(), handled.get());
        assertEquals(1, maxConcurrentWorkers.get(), "one worker at a time");
    }

    private boolean anotherAfter(AtomicInteger concurrentWorkers) {
        concurrentWorkers.decrementAndGet();
        if (rounds.another("device")) {
            concurrentWorkers.incrementAndGet();
            return true;
        }
        return false;
    }
}
