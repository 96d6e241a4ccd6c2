package app.famichat.platform.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

    @Test
    void aLostOrRefusedConnectionIsRecognisedUnderAnyWrapping() {
        SQLException lost = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        assertTrue(DatabaseOutage.isConnectionFailure(new EJBException(new PersistenceException(
                new RuntimeException(lost)))));
        assertTrue(DatabaseOutage.isConnectionFailure(new SQLException("The connection attempt failed.", "08001")));
        assertTrue(DatabaseOutage.isConnectionFailure(new SQLException("terminating connection", "57P01")));
        assertTrue(DatabaseOutage.isConnectionFailure(new SQLException("the database system is starting up", "57P03")));
        assertTrue(DatabaseOutage.isConnectionFailure(new PersistenceException(new SQLException(
                "Error in allocating a connection. Cause: Connection could not be allocated because: refused"))));
        SQLException batch = new SQLException("Batch entry 0 was aborted", "08006");
        SQLException head = new SQLException("batch failed", (String) null);
        head.setNextException(batch);
        assertTrue(DatabaseOutage.isConnectionFailure(head));
    }

    @Test
    void aTransactionThatCouldNotCompleteIsOnlyACandidate() {
        Exception commit = new EJBException("Unable to complete container-managed transaction.",
                new jakarta.transaction.SystemException("org.omg.CORBA.INTERNAL"));
        assertTrue(DatabaseOutage.isTransactionFailure(commit));
        assertFalse(DatabaseOutage.isConnectionFailure(commit), "an outage only if the probe fails too");
        assertTrue(DatabaseOutage.isTransactionFailure(new javax.transaction.xa.XAException("I/O error")));
        assertFalse(DatabaseOutage.isTransactionFailure(new EJBException(new IllegalStateException("a bug"))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(DatabaseOutage.isConnectionFailure(new SQLException("duplicate key", "23505")));
        assertFalse(DatabaseOutage.isConnectionFailure(new SQLException("serialization failure", "40001")));
        assertFalse(DatabaseOutage.isConnectionFailure(new EJBException(new IllegalStateException("a bug"))));
        assertFalse(DatabaseOutage.isConnectionFailure(new SQLException("no state")));
        RuntimeException loop = new RuntimeException();
        RuntimeException other = new RuntimeException(loop);
        loop.initCause(other);
        assertFalse(DatabaseOutage.isConnectionFailure(other));
    }
}
