package app.famichat.skeleton;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Timer;

/** Operator metrics of the skeleton flow. No labels: nothing about who sent what. */
@ApplicationScoped
public class SkeletonMetrics {

    @Inject
    MetricRegistry registry;

    private Counter sends;
    private Counter deliveries;
    private Counter duplicates;
    private Timer publishToPersisted;

    @jakarta.annotation.PostConstruct
    void register() {
        sends = registry.counter(Metadata.builder().withName("famichat_skeleton_sends")
                .withDescription("Skeleton sends accepted").build());
        deliveries = registry.counter(Metadata.builder().withName("famichat_skeleton_deliveries")
                .withDescription("JMS messages published by skeleton sends (one per target)").build());
        duplicates = registry.counter(Metadata.builder().withName("famichat_skeleton_duplicates_dropped")
                .withDescription("Redelivered skeleton messages dropped because their row already existed").build());
        publishToPersisted = registry.timer(Metadata.builder().withName("famichat_skeleton_publish_to_persisted")
                .withDescription("From JMS publish to the committed delivery row")
                .withUnit(MetricUnits.NANOSECONDS).build());
    }

    void sent(int targets) {
        sends.inc();
        deliveries.inc(targets);
    }

    void duplicateDropped() {
        duplicates.inc();
    }

    void persisted(long micros) {
        publishToPersisted.update(Duration.ofNanos(Math.max(0, micros) * 1_000));
    }
}
