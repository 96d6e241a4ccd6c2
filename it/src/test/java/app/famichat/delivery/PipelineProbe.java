package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import app.famichat.send.FanOut;
import app.famichat.send.FanOutRequest;
import app.famichat.send.JmsFanOut;
import app.famichat.send.SentMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;

/**
 * Test-only access to the package-private steps of the pipeline, in MessagePipelineIT's deployment only: the
 * fan-out of one message to one device published again (what a broker redelivery or a duplicate publish looks
 * like to the encryption MDB), and the encryption step run again directly.
 */
@ApplicationScoped
public class PipelineProbe {

    @Inject
    FanOut fanOut;

    @Inject
    EnvelopeEncryptor encryptor;

    /** Publishes the fan-out message again, in the caller's transaction. */
    public void publishAgain(SentMessage sent, UUID conversationId, DeviceAddress sender, DeviceAddress recipient,
            String body) {
        fanOut.publish(List.of(request(sent, conversationId, sender, recipient)), body);
    }

    /** Runs the encryption step for the message and device again; false: it was a duplicate and changed nothing. */
    public boolean encryptAgain(SentMessage sent, UUID conversationId, DeviceAddress sender, DeviceAddress recipient,
            String body) {
        return encryptor.encrypt(new JmsFanOut.Opened(request(sent, conversationId, sender, recipient), body));
    }

    private static FanOutRequest request(SentMessage sent, UUID conversationId, DeviceAddress sender,
            DeviceAddress recipient) {
        return new FanOutRequest(sent.messageId(), conversationId, sent.seq(), sender, recipient, sent.sentAt());
    }
}
