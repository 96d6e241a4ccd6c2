package app.famichat.platform.outages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.platform.jms.BrokerOutage;
import app.famichat.platform.logging.ThrottledLog;
import app.famichat.platform.persistence.DatabaseOutage;
import jakarta.ejb.EJBException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutagesTest {

    /** The outages as the server tells them, without their probes and metrics (which need a running server). */
    private final Outages outages = new Outages();

    OutagesTest() {
        outages.database = new DatabaseOutage() {
            @Override
            public boolean explains(Throwable failure) {
                return isConnectionFailure(failure);
            }
        };
        outages.broker = new BrokerOutage() {
            @Override
            public boolean explains(Throwable failure) {
                return isBrokerFailure(failure);
            }
        };
        outages.log = new ThrottledLog();
    }

    private Optional<Outage.Service> away(Throwable failure) {
        return outages.classify(failure).map(Outage::away);
    }

    @Test
    void aLostDatabaseConnectionIsTheDatabaseBeingAwayForFiveSeconds() {
        // As EclipseLink wraps the driver's failure when PostgreSQL is stopped under a request.
        Throwable failure = new EJBException(new PersistenceException(
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));

        Outage outage = outages.classify(failure).orElseThrow();

        assertEquals(Outage.Service.DATABASE, outage.away());
        assertEquals(5, outage.retryAfterSeconds());
        assertEquals("The database is unreachable; try again later", outage.detail());
    }

    @Test
    void aBrokerFailureIsTheBrokerBeingAway() {
        assertEquals(Optional.of(Outage.Service.BROKER),
                away(new EJBException(new JMSRuntimeException("The message broker is unreachable or failing over"))));
        assertEquals(Optional.of(Outage.Service.BROKER), away(new EJBException(new JMSException("failover"))));
        assertEquals(5, outages.classify(new JMSRuntimeException("away")).orElseThrow().retryAfterSeconds());
    }

    @Test
    void aTransactionTheManagerCouldNotCompleteIsAServiceFailureNotAnError() {
        // As the container reported it when the primary broker was killed during a send's commit (TopologyFaultsIT).
        SystemException commit = new SystemException("JTS5031: Exception [org.omg.CORBA.INTERNAL] on Resource [rollback]");
        commit.initCause(new IllegalStateException("org.omg.CORBA.INTERNAL"));
        assertTrue(Outages.isIncompleteTransaction(new EJBException(commit)));
        assertTrue(Outages.isIncompleteTransaction(new EJBException(new HeuristicMixedException("mixed"))));
        // The broker killed before its branch was prepared: JTS rolled back (TopologyFaultsIT, no broker at all).
        assertTrue(Outages.isIncompleteTransaction(new EJBException(new RollbackException())));
        assertEquals(Optional.of(Outage.Service.COMMIT), away(new EJBException(commit)));
    }

    @Test
    void otherFailuresAreNotTakenForAnOutage() {
        assertFalse(Outages.isIncompleteTransaction(new EJBException(new IllegalStateException("a bug"))));
        assertFalse(Outages.isIncompleteTransaction(new NullPointerException()));
        assertEquals(Optional.empty(), away(new EJBException(new IllegalStateException("a bug"))));
        // A database refusal (a unique violation) is the request's problem, not an outage.
        assertEquals(Optional.empty(), away(new PersistenceException(new SQLException("duplicate key", "23505"))));
    }
}
