package app.famichat.recovery;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Family recovery (docs/configuration.md, "Custody"): how long a request waits for its guardians and its
 * completion, and how often requests past their deadline are closed (a request is also closed as expired when it
 * is read after its deadline, so the sweep only tidies what nobody reads).
 */
@ApplicationScoped
public class RecoverySettings {

    @Inject
    @ConfigProperty(name = "famichat.recovery.request-lifetime", defaultValue = "PT72H")
    Duration requestLifetime;

    @Inject
    @ConfigProperty(name = "famichat.recovery.sweep-interval", defaultValue = "PT5M")
    Duration sweepInterval;

    /** Fails the deployment with the setting's name rather than the first request. */
    @PostConstruct
    void check() {
        // Guardians need time to see and weigh a request; a lifetime of seconds would make every request expire.
        SettingCheck.atLeast("famichat.recovery.request-lifetime", requestLifetime, Duration.ofMinutes(1));
        SettingCheck.atLeast("famichat.recovery.sweep-interval", sweepInterval, Duration.ofSeconds(1));
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    public Duration requestLifetime() {
        return requestLifetime;
    }

    public Duration sweepInterval() {
        return sweepInterval;
    }
}
