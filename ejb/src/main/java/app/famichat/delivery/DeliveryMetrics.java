package app.famichat.delivery;

import app.famichat.platform.metrics.ThrottledReading;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Operator metrics of the message pipeline after the send (docs/operations.md; the send's own are SendMetrics). Labels are reasons and stages only: never a
 * user, device, conversation or message.
 */
@ApplicationScoped
class DeliveryMetrics {

    /** The gauges query the database and browse the broker: at most once per this long. */
    static final Duration GAUGE_MAX_AGE = Duration.ofSeconds(5);

    @Inject
    MetricRegistry registry;

    /** Resolved at the first reading: this bean is created at startup, before the EAR's EJBs are deployed. */
    @Inject
    Instance<PipelineBacklog> backlog;

    @Inject
    Instance<DeadLetters> deadLetters;

    private Timer encrypt;
    private Timer decrypt;
    private Timer establish;
    private Timer sendToFannedOut;
    private Counter nativeFailures;
    private Counter duplicateFanOuts;
    private Counter resends;
    private Counter outageWaits;
    private Counter sendKeysGone;
    private final Map<DecryptFailure, Counter> decryptFailures = new EnumMap<>(DecryptFailure.class);

    @PostConstruct
    void register() {
        encrypt = timer("famichat_signal_encrypt", "Signal encryption of one envelope (libsignal only)");
        decrypt = timer("famichat_signal_decrypt", "Signal decryption of one envelope (libsignal only)");
        establish = timer("famichat_signal_session_establish",
                "PQXDH session establishment with a claimed bundle (libsignal only)");
        sendToFannedOut = timer("famichat_message_send_to_envelopes_committed",
                "From an accepted send to the commit of its last envelope");
        nativeFailures = registry.counter(Metadata.builder().withName("famichat_signal_native_failures")
                .withDescription("Unexpected failures inside libsignal, caught at the boundary").build());
        outageWaits = registry.counter(Metadata.builder().withName("famichat_fan_out_outage_waits")
                .withDescription("Pauses of a fan-out consumer waiting for the database (OutageWait)").build());
        duplicateFanOuts = registry.counter(Metadata.builder().withName("famichat_fan_out_duplicates_dropped")
                .withDescription("Redelivered fan-out messages whose envelope existed already").build());
        sendKeysGone = registry.counter(Metadata.builder().withName("famichat_fan_out_failures")
                .withDescription("Recipient devices that will never get a message, by reason: send_key_gone (a locked "
                        + "sender's send key expired or was deleted before the encryption ran)").build(),
                new Tag("reason", EnvelopeEncryptor.SEND_KEY_GONE));
        resends = registry.counter(Metadata.builder().withName("famichat_messages_resent")
                .withDescription("Envelopes encrypted again from the sender's copy after a lost session").build());
        Metadata failures = Metadata.builder().withName("famichat_decrypt_failures")
                .withDescription("Envelopes that did not decrypt, by reason").build();
        for (DecryptFailure reason : DecryptFailure.values()) {
            decryptFailures.put(reason, registry.counter(failures, new Tag("reason", reason.label())));
        }
        Supplier<PipelineBacklog> pipelineBacklog = once(backlog);
        Supplier<DeadLetters> deadLetterQueue = once(deadLetters);
        gauge("famichat_envelopes_pending", "Envelopes encrypted but not yet taken by their device (offline devices)",
                () -> pipelineBacklog.get().pendingEnvelopes());
        gauge("famichat_envelopes_waiting_for_locked_users", "Envelopes waiting for signed-out users in locked "
                + "custody (decrypted only when a token of theirs is live)",
                () -> pipelineBacklog.get().envelopesWaitingForLockedUsers());
        gauge("famichat_dead_letters", "Messages in the broker's dead-letter queue (counted up to "
                + DeadLetters.COUNT_LIMIT + ")", () -> deadLetterQueue.get().count());
    }

    /** The bean, looked up once (each lookup of a dependent bean would stay referenced until shutdown). */
    private static <T> Supplier<T> once(Instance<T> instance) {
        AtomicReference<T> bean = new AtomicReference<>();
        return () -> bean.updateAndGet(known -> known != null ? known : instance.get());
    }

    private void gauge(String name, String description, ThrottledReading.Source<Long> source) {
        registry.gauge(Metadata.builder().withName(name).withDescription(description).build(),
                new ThrottledReading<>(source, GAUGE_MAX_AGE, System::nanoTime), reading -> reading.get().orElse(-1L));
    }

    private Timer timer(String name, String description) {
        return registry.timer(Metadata.builder().withName(name).withDescription(description)
                .withUnit(MetricUnits.NANOSECONDS).build());
    }

    /** Registers the metrics at startup, not at the first envelope, so that /metrics shows them from the start. */
    void registerAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // Being called at all created the bean, and register() ran.
    }

    void encrypted(long nanos) {
        encrypt.update(Duration.ofNanos(nanos));
    }

    void decrypted(long nanos) {
        decrypt.update(Duration.ofNanos(nanos));
    }

    void sessionEstablished(long nanos) {
        establish.update(Duration.ofNanos(nanos));
    }

    /** A message's last envelope committed this long after its send was accepted (clocks of two nodes: never below 0). */
    void fannedOut(Duration sinceSend) {
        sendToFannedOut.update(sinceSend.isNegative() ? Duration.ZERO : sinceSend);
    }

    void nativeFailure() {
        nativeFailures.inc();
    }

    void outageWait() {
        outageWaits.inc();
    }

    void duplicateFanOut() {
        duplicateFanOuts.inc();
    }

    void sendKeyGone() {
        sendKeysGone.inc();
    }

    void resent() {
        resends.inc();
    }

    void decryptFailed(DecryptFailure reason) {
        decryptFailures.get(reason).inc();
    }
}
