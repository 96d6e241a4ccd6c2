package app.famichat.platform.logging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Payara logs two entries with a stack trace of about 90 lines each (a SEVERE {@code AS-WEB-CORE-00037} and a
 * WARNING {@code NCLS-CORE-00091}) for every request whose path has an invalid {@code %}-escape, before any part of the application runs (docs/api.md, "Errors the
 * application never sees"): without this, any client could flood the log and rotate its history away. A filter on
 * the root handlers drops those entries and says so in one line through {@link ThrottledLog} (at most
 * {@value ThrottledLog#LINES_PER_MINUTE} a minute, the rest counted in
 * {@code famichat_log_lines_suppressed_total{kind="invalid_escape"}}). Nothing of the request is logged.
 */
@ApplicationScoped
public class InvalidEscapeLog {

    static final String KIND = "invalid_escape";

    private static final Logger LOG = Logger.getLogger(InvalidEscapeLog.class.getName());

    /** Payara's loggers (both of its names), and the Grizzly class whose exceptions they log for a bad escape. */
    private static final List<String> PAYARA_LOGGERS = List.of("jakarta.enterprise.", "javax.enterprise.");
    private static final String URL_DECODER = "org.glassfish.grizzly.http.util.URLDecoder";

    @Inject
    ThrottledLog throttled;

    private final List<Handler> filtered = new ArrayList<>();

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        throttled.prepare(KIND);
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            // Every root handler sees the record: the first one notes it.
            handler.setFilter(new DropInvalidEscapes(handler.getFilter(), filtered.isEmpty()));
            filtered.add(handler);
        }
    }

    @PreDestroy
    void stop() {
        for (Handler handler : filtered) {
            if (handler.getFilter() instanceof DropInvalidEscapes drop) {
                handler.setFilter(drop.previous);
            }
        }
    }

    /** One of Payara's entries for a request path with an invalid or truncated escape. */
    static boolean isInvalidEscape(LogRecord record) {
        Throwable thrown = record.getThrown();
        String logger = record.getLoggerName();
        if (logger == null || PAYARA_LOGGERS.stream().noneMatch(logger::startsWith)
                || !(thrown instanceof IllegalArgumentException || thrown instanceof IllegalStateException)) {
            return false;
        }
        StackTraceElement[] stack = thrown.getStackTrace();
        return stack.length > 0 && URL_DECODER.equals(stack[0].getClassName());
    }

    /** Never throws: an exception out of a log filter would turn Payara's answer into a 500. */
    private void note() {
        try {
            throttled.log(KIND, LOG, Level.WARNING, "A request path had an invalid %-escape; Payara answered it "
                    + "itself with an empty 200 (docs/api.md, \"Errors the application never sees\")", null);
        } catch (RuntimeException e) {
            // dropped with the entry it replaces
        }
    }

    private final class DropInvalidEscapes implements Filter {

        private final Filter previous;
        private final boolean notes;

        DropInvalidEscapes(Filter previous, boolean notes) {
            this.previous = previous;
            this.notes = notes;
        }

        @Override
        public boolean isLoggable(LogRecord record) {
            if (isInvalidEscape(record)) {
                if (notes) {
                    note();
                }
                return false;
            }
            return previous == null || previous.isLoggable(record);
        }
    }
}
