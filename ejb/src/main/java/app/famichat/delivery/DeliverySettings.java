package app.famichat.delivery;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The settings of delivery (MicroProfile Config, documented in README.md and docs/operations.md). */
@ApplicationScoped
class DeliverySettings {

    static final String OUTAGE_WAIT = "famichat.fan-out.outage-wait";
    static final Duration LONGEST_OUTAGE_WAIT = Duration.ofHours(1);

    @Inject
    @ConfigProperty(name = OUTAGE_WAIT, defaultValue = "PT5M")
    Duration outageWait;

    @Inject
    @ConfigProperty(name = "famichat.jms.dead-letter-queue", defaultValue = "DLQ")
    String deadLetterQueue;

    DeliverySettings() {
    }

    /** For unit tests, outside CDI. */
    DeliverySettings(Duration outageWait, String deadLetterQueue) {
        this.outageWait = outageWait;
        this.deadLetterQueue = deadLetterQueue;
        check();
    }

    /** Fails the deployment with the setting's name rather than misbehaving later. */
    @PostConstruct
    void check() {
        SettingCheck.require(!outageWait.isNegative() && outageWait.compareTo(LONGEST_OUTAGE_WAIT) <= 0,
                OUTAGE_WAIT + " must be between PT0S and " + LONGEST_OUTAGE_WAIT + ", not " + outageWait);
        SettingCheck.require(!deadLetterQueue.isBlank(), "famichat.jms.dead-letter-queue must not be blank");
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment, not the first message. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /** How long a fan-out message waits through a database outage before the broker's redelivery takes over. */
    Duration outageWait() {
        return outageWait;
    }

    /** The broker's dead-letter queue (an external broker may name it differently). */
    String deadLetterQueue() {
        return deadLetterQueue;
    }
}
