package app.famichat.platform.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The current time at PostgreSQL's precision (microseconds): a time answered right after a write must equal the
 * one a later read returns, and the JVM clock has nanoseconds.
 */
public final class DatabaseClock {

    private DatabaseClock() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** An instant as a TIMESTAMPTZ parameter of a native query (EclipseLink 4.0.7 would bind an Instant as bytes). */
    public static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
