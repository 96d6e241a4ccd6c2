package app.famichat.send;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/** Operator metrics of accepted sends (docs/operations.md); no label names a user, device or conversation. */
@ApplicationScoped
class SendMetrics {

    @Inject
    MetricRegistry registry;

    private Counter sends;
    private Histogram fanOutSize;

    @PostConstruct
    void register() {
        sends = registry.counter(Metadata.builder().withName("famichat_messages_sent")
                .withDescription("Messages accepted (retries of an accepted message not counted)").build());
        fanOutSize = registry.histogram(Metadata.builder().withName("famichat_message_fan_out")
                .withDescription("Recipient devices per message").build());
    }

    /** Registers the metrics at startup, not at the first send, so that /metrics shows them from the start. */
    void registerAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // Being called at all created the bean, and register() ran.
    }

    void sent(int recipientDevices) {
        sends.inc();
        fanOutSize.update(recipientDevices);
    }
}
