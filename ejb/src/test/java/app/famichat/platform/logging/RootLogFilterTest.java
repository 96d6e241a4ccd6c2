package app.famichat.platform.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RootLogFilterTest {

    private final Logger root = Logger.getLogger("");
    private final List<Handler> added = List.of(new Kept(), new Kept());
    private Filter before;

    @BeforeEach
    void addHandlers() {
        before = added.get(0).getFilter();
        added.forEach(root::addHandler);
    }

    @AfterEach
    void removeHandlers() {
        added.forEach(root::removeHandler);
    }

    @Test
    void aRuleDecidesOncePerRecordWhateverTheNumberOfHandlers() {
        AtomicInteger asked = new AtomicInteger();
        RootLogFilter filter = RootLogFilter.install(record -> {
            asked.incrementAndGet();
            return record.getMessage().startsWith("drop");
        });
        try {
            Logger.getLogger("root-log-filter-test").info("drop me");
            Logger.getLogger("root-log-filter-test").info("keep me");
            assertEquals(2, asked.get());
            for (Handler handler : added) {
                assertEquals(List.of("keep me"), ((Kept) handler).messages);
            }
        } finally {
            filter.remove();
        }
    }

    @Test
    void rulesComeAndGoInAnyOrder() {
        RootLogFilter first = RootLogFilter.install(record -> record.getMessage().equals("a"));
        RootLogFilter second = RootLogFilter.install(record -> record.getMessage().equals("b"));
        first.remove();
        Logger logger = Logger.getLogger("root-log-filter-test");
        logger.info("a");
        logger.info("b");
        assertEquals(List.of("a"), ((Kept) added.get(0)).messages, "the second rule stays after the first went");
        second.remove();
        assertSame(before, added.get(0).getFilter(), "both gone: the handler's own filter again");
    }

    /** A handler that keeps the messages it is asked to publish and its filter lets through. */
    private static final class Kept extends Handler {

        final List<String> messages = new ArrayList<>();

        Kept() {
            setLevel(Level.ALL);
        }

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                messages.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
