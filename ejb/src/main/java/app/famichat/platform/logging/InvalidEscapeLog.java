package app.famichat.platform.logging;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Payara logs two entries with a stack trace of about 90 lines each (a SEVERE {@code AS-WEB-CORE-00037} and a
 * WARNING {@code NCLS-CORE-00091}) for every request whose path has an invalid {@code %}-escape, before any part of the application runs (docs/api.md, "Errors the
 * application never sees"): without this, any client could flood the log and rotate its history away. A
 * {@link RootLogFilter} drops those entries and says so in one line through {@link ThrottledLog} (at most
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

    private RootLogFilter drop;

    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        throttled.prepare(KIND);
        drop = RootLogFilter.install(record -> {
            if (!isInvalidEscape(record)) {
                return false;
            }
            note();
            return true;
        });
    }

    @PreDestroy
    void stop() {
        if (drop != null) {
            drop.remove();
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
}
