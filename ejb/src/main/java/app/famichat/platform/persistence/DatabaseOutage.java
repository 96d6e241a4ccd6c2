package app.famichat.platform.persistence;

import app.famichat.platform.errors.Causes;
import app.famichat.platform.logging.RootLogFilter;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.resource.ResourceException;
import jakarta.transaction.SystemException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.naming.NamingException;
import javax.transaction.xa.XAException;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * This node losing its database, and getting it back. A connection failure anywhere starts an outage: one warning
 * in the log, a probe of the database at most once per second, and one line when the probe succeeds. Meanwhile
 * REST answers 503 with Retry-After and the fan-out consumers wait instead of failing (OutageWait in messaging):
 * both ask {@link #explains}.
 *
 * <p>The log says it once: while this node is deployed, records whose exception is a connection failure (the
 * EJB container's, EclipseLink's, a resource's own) are dropped from the server's log handlers, and during an
 * outage so are the warnings of the connection pool, the transaction manager and the EJB containers, which
 * otherwise log each failed request and each failed attempt. Without that, each request of an outage wrote a
 * stack trace (10 MB in two minutes, docs/security.md).
 */
@ApplicationScoped
public class DatabaseOutage {

    /** Answered as Retry-After: the probe notices a recovery within a second, clients come back after this. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private static final Logger LOG = Logger.getLogger(DatabaseOutage.class.getName());
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(1);
    /** PostgreSQL's SQLStates of a server going away or not taking connections yet (class 08: connection). */
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    /** Payara's connection pool, when no connection can be had (its message carries no SQLState). */
    private static final String POOL_EXHAUSTED = "Error in allocating a connection";
    /**
     * Payara's loggers that warn at every request or attempt that fails during an outage (the connection pool, the
     * transaction manager, the EJB and MDB containers): quiet while the database is unreachable.
     */
    private static final List<String> QUIET_DURING_OUTAGE = List.of("javax.enterprise.resource.resourceadapter",
            "javax.enterprise.resource.jta", "javax.enterprise.system.core.transaction", "jakarta.enterprise.ejb",
            "javax.enterprise.system.container.ejb");

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    MetricRegistry registry;

    private final Object lock = new Object();
    private Instant since;
    private ScheduledFuture<?> probe;
    private long lastProbeNanos;
    private boolean lastProbeReached = true;
    private Counter outages;
    /** Keeps outage noise out of the log; in place from start to stop. */
    private RootLogFilter quiet;

    /** True if {@code failure} or one of its causes says the database cannot be reached (or no connection had). */
    public static boolean isConnectionFailure(Throwable failure) {
        return Causes.any(failure, t -> t instanceof SQLException sql
                && (unavailable(sql) || unavailable(sql.getNextException())));
    }

    /**
     * True if a transaction could not complete ({@code failure} or a cause is a transaction manager's or a resource's
     * own failure): the driver's SQLState is lost on that way, so such a failure is an outage only if the database
     * does not answer ({@link #explains}).
     */
    static boolean isTransactionFailure(Throwable failure) {
        return Causes.any(failure, t -> t instanceof SystemException || t instanceof XAException
                || t instanceof ResourceException);
    }

    /**
     * True if {@code failure} comes from the database being unreachable: a connection failure, or a transaction
     * that could not complete while the database does not answer (a probe, at most once per second, decides).
     * Notes the outage; the caller then answers 503 or waits, and logs nothing.
     */
    public boolean explains(Throwable failure) {
        if (isConnectionFailure(failure) || isTransactionFailure(failure) && !reachable()) {
            failed();
            return true;
        }
        return false;
    }

    private static boolean unavailable(SQLException e) {
        if (e == null) {
            return false;
        }
        String state = e.getSQLState();
        return state == null ? e.getMessage() != null && e.getMessage().startsWith(POOL_EXHAUSTED)
                : state.startsWith("08") || UNAVAILABLE_STATES.contains(state);
    }

    /** Registers the metric and quiets the log at startup (being called at all created the bean). */
    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        outages = registry.counter(Metadata.builder().withName("famichat_database_outages")
                .withDescription("Database outages this node noticed (a connection failure until a probe succeeded)")
                .build());
        registry.gauge(Metadata.builder().withName("famichat_database_unreachable")
                .withDescription("1 while this node cannot reach its database, else 0").build(), this,
                outage -> outage.unreachable() ? 1 : 0);
        quiet = RootLogFilter.install(this::dropsDuringOutage);
    }

    @PreDestroy
    void stop() {
        if (quiet != null) {
            quiet.remove();
        }
        synchronized (lock) {
            if (probe != null) {
                probe.cancel(false);
            }
        }
    }

    /** True from a connection failure until a probe reaches the database again. */
    public boolean unreachable() {
        synchronized (lock) {
            return since != null;
        }
    }

    /** Notes a connection failure: the first one of an outage warns and starts the probe. */
    public void failed() {
        synchronized (lock) {
            if (since != null) {
                return;
            }
            since = Instant.now();
            if (outages != null) {
                outages.inc();
            }
            probe = scheduler.scheduleWithFixedDelay(this::probe, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.warning("Database unreachable: requests answer 503 and fan-out messages wait until it is back "
                + "(probed every second; this is logged once per outage)");
    }

    /**
     * Waits at most {@code timeout} for the database to be reachable again; returns at once if it is. True if it
     * is reachable (as far as the probe knows).
     */
    public boolean awaitReachable(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (since != null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Whether the database answered the latest probe; probes it if that was more than a second ago. */
    private boolean reachable() {
        synchronized (lock) {
            if (lastProbeNanos != 0 && System.nanoTime() - lastProbeNanos < PROBE_INTERVAL.toNanos()) {
                return lastProbeReached;
            }
            lastProbeNanos = System.nanoTime();
        }
        boolean reached;
        try (Connection connection = FamichatDataSource.lookup().getConnection()) {
            reached = connection.isValid(1);
        } catch (SQLException | NamingException | RuntimeException e) {
            reached = false;
        }
        synchronized (lock) {
            lastProbeReached = reached;
        }
        return reached;
    }

    private void probe() {
        if (!reachable()) {
            return;
        }
        Duration lasted;
        synchronized (lock) {
            if (since == null) {
                return;
            }
            lasted = Duration.between(since, Instant.now());
            since = null;
            probe.cancel(false);
            probe = null;
            lock.notifyAll();
        }
        LOG.info("Database reachable again after " + lasted.toMillis() / 1000.0 + " s");
    }

    private static boolean quietDuringOutage(LogRecord record) {
        String logger = record.getLoggerName();
        return logger != null && record.getLevel().intValue() <= Level.WARNING.intValue()
                && QUIET_DURING_OUTAGE.stream().anyMatch(logger::startsWith);
    }

    /**
     * Drops log records caused by a lost database connection (noting the outage) and, while the database is
     * unreachable, transaction failures and Payara's warnings about them.
     */
    private boolean dropsDuringOutage(LogRecord record) {
        Throwable thrown = record.getThrown();
        if (thrown != null && isConnectionFailure(thrown)) {
            failed();
            return true;
        }
        return unreachable() && (thrown != null && isTransactionFailure(thrown) || quietDuringOutage(record));
    }
}
