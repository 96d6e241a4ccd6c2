package app.famichat.platform.outages;

import app.famichat.platform.errors.Causes;
import app.famichat.platform.jms.BrokerOutage;
import app.famichat.platform.logging.ThrottledLog;
import app.famichat.platform.persistence.DatabaseOutage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one answer to "was this failure an outage?", for every edge that turns failures into answers: the REST
 * problem mappers (503 + Retry-After) and the WebSocket protocol (an {@code unavailable} error frame, the socket
 * kept open). One place, so that a request and a frame that hit the same outage are told the same thing.
 */
@ApplicationScoped
public class Outages {

    private static final Logger LOG = Logger.getLogger(Outages.class.getName());
    /** ThrottledLog kind: any client can cause it again and again while a resource fails at commit. */
    static final String INCOMPLETE = "transaction_incomplete";

    @Inject
    DatabaseOutage database;

    @Inject
    BrokerOutage broker;

    @Inject
    ThrottledLog log;

    /**
     * The outage that explains {@code failure}, if one does; notes it where it is tracked (a database outage
     * starts its probe, a broker failure or an incomplete transaction is logged, throttled). Empty for anything
     * else: a bug, to be logged as such by the caller.
     */
    public Optional<Outage> classify(Throwable failure) {
        // The log says a database outage once (DatabaseOutage), and the client comes back later.
        if (database.explains(failure)) {
            return Optional.of(new Outage(Outage.Service.DATABASE, DatabaseOutage.RETRY_AFTER));
        }
        if (broker.explains(failure)) {
            return Optional.of(new Outage(Outage.Service.BROKER, BrokerOutage.RETRY_AFTER));
        }
        if (isIncompleteTransaction(failure)) {
            log.log(INCOMPLETE, LOG, Level.WARNING, "A transaction could not complete (answered unavailable): "
                    + Causes.root(failure), null);
            return Optional.of(new Outage(Outage.Service.COMMIT, BrokerOutage.RETRY_AFTER));
        }
        return Optional.empty();
    }

    /**
     * True if the transaction manager could not complete the transaction because a resource failed between the
     * work and its commit. Seen: the primary broker killed while a send committed; its XA end failed, JTS rolled
     * back and reported a {@link SystemException}, or a {@link RollbackException} when the broker's prepare
     * failed, with no broker exception among its causes (an application's own rollback never reaches the commit,
     * so it does not end here). The work rolled back (or, after a heuristic decision, its outcome is unknown): the
     * client may try again, and a send is safe to repeat (idempotent by its {@code clientMessageId}).
     */
    static boolean isIncompleteTransaction(Throwable failure) {
        return Causes.any(failure, t -> t instanceof RollbackException || t instanceof SystemException
                || t instanceof HeuristicMixedException || t instanceof HeuristicRollbackException);
    }
}
