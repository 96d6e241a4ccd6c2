package app.famichat.skeleton;

import app.famichat.platform.errors.FamichatException;
import app.famichat.platform.text.TextRules;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The walking skeleton of the send path. {@link #send} stores the request and publishes one JMS message per
 * target in ONE JTA transaction; {@link #deliver} runs in the message-driven bean's transaction and writes each
 * (send, target) row at most once, however often the broker redelivers.
 */
@Stateless
public class SkeletonService {

    @Inject
    SkeletonStore store;

    @Inject
    SkeletonFanOut fanOut;

    @Inject
    SkeletonMetrics metrics;

    @Resource
    TransactionSynchronizationRegistry transactions;

    public SkeletonSend send(UUID senderId, String label, List<String> targets) {
        TextRules.Result checked = TextRules.name(label, 200);
        if (!checked.ok()) {
            throw FamichatException.invalid("label", checked.refusal());
        }
        label = checked.value();
        SkeletonSend send = new SkeletonSend(UUID.randomUUID(), senderId, label, targets, Instant.now());
        store.saveSend(send);
        targets.forEach(target -> fanOut.publish(send.id(), target));
        metrics.sent(targets.size());
        return send;
    }

    /**
     * Records that {@code target} received {@code sendId}. Returns false for a duplicate (a redelivery of a
     * message whose first delivery committed), which changes nothing.
     */
    public boolean deliver(UUID sendId, String target, int attempt, long publishedAtMicros) {
        if (store.findSend(sendId).isEmpty()) {
            throw new IllegalStateException("Unknown skeleton send " + sendId);
        }
        if (store.isDelivered(sendId, target)) {
            metrics.duplicateDropped();
            return false;
        }
        store.saveDelivery(new SkeletonDelivery(sendId, target, attempt, Instant.now()));
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    metrics.persisted(Clock.nowMicros() - publishedAtMicros);
                }
            }
        });
        return true;
    }

    public Optional<SkeletonSend> find(UUID sendId) {
        return store.findSend(sendId);
    }

    /** The send, if {@code userId} made it: to anybody else it does not exist. */
    public Optional<SkeletonSend> findOwn(UUID sendId, UUID userId) {
        return store.findSend(sendId).filter(send -> send.sentBy(userId));
    }

    public List<SkeletonDelivery> deliveries(UUID sendId) {
        return store.deliveriesOf(sendId);
    }
}
