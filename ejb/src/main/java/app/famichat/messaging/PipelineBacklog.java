package app.famichat.messaging;

import app.famichat.platform.jms.Messaging;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import jakarta.jms.JMSException;
import java.util.Enumeration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What is waiting in the pipeline, for the operator gauges: envelopes not yet taken, dead-lettered messages. */
@Stateless
public class PipelineBacklog {

    /** Counting stops here: a dead-letter queue this deep needs attention whatever the exact number. */
    static final int DEAD_LETTER_COUNT_LIMIT = 10_000;

    @Inject
    EnvelopeStore envelopes;

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Inject
    @ConfigProperty(name = "famichat.jms.dead-letter-queue", defaultValue = "DLQ")
    String deadLetterQueue;

    public long pendingEnvelopes() {
        return envelopes.pending();
    }

    /** Messages in the dead-letter queue (browsed, not consumed), up to {@value #DEAD_LETTER_COUNT_LIMIT}. */
    public long deadLetters() throws JMSException {
        try (JMSContext context = connectionFactory.createContext();
             QueueBrowser browser = context.createBrowser(context.createQueue(deadLetterQueue))) {
            Enumeration<?> messages = browser.getEnumeration();
            long count = 0;
            while (messages.hasMoreElements() && count < DEAD_LETTER_COUNT_LIMIT) {
                messages.nextElement();
                count++;
            }
            return count;
        }
    }
}
