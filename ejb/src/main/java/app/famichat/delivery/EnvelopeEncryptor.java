package app.famichat.delivery;

import app.famichat.custody.SendKeys;
import app.famichat.keys.BundleClaims;
import app.famichat.keys.HostedSignalStore;
import app.famichat.keys.SignalStores;
import app.famichat.send.FanOutRequest;
import app.famichat.send.HistoryEntry;
import app.famichat.send.JmsFanOut;
import app.famichat.send.MessageStore;
import app.famichat.vault.UnlockedKeyrings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The second step of the send path, in one database transaction (the fan-out message is acknowledged after it
 * commits, {@link EncryptionListener}): one message for one recipient device. Skips a (message, device) already
 * done (a redelivery); locks the pair's session; without a usable one claims the device's prekey bundle and runs
 * PQXDH; encrypts; stores the envelope and its encryption metadata (the session is stored by the store as
 * libsignal advances it); counts the envelope in ({@link MessageStore#markFannedOutIfComplete}). Any failure rolls
 * all of it back and the broker redelivers. Once it has committed, {@link FanOutCompletion} announces the envelope.
 *
 * <p>The count is in this transaction rather than one of its own after the commit: that was one more database
 * transaction (and connection checkout) per delivery, and a count that a crash between the two could lose.
 *
 * <p>One outcome is final instead: a locked sender's message whose send key is gone can never be encrypted. It is
 * recorded as failed for the device, in place of the envelope, and the sender sees the message {@code failed}.
 */
@Stateless
public class EnvelopeEncryptor {

    /** The reason of a failure whose send key was gone (message_failures, the metric's label). */
    static final String SEND_KEY_GONE = "send_key_gone";

    @Inject
    EnvelopeStore envelopes;

    @Inject
    PairLocks locks;

    @Inject
    SignalStores stores;

    @Inject
    BundleClaims bundles;

    @Inject
    FanOutCompletion completion;

    @Inject
    MessageStore messages;

    @Inject
    DeliveryMetrics metrics;

    @Inject
    SendKeys sendKeys;

    @Inject
    SecurityEvents securityEvents;

    @Inject
    Event<StatusChanged> statusChanged;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private SignalBoundary signal;

    @PostConstruct
    void init() {
        signal = new SignalBoundary(metrics);
    }

    /**
     * True if an envelope was stored; false if it existed already (a redelivered fan-out message: nothing changes,
     * but it is announced again, in case the node stopped between the first commit and its announcement), or if
     * the message failed for the device.
     *
     * <p>A locked sender's message is opened here, in this transaction, which deletes its send key with the
     * envelope's commit ({@link SendKeys#open}); the sender's keyring key is bound for this message only. If the
     * key is gone (expired unused, or deleted), the message is recorded as failed for the device: the sender's
     * status of it becomes {@code failed}, a security event and {@code famichat_fan_out_failures_total} count it,
     * and the fan-out message is done (not retried, not dead-lettered: nothing could ever open it).
     */
    public boolean encrypt(JmsFanOut.Opened opened) {
        FanOutRequest request = opened.request();
        boolean fresh = !envelopes.exists(request.messageId(), request.recipient());
        if (!fresh) {
            metrics.duplicateFanOut();
        } else {
            // The pair's lock first: the send key is taken, and the session advanced, by one writer of the pair.
            locks.lockSession(request.sender(), request.recipient());
            if (opened.locked() == null) {
                encrypt(request, opened.body());
            } else {
                Optional<SendKeys.Opened> unlocked = sendKeys.open(request.sender().userId(), opened.locked());
                if (unlocked.isEmpty()) {
                    failed(request);
                    return false; // no envelope: nothing to count in or announce
                }
                try (UnlockedKeyrings.Binding sender = unlocked.get().sender()) {
                    encrypt(request, unlocked.get().body());
                }
            }
        }
        // A redelivered message is counted again: that changes nothing, unless its envelope was committed by an
        // older version, which counted in a transaction of its own after the commit (and could miss it).
        boolean fannedOut = messages.markFannedOutIfComplete(request.messageId());
        afterCommit(request, fannedOut);
        return fresh;
    }

    /** Once per (message, device), however often the fan-out message is redelivered. */
    private void failed(FanOutRequest request) {
        if (envelopes.insertFailure(request.messageId(), request.recipient(), SEND_KEY_GONE)) {
            securityEvents.sendKeyGone(request.sender(), request.messageId());
            metrics.sendKeyGone();
            statusChanged.fire(new StatusChanged(request.conversationId(), request.seq(), request.seq(),
                    HistoryEntry.Status.FAILED));
        }
    }

    private void encrypt(FanOutRequest request, String body) {
        HostedSignalStore store = stores.forDevice(request.sender());
        SignalBoundary.Encrypted encrypted = signal.encrypt(store, HostedSignalStore.address(request.recipient()),
                MessageContent.encode(request.messageId(), request.conversationId(), body),
                () -> bundles.claim(request.recipient()));
        envelopes.insert(new Envelope(request.messageId(), request.conversationId(), request.seq(),
                request.sender(), request.recipient(), request.sentAt(), encrypted.type(), encrypted.ciphertext()),
                encrypted.established());
    }

    /** The latency is recorded only for a count that committed; a rolled-back one is counted again on redelivery. */
    private void afterCommit(FanOutRequest request, boolean fannedOut) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    if (fannedOut) {
                        metrics.fannedOut(Duration.between(request.sentAt(), Instant.now()));
                    }
                    completion.envelopeCommitted(request.recipient());
                }
            }
        });
    }
}
