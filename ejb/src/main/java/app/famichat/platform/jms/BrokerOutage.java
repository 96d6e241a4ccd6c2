package app.famichat.platform.jms;

import app.famichat.platform.errors.Causes;
import app.famichat.platform.logging.ThrottledLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A send that failed because the broker is unreachable or failing over to its backup (docs/operations.md,
 * "Faults"): the caller answers 503 with Retry-After. Such a send's transaction rolled back as a whole (the message
 * rows and the fan-out messages are one XA transaction), so the client's retry with the same client message id is
 * the only copy that counts; nothing was accepted. The resource adapter meanwhile reconnects by itself (HA, without
 * end), and readiness says DOWN while no session can be had ({@link app.famichat.platform.health.BrokerReadiness}).
 */
@ApplicationScoped
public class BrokerOutage {

    /** Answered as Retry-After: a failover to the backup took 1-3 s when measured (TopologyFaultsIT). */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(BrokerOutage.class.getName());
    /** ThrottledLog kind: every send during an outage fails the same way. */
    private static final String KIND = "broker_unavailable";
    /** The Artemis client's own exceptions (failover, lost connection, XA failures of its resource). */
    private static final String ARTEMIS = "org.apache.activemq.artemis.";

    @Inject
    ThrottledLog log;

    /**
     * True if {@code failure} or one of its causes is the broker's: a JMS failure, or an exception of the Artemis
     * client (its XA resource's, when the transaction could not be prepared or committed on the broker).
     */
    public static boolean isBrokerFailure(Throwable failure) {
        return Causes.any(failure, t -> t instanceof JMSException || t instanceof JMSRuntimeException
                || t.getClass().getName().startsWith(ARTEMIS));
    }

    /** True if {@code failure} comes from the broker; logs it (throttled, without its stack trace). */
    public boolean explains(Throwable failure) {
        if (!isBrokerFailure(failure)) {
            return false;
        }
        log.log(KIND, LOG, Level.WARNING, "A request failed for the message broker (answered 503): "
                + rootCause(failure), null);
        return true;
    }

    /** The innermost cause's kind and text: the broker client's own words (no message content reaches them). */
    private static String rootCause(Throwable failure) {
        Throwable root = Causes.root(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
