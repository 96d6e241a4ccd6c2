package app.famichat.vault;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * Operator metrics of the key vault. The only label is a refusal reason: never a user, row, key or content.
 * The counts are kept here as well as in the registry, so that the vault and the re-seal job can be tested
 * without CDI ({@code new VaultMetrics()} has no registry and only counts).
 */
@ApplicationScoped
public class VaultMetrics {

    /** The reasons a ciphertext can be refused when opened; configuration failures stop the start instead. */
    static final VaultException.Reason[] REFUSALS = {VaultException.Reason.MALFORMED,
            VaultException.Reason.UNKNOWN_VERSION, VaultException.Reason.UNKNOWN_KEY,
            VaultException.Reason.NOT_AUTHENTIC};

    @Inject
    MetricRegistry registry;

    private final LongAdder seals = new LongAdder();
    private final LongAdder opens = new LongAdder();
    private final Map<VaultException.Reason, LongAdder> refusals = new EnumMap<>(VaultException.Reason.class);
    private final AtomicLong resealed = new AtomicLong();
    private final AtomicLong resealRemaining = new AtomicLong(-1);

    private Counter sealCounter;
    private Counter openCounter;
    private final Map<VaultException.Reason, Counter> refusalCounters = new EnumMap<>(VaultException.Reason.class);

    public VaultMetrics() {
        for (VaultException.Reason reason : VaultException.Reason.values()) {
            refusals.put(reason, new LongAdder());
        }
    }

    @PostConstruct
    void register() {
        sealCounter = registry.counter(Metadata.builder().withName("famichat_vault_seals")
                .withDescription("Values sealed by the key vault").build());
        openCounter = registry.counter(Metadata.builder().withName("famichat_vault_opens")
                .withDescription("Ciphertexts the key vault opened").build());
        Metadata refused = Metadata.builder().withName("famichat_vault_refusals")
                .withDescription("Ciphertexts the key vault refused to open, by reason").build();
        for (VaultException.Reason reason : REFUSALS) {
            refusalCounters.put(reason, registry.counter(refused,
                    new Tag("reason", reason.name().toLowerCase(Locale.ROOT))));
        }
        registry.gauge(Metadata.builder().withName("famichat_vault_reseal_rows_resealed")
                .withDescription("Rows the re-seal job moved to the active master key since this node started")
                .build(), resealed, AtomicLong::get);
        registry.gauge(Metadata.builder().withName("famichat_vault_reseal_rows_remaining")
                .withDescription("Rows still sealed by another master key, as the re-seal job last counted "
                        + "(-1: not counted since this node started)").build(), resealRemaining, AtomicLong::get);
    }

    /** Registers the metrics at startup, not at the first seal, so that /metrics shows them from the start. */
    void registerAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // Being called at all created the bean, and register() ran.
    }

    void sealed() {
        seals.increment();
        if (sealCounter != null) {
            sealCounter.inc();
        }
    }

    void opened() {
        opens.increment();
        if (openCounter != null) {
            openCounter.inc();
        }
    }

    void refused(VaultException.Reason reason) {
        refusals.get(reason).increment();
        Counter counter = refusalCounters.get(reason);
        if (counter != null) {
            counter.inc();
        }
    }

    void resealed(long rows) {
        resealed.addAndGet(rows);
    }

    void resealRemaining(long rows) {
        resealRemaining.set(rows);
    }

    long seals() {
        return seals.sum();
    }

    long opens() {
        return opens.sum();
    }

    long refusals(VaultException.Reason reason) {
        return refusals.get(reason).sum();
    }

    long resealedRows() {
        return resealed.get();
    }

    long resealRemainingRows() {
        return resealRemaining.get();
    }
}
