package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import app.famichat.send.HistoryEntry;
import app.famichat.send.HistoryStore;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A hosted device's envelopes: taking them (decrypted once into its user's history, {@link EnvelopeTaker}, one
 * transaction per batch), what it has been handed but not acknowledged, and its acknowledgements.
 */
@Stateless
public class Inbox {

    /** Unacknowledged messages pushed again at most on a connect. */
    static final int REPLAY_LIMIT = 500;

    @Inject
    EnvelopeTaker taker;

    @Inject
    EnvelopeStore envelopes;

    @Inject
    HistoryStore history;

    /** Takes up to {@value EnvelopeTaker#BATCH} waiting envelopes, in a transaction of its own. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public TakenBatch take(DeviceAddress device) {
        return taker.take(device);
    }

    /** Takes everything waiting for the device, batch by batch (each batch commits on its own). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<HistoryEntry> drain(DeviceAddress device) {
        List<HistoryEntry> all = new ArrayList<>();
        TakenBatch batch;
        do {
            batch = taker.take(device);
            all.addAll(batch.entries());
        } while (batch.more());
        return all;
    }

    /** What the device has taken but not acknowledged: pushed again when it connects. */
    public List<HistoryEntry> unacknowledged(DeviceAddress device) {
        return history.unacknowledged(device, REPLAY_LIMIT);
    }

    /** The device acknowledges a pushed message; false if it was unknown or acknowledged already. */
    public boolean acknowledge(DeviceAddress device, UUID messageId) {
        return envelopes.markDelivered(messageId, device);
    }

    /** The device has fetched the conversation's messages from {@code fromSeq} to {@code toSeq}: delivered. */
    public void fetched(DeviceAddress device, UUID conversationId, long fromSeq, long toSeq) {
        envelopes.markDelivered(device, conversationId, fromSeq, toSeq);
    }
}
