package app.famichat.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.AccountService;
import app.famichat.platform.errors.Failure;
import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.jms.Messaging;
import app.famichat.platform.persistence.FamichatDataSource;
import app.famichat.accounts.DeviceAddress;
import app.famichat.send.FanOut;
import app.famichat.send.FanOutRequest;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A poison fan-out message in the real container and broker: it is retried, lands in the dead-letter queue with
 * its ids, and once its cause is fixed an operator's replay moves it back and it is encrypted exactly once.
 * (In package {@code app.famichat.delivery} to publish a fan-out message directly.)
 */
@ExtendWith(ArquillianExtension.class)
class DeadLettersIT {

    @Deployment
    static WebArchive deployment() {
        File war = new File(System.getProperty("famichat.it.distribution"), "deploy/famichat.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClasses(DeadLettersIT.class);
    }

    @Inject
    AccountService accounts;

    @Inject
    FanOut fanOut;

    @Inject
    DeadLetters deadLetters;

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    @Resource(lookup = "java:comp/UserTransaction")
    UserTransaction tx;

    @Test
    void aPoisonMessageIsDeadLetteredListedAndReplayedOnceItsCauseIsFixed() throws Exception {
        DeviceAddress alice = hostedDevice("alice");
        DeviceAddress bob = hostedDevice("bob");
        // A fan-out for a message whose row does not exist: the envelope's foreign key fails every attempt.
        UUID messageId = UUID.randomUUID();
        UUID conversationId = UUID.randomUUID();
        Instant sentAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        FanOutRequest request = new FanOutRequest(messageId, conversationId, 1, alice, bob, sentAt);
        tx.begin();
        fanOut.publish(List.of(request), "poison until fixed");
        tx.commit();

        DeadLetter letter = await(() -> deadLetters.list().stream()
                .filter(dead -> messageId.equals(dead.messageId())).findFirst(), "dead-lettered");
        assertEquals(Messaging.FAN_OUT_QUEUE, letter.originalQueue());
        assertEquals(bob, letter.recipient());
        assertEquals(sentAt, letter.sentAt());
        assertTrue(deadLetters.count() >= 1);
        assertEquals(0, envelopes(messageId));

        insertMessageRow(messageId, conversationId, alice, sentAt);
        assertEquals(letter, deadLetters.replay(letter.id()));
        await(() -> envelopes(messageId) == 1 ? Optional.of(true) : Optional.empty(), "encrypted after the replay");
        assertTrue(deadLetters.list().stream().noneMatch(dead -> messageId.equals(dead.messageId())));
        assertEquals(1, envelopes(messageId), "exactly one envelope");

        FamichatException gone = assertThrows(FamichatException.class, () -> deadLetters.replay(letter.id()));
        assertEquals(Failure.NOT_FOUND, gone.failure());
        assertEquals(Failure.NOT_FOUND, assertThrows(FamichatException.class,
                () -> deadLetters.replay("ID:' OR 1=1 OR JMSMessageID='x")).failure());
    }

    private DeviceAddress hostedDevice(String tag) {
        UUID user = accounts.register(tag + "-" + UUID.randomUUID().toString().substring(0, 8),
                "correct horse battery", tag).id();
        return new DeviceAddress(user, accounts.addDevice(user, "phone").device().deviceId());
    }

    private void insertMessageRow(UUID messageId, UUID conversationId, DeviceAddress sender, Instant sentAt)
            throws Exception {
        try (Connection db = dataSource.getConnection()) {
            try (PreparedStatement conversation = db.prepareStatement("INSERT INTO conversations (id, type, "
                    + "singleton_key, created_at) VALUES (?, 'SELF', ?, now())")) {
                conversation.setObject(1, conversationId);
                conversation.setString(2, "self:" + sender.userId());
                conversation.executeUpdate();
            }
            try (PreparedStatement message = db.prepareStatement("INSERT INTO messages (id, conversation_id, seq, "
                    + "sender_user_id, sender_device_id, client_message_id, sent_at, fan_out) "
                    + "VALUES (?, ?, 1, ?, ?, 'dead-letter', ?, 1)")) {
                message.setObject(1, messageId);
                message.setObject(2, conversationId);
                message.setObject(3, sender.userId());
                message.setShort(4, (short) sender.deviceId());
                message.setObject(5, java.time.OffsetDateTime.ofInstant(sentAt, java.time.ZoneOffset.UTC));
                message.executeUpdate();
            }
        }
    }

    private int envelopes(UUID messageId) {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM message_envelopes WHERE message_id = ?")) {
            query.setObject(1, messageId);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Supplier<Optional<T>> condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            Optional<T> value = condition.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("Not " + what + " within 60 s");
    }
}
