package app.famichat.jms.ra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.XAConnection;
import jakarta.jms.XASession;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import org.apache.activemq.artemis.core.transaction.impl.XidImpl;
import org.apache.activemq.artemis.jms.client.ActiveMQXAConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker, for real (its journal in a temporary directory): a transaction that a stopped server left
 * prepared is committed at the broker's next start, and one left unprepared is not.
 */
class FamichatResourceAdapterTest {

    private static final String QUEUE = FamichatResourceAdapter.FAN_OUT_QUEUE;

    @TempDir
    Path dataDirectory;

    private final FamichatResourceAdapter adapter = new FamichatResourceAdapter();

    @BeforeEach
    void startBroker() throws Exception {
        adapter.setBrokerDataDirectory(dataDirectory.toString());
        adapter.startEmbeddedBroker();
    }

    @AfterEach
    void stopBroker() {
        adapter.stopEmbeddedBroker();
    }

    @Test
    void aTransactionLeftPreparedIsCommittedWhenTheBrokerStartsAgain() throws Exception {
        leaveOpen("in doubt", true);
        assertNull(receive(), "a prepared message is not delivered before its commit");
        restartBroker();
        assertEquals("in doubt", receive());
        assertNull(receive(), "once");
    }

    @Test
    void aTransactionLeftUnpreparedIsRolledBack() throws Exception {
        leaveOpen("never prepared", false);
        restartBroker();
        assertNull(receive(), "the broker rolls back what was never prepared; only prepared work is committed");
    }

    /** Stops the broker (its journal keeps what was prepared) and starts it again on the same directory. */
    private void restartBroker() throws Exception {
        adapter.stopEmbeddedBroker();
        adapter.startEmbeddedBroker();
    }

    /** Sends in an XA branch, prepares it or not, and closes the connection unresolved, as a killed server does. */
    private static void leaveOpen(String text, boolean prepare) throws Exception {
        try (ActiveMQXAConnectionFactory factory = inVm(); XAConnection connection = factory.createXAConnection()) {
            XASession session = connection.createXASession();
            XAResource resource = session.getXAResource();
            Xid xid = new XidImpl(("branch " + text).getBytes(StandardCharsets.UTF_8), 1,
                    ("global " + text).getBytes(StandardCharsets.UTF_8));
            resource.start(xid, XAResource.TMNOFLAGS);
            session.createProducer(session.createQueue(QUEUE)).send(session.createTextMessage(text));
            resource.end(xid, XAResource.TMSUCCESS);
            if (prepare) {
                assertEquals(XAResource.XA_OK, resource.prepare(xid));
            }
        }
    }

    private static String receive() throws Exception {
        try (ActiveMQXAConnectionFactory factory = inVm(); Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE))) {
                Message message = consumer.receive(1_000);
                return message == null ? null : message.getBody(String.class);
            }
        }
    }

    private static ActiveMQXAConnectionFactory inVm() {
        return new ActiveMQXAConnectionFactory("vm://" + FamichatResourceAdapter.IN_VM_SERVER_ID);
    }
}
