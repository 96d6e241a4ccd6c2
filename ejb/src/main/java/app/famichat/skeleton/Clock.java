package app.famichat.skeleton;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Wall-clock microseconds, comparable across nodes (unlike nanoTime), for publish -> persisted latency. */
final class Clock {

    private Clock() {
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }
}
