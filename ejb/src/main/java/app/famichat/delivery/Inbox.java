package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import app.famichat.send.HistoryEntry;
import app.famichat.send.HistoryStore;
import app.famichat.vault.UserSecrets;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Inject
    Event<StatusChanged> statusChanged;

    @Inject
    UserSecrets secrets;

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

    /**
     * Before a user reads history: takes what is waiting for the reading device, and for the user's other
     * devices. History is the user's, filled by whichever device takes an envelope first; a device made after a
     * message was sent has no envelope of its own for it, so without this a new browser would not show what is
     * still waiting for the user's phone. The server holds every device's keys (server custody), so it can take
     * them; each such device still gets the messages pushed when it next connects (taken, not acknowledged), and
     * they count as delivered to it only then.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public void drainForReading(DeviceAddress reader) {
        drain(reader);
        for (DeviceAddress other : envelopes.devicesWithUntaken(reader.userId())) {
            if (!other.equals(reader)) {
                drain(other);
            }
        }
    }

    /**
     * What the device has taken but not acknowledged: pushed again when it connects. Nothing for a locked user
     * whose keyring is not unlocked here (a token whose unlock is gone): their history does not open; REST tells
     * them to sign in again.
     */
    public List<HistoryEntry> unacknowledged(DeviceAddress device) {
        if (!secrets.usable(device.userId())) {
            return List.of();
        }
        return history.unacknowledged(device, REPLAY_LIMIT);
    }

    /**
     * The device acknowledges pushed messages (one ack frame: one id, or several), in one transaction; returns how
     * many this marked delivered (unknown ids, another device's and repeats mark nothing). The senders' sockets
     * hear of them after the commit: one {@link StatusChanged} per conversation, from its first to its last
     * message marked, as for a fetch.
     */
    public int acknowledge(DeviceAddress device, List<UUID> messageIds) {
        List<StatusChanged> marked = envelopes.markDelivered(messageIds, device);
        Map<UUID, List<Long>> seqs = new LinkedHashMap<>();
        marked.forEach(change -> seqs.computeIfAbsent(change.conversationId(), id -> new ArrayList<>())
                .add(change.fromSeq()));
        seqs.forEach((conversationId, marks) -> statusChanged.fire(new StatusChanged(conversationId,
                Collections.min(marks), Collections.max(marks), HistoryEntry.Status.DELIVERED)));
        return marked.size();
    }

    /**
     * The device has fetched the conversation's messages from {@code fromSeq} to {@code toSeq}: delivered. If that
     * marked any, one {@link StatusChanged} covers them all.
     */
    public void fetched(DeviceAddress device, UUID conversationId, long fromSeq, long toSeq) {
        List<Long> marked = envelopes.markDelivered(device, conversationId, fromSeq, toSeq);
        if (!marked.isEmpty()) {
            statusChanged.fire(new StatusChanged(conversationId, Collections.min(marked), Collections.max(marked),
                    HistoryEntry.Status.DELIVERED));
        }
    }
}
