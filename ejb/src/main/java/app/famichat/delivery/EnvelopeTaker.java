package app.famichat.delivery;

import app.famichat.accounts.DeviceAddress;
import app.famichat.keys.HostedSignalStore;
import app.famichat.keys.SignalStores;
import app.famichat.send.FanOut;
import app.famichat.send.FanOutRequest;
import app.famichat.send.HistoryEntry;
import app.famichat.send.HistoryStore;
import app.famichat.vault.UserSecrets;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One take of a device's envelopes, in a transaction of its own ({@link Inbox} loops over takes): each envelope
 * is decrypted ONCE with the device's session (the ratchet then forgets the message key), its text stored under
 * the user's storage key as history, and the envelope marked taken. Failures follow docs/architecture.md, "The
 * send path".
 */
@Stateless
public class EnvelopeTaker {

    /** Envelopes per take (and transaction). */
    static final int BATCH = 100;

    @Inject
    EnvelopeStore envelopes;

    @Inject
    HistoryStore history;

    @Inject
    PairLocks locks;

    @Inject
    SignalStores stores;

    @Inject
    FanOut fanOut;

    @Inject
    SecurityEvents securityEvents;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    UserSecrets secrets;

    private SignalBoundary signal;

    @PostConstruct
    void init() {
        signal = new SignalBoundary(metrics);
    }

    /**
     * Takes up to {@value #BATCH} waiting envelopes; returns what the device gets. Nothing for a locked user whose
     * keyring is not unlocked on this thread: their envelopes wait, still Signal ciphertext, for a live token.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public TakenBatch take(DeviceAddress device) {
        if (!secrets.usable(device.userId())) {
            return new TakenBatch(List.of(), false);
        }
        locks.lockInbox(device);
        List<Envelope> waiting = envelopes.untaken(device, BATCH);
        if (waiting.isEmpty()) {
            return new TakenBatch(List.of(), false);
        }
        HostedSignalStore store = stores.forDevice(device);
        List<HistoryEntry> taken = new ArrayList<>();
        for (Envelope envelope : waiting) {
            locks.lockSession(device, envelope.sender());
            Decryption outcome = signal.decrypt(store, HostedSignalStore.address(envelope.sender()),
                    envelope.messageId(), envelope.conversationId(), envelope.signalType(), envelope.ciphertext());
            if (outcome instanceof Decryption.Plain plain) {
                taken.add(keep(envelope, plain.body(), false));
            } else {
                DecryptFailure reason = ((Decryption.Failed) outcome).reason();
                metrics.decryptFailed(reason);
                refused(envelope, reason).ifPresent(taken::add);
            }
        }
        taken.sort(Comparator.comparing((HistoryEntry entry) -> entry.conversationId().toString())
                .thenComparingLong(HistoryEntry::seq));
        return new TakenBatch(taken, waiting.size() == BATCH);
    }

    private HistoryEntry keep(Envelope envelope, String body, boolean undecryptable) {
        HistoryEntry entry = new HistoryEntry(envelope.messageId(), envelope.conversationId(), envelope.seq(),
                envelope.sender(), envelope.sentAt(), body, undecryptable, null);
        history.store(envelope.recipient().userId(), entry);
        envelopes.markTaken(envelope);
        return entry;
    }

    /** What becomes of an envelope that did not decrypt: what the device is shown, if anything. */
    private Optional<HistoryEntry> refused(Envelope envelope, DecryptFailure reason) {
        switch (reason) {
            case DUPLICATE -> {
                envelopes.markTaken(envelope);
                return Optional.empty();
            }
            case NO_SESSION -> {
                // One fresh session per envelope: if the re-sent one fails too, it is shown as undecryptable.
                if (!envelopes.establishedSession(envelope) && resend(envelope)) {
                    return Optional.empty();
                }
            }
            default -> {
            }
        }
        securityEvents.envelopeRefused(reason, envelope.recipient(), envelope.messageId());
        return Optional.of(keep(envelope, HistoryEntry.UNDECRYPTABLE_TEXT, true));
    }

    /**
     * The recipient device lost its session: drop the sender's side of it and the envelope, and fan the message
     * out again from the sender's stored copy (the encryption MDB then starts a new session with a fresh bundle).
     * False if the sender's copy is gone (their history erased) or out of reach: a locked sender whose keyring is
     * not unlocked here (signed out, or another user's take) cannot have their copy read or encrypted again.
     */
    private boolean resend(Envelope envelope) {
        if (!secrets.usable(envelope.sender().userId())) {
            return false;
        }
        Optional<HistoryEntry> original = history.find(envelope.sender().userId(), envelope.messageId());
        if (original.isEmpty()) {
            return false;
        }
        locks.lockSession(envelope.sender(), envelope.recipient());
        stores.forDevice(envelope.sender())
                .deleteSession(HostedSignalStore.address(envelope.recipient()));
        envelopes.delete(envelope);
        fanOut.publish(List.of(new FanOutRequest(envelope.messageId(), envelope.conversationId(), envelope.seq(),
                envelope.sender(), envelope.recipient(), envelope.sentAt())), original.get().body());
        metrics.resent();
        return true;
    }
}
