package app.famichat.platform.outages;

import java.time.Duration;

/**
 * A service this node needs was away when a request or a socket frame was handled: not the client's fault and not
 * a bug, so the client is told to try again after {@link #retryAfter} (REST: 503 with Retry-After; the socket: an
 * {@code unavailable} error frame with {@code retryAfter}, docs/api.md).
 *
 * @param away what was away
 * @param retryAfter when to try again
 */
public record Outage(Service away, Duration retryAfter) {

    public enum Service {
        /** The database did not answer (or no connection could be had). */
        DATABASE("The database is unreachable; try again later"),
        /** The broker did not answer or was failing over: the transaction rolled back, nothing was accepted. */
        BROKER("The message broker is unreachable; try again later"),
        /**
         * A resource failed between the work and its commit, and the transaction manager could not complete the
         * transaction: it rolled back (or, after a heuristic decision, its outcome is unknown).
         */
        COMMIT("A service failed while the change was being committed; try again later");

        private final String detail;

        Service(String detail) {
            this.detail = detail;
        }
    }

    /** What the client is told (the same words on REST and the socket). */
    public String detail() {
        return away.detail;
    }

    /** {@link #retryAfter} in whole seconds, as Retry-After and the frame write it. */
    public long retryAfterSeconds() {
        return retryAfter.toSeconds();
    }
}
