package app.famichat.it.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.platform.jms.Messaging;
import app.famichat.skeleton.SkeletonDelivery;
import app.famichat.skeleton.SkeletonFanOut;
import app.famichat.skeleton.SkeletonSend;
import app.famichat.skeleton.SkeletonService;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.QueueBrowser;
import jakarta.transaction.UserTransaction;
import java.io.File;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The skeleton send path inside the real container (Payara Micro, PostgreSQL, the RAR against the external
 * Artemis broker): transaction boundaries, redelivery and exactly-once effect. One deployment for all tests.
 */
@ExtendWith(ArquillianExtension.class)
class SkeletonFlowIT {

    @Deployment
    static WebArchive deployment() {
        File war = new File(System.getProperty("famichat.it.distribution"), "deploy/famichat.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war)
                .addClasses(SkeletonFlowIT.class, FailOnceAfterWriting.class);
    }

    @Inject
    SkeletonService service;

    @Inject
    SkeletonFanOut fanOut;

    @Resource
    UserTransaction transaction;

    @Resource(lookup = Messaging.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    @Test
    void everyTargetGetsExactlyOneRow() throws Exception {
        SkeletonSend send = service.send(UUID.randomUUID(), "fan-out", List.of("t1", "t2", "t3", "t4", "t5"));

        awaitTrue(() -> service.deliveries(send.id()).size() == 5);
        Thread.sleep(500);
        List<SkeletonDelivery> deliveries = service.deliveries(send.id());
        assertEquals(List.of("t1", "t2", "t3", "t4", "t5"), deliveries.stream().map(SkeletonDelivery::target).toList());
        assertTrue(deliveries.stream().allMatch(d -> d.attempt() == 1));
    }

    @Test
    void rolledBackDeliveryIsRedeliveredAndWrittenOnce() throws Exception {
        String failing = FailOnceAfterWriting.TARGET_PREFIX + "a";
        SkeletonSend send = service.send(UUID.randomUUID(), "redelivery", List.of(failing, "healthy"));

        awaitTrue(() -> service.deliveries(send.id()).size() == 2);
        Thread.sleep(1000); // room for a wrong extra delivery to show up
        List<SkeletonDelivery> deliveries = service.deliveries(send.id());
        assertEquals(2, deliveries.size());
        SkeletonDelivery redelivered = deliveries.stream().filter(d -> d.target().equals(failing)).findFirst().orElseThrow();
        assertEquals(2, redelivered.attempt(), "the row of the rolled-back first attempt must not survive");
    }

    @Test
    void duplicateMessageChangesNothing() throws Exception {
        SkeletonSend send = service.send(UUID.randomUUID(), "duplicate", List.of("once"));
        awaitTrue(() -> service.deliveries(send.id()).size() == 1);

        transaction.begin();
        fanOut.publish(send.id(), "once");
        transaction.commit();

        Thread.sleep(1500);
        assertEquals(1, service.deliveries(send.id()).size());
    }

    @Test
    void sendInRolledBackTransactionPublishesNothing() throws Exception {
        transaction.begin();
        SkeletonSend send = service.send(UUID.randomUUID(), "rolled-back", List.of("nobody"));
        transaction.rollback();

        Thread.sleep(1500);
        assertTrue(service.find(send.id()).isEmpty());
        assertTrue(service.deliveries(send.id()).isEmpty());
        assertFalse(messageWithSendIdIn("DLQ", send.id()), "no message of a rolled-back send may reach the broker");
        assertFalse(messageWithSendIdIn(Messaging.SKELETON_QUEUE, send.id()));
    }

    private boolean messageWithSendIdIn(String queue, UUID sendId) throws Exception {
        try (JMSContext context = connectionFactory.createContext();
             QueueBrowser browser = context.createBrowser(context.createQueue(queue),
                     "famichatSendId = '" + sendId + "'")) {
            return !Collections.list(browser.getEnumeration()).isEmpty();
        }
    }

    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 30 s");
            }
            Thread.sleep(100);
        }
    }
}
