package app.famichat.platform.jms;

import app.famichat.platform.errors.Causes;
import app.famichat.platform.logging.ThrottledLog;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The broker unreachable or failing over to its backup (docs/operations.md, "Faults"). A send that failed for it
 * answers 503 with Retry-After: its transaction rolled back as a whole (the message rows and the fan-out messages are
 * one XA transaction), so the client's retry with the same client message id is the only copy that counts. The
 * resource adapter meanwhile reconnects by itself (HA, without end), and its calls wait for that instead of failing:
 * so a {@link BrokerProbe} tells readiness ({@link app.famichat.platform.health.BrokerReadiness}, DOWN within
 * {@link #PROBE_TIMEOUT}) and sends ({@link #refuseWhileUnreachable}, 503 at once instead of a request held until
 * its timeout) whether a session can be had.
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

    /** A probe (a session from the pool, a queue named) unanswered this long means the broker is away. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);

    @Inject
    ThrottledLog log;

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Resource(lookup = "java:comp/DefaultManagedExecutorService")
    ManagedExecutorService executor;

    private BrokerProbe probe;

    @PostConstruct
    void createProbe() {
        probe = new BrokerProbe(executor, this::connects, System::nanoTime, PROBE_INTERVAL, PROBE_TIMEOUT);
    }

    private boolean connects() {
        try (JMSContext context = connectionFactory.createContext()) {
            context.createQueue(Messaging.FAN_OUT_QUEUE);
            return true;
        }
    }

    /** For readiness: whether a session can be had, waiting at most {@link #PROBE_TIMEOUT} for the probe. */
    public boolean reachable() {
        return probe.reachable(true);
    }

    /**
     * For a send, before it publishes: fails at once (a JMS failure, so answered 503) while the latest probe failed
     * or hangs; never waits.
     */
    public void refuseWhileUnreachable() {
        if (!probe.reachable(false)) {
            throw new JMSRuntimeException("The message broker is unreachable or failing over");
        }
    }

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
        log.log(KIND, LOG, Level.WARNING, "A request or socket frame failed for the message broker "
                + "(answered unavailable): " + rootCause(failure), null);
        return true;
    }

    /** The innermost cause's kind and text: the broker client's own words (no message content reaches them). */
    private static String rootCause(Throwable failure) {
        Throwable root = Causes.root(failure);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
