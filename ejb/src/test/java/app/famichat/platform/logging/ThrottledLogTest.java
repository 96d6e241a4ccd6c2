package app.famichat.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThrottledLogTest {

    private final Logger logger = Logger.getLogger(ThrottledLogTest.class.getName() + ".captured");
    private final List<LogRecord> lines = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final AtomicLong now = new AtomicLong(1_000);
    private final ThrottledLog log = new ThrottledLog();

    @BeforeEach
    void capture() {
        logger.setUseParentHandlers(false);
        logger.addHandler(capture);
        logger.setLevel(Level.ALL);
        log.nanoTime = now::get;
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
    }

    @Test
    void logsTenLinesAMinutePerKindAndCountsTheRest() {
        RuntimeException error = new RuntimeException("boom");
        for (int i = 0; i < 160; i++) {
            log.log("socket", logger, Level.WARNING, "frame failed", error);
        }
        assertEquals(ThrottledLog.LINES_PER_MINUTE, lines.size());
        assertEquals(150, log.dropped("socket"));
        assertTrue(lines.stream().allMatch(line -> line.getThrown() == error && line.getLevel() == Level.WARNING));

        assertTrue(log.log("rest", logger, Level.WARNING, "request failed", null), "another kind has its own budget");
        assertEquals(0, log.dropped("rest"));
    }

    @Test
    void theNextMinuteLogsAgainAndSaysHowManyWereDropped() {
        for (int i = 0; i < 25; i++) {
            log.log("socket", logger, Level.WARNING, "frame failed", null);
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertFalse(log.log("socket", logger, Level.WARNING, "frame failed", null), "still the same minute");

        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertTrue(log.log("socket", logger, Level.WARNING, "frame failed", null));
        assertEquals("frame failed (16 more lines of this kind were dropped in the minute before)",
                lines.get(lines.size() - 1).getMessage());
        assertTrue(log.log("socket", logger, Level.WARNING, "frame failed", null));
        assertEquals("frame failed", lines.get(lines.size() - 1).getMessage(), "said once");
        assertEquals(16, log.dropped("socket"));
    }

    @Test
    void aLevelTheLoggerIgnoresUsesNoBudget() {
        logger.setLevel(Level.WARNING);
        for (int i = 0; i < 50; i++) {
            assertFalse(log.log("socket", logger, Level.FINE, "detail", null));
        }
        assertEquals(0, log.dropped("socket"));
        assertTrue(log.log("socket", logger, Level.WARNING, "frame failed", null));
    }
}
