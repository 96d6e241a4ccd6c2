package app.famichat.launcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How often the embedded database may be restarted after it died: at most {@code max} times within any
 * {@code window}. A database that keeps dying is not hidden behind endless restarts: the launcher stops instead.
 */
final class RestartBudget {

    static final int MAX_RESTARTS = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final int max;
    private final Duration window;
    private final Deque<Instant> restarts = new ArrayDeque<>();

    RestartBudget(int max, Duration window) {
        this.max = max;
        this.window = window;
    }

    static RestartBudget standard() {
        return new RestartBudget(MAX_RESTARTS, WINDOW);
    }

    /** Takes one restart if the budget allows it at {@code now}. */
    synchronized boolean take(Instant now) {
        while (!restarts.isEmpty() && !restarts.peekFirst().isAfter(now.minus(window))) {
            restarts.removeFirst();
        }
        if (restarts.size() >= max) {
            return false;
        }
        restarts.addLast(now);
        return true;
    }

    synchronized int usedIn(Instant now) {
        return (int) restarts.stream().filter(at -> at.isAfter(now.minus(window))).count();
    }

    int max() {
        return max;
    }

    Duration window() {
        return window;
    }
}
