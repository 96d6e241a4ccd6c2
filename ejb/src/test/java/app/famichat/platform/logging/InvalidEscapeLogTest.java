package app.famichat.platform.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class InvalidEscapeLogTest {

    @Test
    void payarasEntryForABadHexEscapeIsRecognised() {
        assertTrue(InvalidEscapeLog.isInvalidEscape(record("jakarta.enterprise.web.core",
                fromDecoder(new IllegalArgumentException("URLDecoder: Illegal hex characters in escape (%)")))));
    }

    @Test
    void payarasEntryForATruncatedEscapeIsRecognised() {
        assertTrue(InvalidEscapeLog.isInvalidEscape(record("jakarta.enterprise.web.core",
                fromDecoder(new IllegalStateException("Unexpected termination")))));
    }

    @Test
    void payarasSecondEntryAboutTheErrorPageIsRecognised() {
        assertTrue(InvalidEscapeLog.isInvalidEscape(record("javax.enterprise.system.core",
                fromDecoder(new IllegalArgumentException("URLDecoder: Illegal hex characters in escape (%)")))));
    }

    @Test
    void otherContainerErrorsStay() {
        assertFalse(InvalidEscapeLog.isInvalidEscape(record("jakarta.enterprise.web.core",
                new IllegalArgumentException("something else"))), "thrown elsewhere");
        assertFalse(InvalidEscapeLog.isInvalidEscape(record("jakarta.enterprise.web.core",
                fromDecoder(new NullPointerException()))), "another exception type");
        assertFalse(InvalidEscapeLog.isInvalidEscape(record("app.famichat.web",
                fromDecoder(new IllegalArgumentException()))), "another logger");
        assertFalse(InvalidEscapeLog.isInvalidEscape(record("jakarta.enterprise.web.core", null)), "no exception");
    }

    private static <T extends RuntimeException> T fromDecoder(T exception) {
        exception.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("org.glassfish.grizzly.http.util.URLDecoder", "decode", "URLDecoder.java", 199),
                new StackTraceElement("org.apache.catalina.connector.CoyoteAdapter", "service", null, 1)});
        return exception;
    }

    private static LogRecord record(String logger, Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "AS-WEB-CORE-00037");
        record.setLoggerName(logger);
        record.setThrown(thrown);
        return record;
    }
}
