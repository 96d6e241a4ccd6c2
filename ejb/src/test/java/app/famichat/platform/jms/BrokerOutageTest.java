package app.famichat.platform.jms;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ejb.EJBException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.junit.jupiter.api.Test;

class BrokerOutageTest {

    /** Another resource's XA failure. */
    static final class OtherXa extends XAException {
        OtherXa() {
            super(XAException.XA_RBOTHER);
        }
    }

    private static Exception rolledBack(Throwable cause) {
        Exception rollback = new RollbackException("Transaction marked for rollback.");
        rollback.initCause(cause);
        return rollback;
    }

    @Test
    void aJmsFailureUnderAnyWrappingIsTheBrokers() {
        assertTrue(BrokerOutage.isBrokerFailure(new EJBException(new JMSRuntimeException(
                "Could not publish a fan-out message", "AMQ219014", new JMSException("Timed out after waiting")))));
        assertTrue(BrokerOutage.isBrokerFailure(new JMSException("AMQ219010: Connection is destroyed")));
        assertTrue(BrokerOutage.isBrokerFailure(new RuntimeException(new EJBException(new JMSRuntimeException("x")))));
    }

    /** The Artemis client's exceptions are recognised by their package (the EJB module does not link Artemis). */
    @Test
    void theArtemisClientsOwnExceptionsAreTheBrokersByTheirPackage() {
        Throwable artemis = new org.apache.activemq.artemis.FakeXa();
        assertTrue(BrokerOutage.isBrokerFailure(new EJBException(rolledBack(artemis))));
        // an XAException of another resource (the database's) is not
        assertFalse(BrokerOutage.isBrokerFailure(new EJBException(rolledBack(new OtherXa()))));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(BrokerOutage.isBrokerFailure(new SQLException("terminating connection", "57P01")));
        assertFalse(BrokerOutage.isBrokerFailure(new EJBException(new IllegalStateException("a bug"))));
        RuntimeException loop = new RuntimeException();
        RuntimeException other = new RuntimeException(loop);
        loop.initCause(other);
        assertFalse(BrokerOutage.isBrokerFailure(other));
    }
}
