package app.famichat.delivery;

import app.famichat.custody.SendKeys;
import app.famichat.keys.BundleClaims;
import app.famichat.keys.HostedSignalStore;
import app.famichat.keys.SignalStores;
import app.famichat.send.FanOutRequest;
import app.famichat.send.JmsFanOut;
import app.famichat.vault.UnlockedKeyrings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * The second step of the send path, in one database transaction (the fan-out message is acknowledged after it
 * commits, {@link EncryptionListener}): one message for one recipient device. Skips a (message, device) already
 * done (a redelivery); locks the pair's session; without a usable one claims the device's prekey bundle and runs
 * PQXDH; encrypts; stores the envelope and its encryption metadata (the session is stored by the store as
 * libsignal advances it). Any failure rolls all of it back and the broker redelivers. Once it has committed,
 * {@link FanOutCompletion} announces the envelope.
 */
@Stateless
public class EnvelopeEncryptor {

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
    DeliveryMetrics metrics;

    @Inject
    SendKeys sendKeys;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private SignalBoundary signal;

    @PostConstruct
    void init() {
        signal = new SignalBoundary(metrics);
    }

    /**
     * False if the envelope existed already (a redelivered fan-out message): nothing changes, but it is announced
     * again, in case the node stopped between the first commit and its announcement.
     *
     * <p>A locked sender's message is opened here, in this transaction, which deletes its send key with the
     * envelope's commit ({@link SendKeys#open}); the sender's keyring key is bound for this message only.
     *
     * @throws IllegalStateException if a locked sender's send key is gone (expired unused): the broker retries
     *                               and then dead-letters the message, which operators see and count
     */
    public boolean encrypt(JmsFanOut.Opened opened) {
        FanOutRequest request = opened.request();
        if (envelopes.exists(request.messageId(), request.recipient())) {
            metrics.duplicateFanOut();
            completion.envelopeCommitted(request.messageId(), request.sentAt(), request.recipient());
            return false;
        }
        if (opened.locked() == null) {
            encrypt(request, opened.body());
            return true;
        }
        SendKeys.Opened unlocked = sendKeys.open(request.sender().userId(), opened.locked())
                .orElseThrow(() -> new IllegalStateException("The send key of a locked sender's fan-out message is "
                        + "gone (expired unused): the message cannot be encrypted"));
        try (UnlockedKeyrings.Binding sender = unlocked.sender()) {
            encrypt(request, unlocked.body());
        }
        return true;
    }

    private void encrypt(FanOutRequest request, String body) {
        locks.lockSession(request.sender(), request.recipient());
        HostedSignalStore store = stores.forDevice(request.sender());
        SignalBoundary.Encrypted encrypted = signal.encrypt(store, HostedSignalStore.address(request.recipient()),
                MessageContent.encode(request.messageId(), request.conversationId(), body),
                () -> bundles.claim(request.recipient()));
        envelopes.insert(new Envelope(request.messageId(), request.conversationId(), request.seq(),
                request.sender(), request.recipient(), request.sentAt(), encrypted.type(), encrypted.ciphertext()),
                encrypted.established());
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    completion.envelopeCommitted(request.messageId(), request.sentAt(), request.recipient());
                }
            }
        });
    }
}
