package app.famichat.platform.jms;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Whether a session to the broker can be had, without ever blocking a caller for long: while the broker is away the
 * resource adapter's calls do not fail, they wait for its reconnection (measured: a send without any broker waited
 * until the request timeout interrupted it, 20 s), and so would a readiness check. One probe runs at a time, on
 * {@code executor}; a probe still unanswered after {@code timeout} counts as "unreachable" until it answers (it
 * answers when the broker is back); a new one starts when the last one answered more than {@code interval} ago.
 */
final class BrokerProbe {

    private final Executor executor;
    private final BooleanSupplier connect;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final Object lock = new Object();
    private CompletableFuture<Boolean> probe;
    private long startedAt;
    private volatile boolean lastAnswer = true;

    BrokerProbe(Executor executor, BooleanSupplier connect, LongSupplier nanoTime, Duration interval, Duration timeout) {
        this.executor = executor;
        this.connect = connect;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * True if the broker answered the latest probe, and that probe is not hanging past the timeout. {@code wait}:
     * wait for a running probe up to the timeout (readiness); otherwise never wait (a send).
     */
    boolean reachable(boolean wait) {
        CompletableFuture<Boolean> current;
        long started;
        synchronized (lock) {
            long now = nanoTime.getAsLong();
            if (probe == null || probe.isDone() && now - startedAt >= intervalNanos) {
                probe = CompletableFuture.supplyAsync(this::probeOnce, executor);
                startedAt = now;
            }
            current = probe;
            started = startedAt;
        }
        if (current.isDone()) {
            return current.join();
        }
        long left = started + timeoutNanos - nanoTime.getAsLong();
        if (!wait) {
            return left > 0 && lastAnswer;
        }
        try {
            return left > 0 && current.get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException stillHanging) {
            return false;
        } catch (ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private boolean probeOnce() {
        boolean answer;
        try {
            answer = connect.getAsBoolean();
        } catch (RuntimeException e) {
            answer = false;
        }
        lastAnswer = answer;
        return answer;
    }
}
