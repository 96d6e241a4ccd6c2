package app.famichat.accounts;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How many devices an account may have and when an unused one expires (docs/configuration.md; operations.md
 * says when to change them). Every device holds about 200 prekeys (0.9 MB) and multiplies every send to
 * its user, so the cap is low and unused devices go.
 */
@ApplicationScoped
public class DeviceSettings {

    @Inject
    @ConfigProperty(name = "famichat.devices.max-per-account", defaultValue = "10")
    int maxPerAccount;

    @Inject
    @ConfigProperty(name = "famichat.devices.stale-after", defaultValue = "P90D")
    Duration staleAfter;

    @Inject
    @ConfigProperty(name = "famichat.devices.sweep-interval", defaultValue = "PT1H")
    Duration sweepInterval;

    public DeviceSettings() {
    }

    /** For unit tests, outside CDI. */
    DeviceSettings(int maxPerAccount, Duration staleAfter, Duration sweepInterval) {
        this.maxPerAccount = maxPerAccount;
        this.staleAfter = staleAfter;
        this.sweepInterval = sweepInterval;
        check();
    }

    /** Fails the deployment with the setting's name rather than misbehaving later. */
    @PostConstruct
    void check() {
        SettingCheck.between("famichat.devices.max-per-account", maxPerAccount, 1, Device.MAX_DEVICE_ID);
        SettingCheck.atLeast("famichat.devices.stale-after", staleAfter, Duration.ofDays(1));
        SettingCheck.atLeast("famichat.devices.sweep-interval", sweepInterval, Duration.ofSeconds(1));
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /** Devices an account may have at once (Signal allows 127). */
    public int maxPerAccount() {
        return maxPerAccount;
    }

    /** A device without a sign-in for this long, and without a live token, is removed. */
    public Duration staleAfter() {
        return staleAfter;
    }

    /** How often each node looks for stale devices. */
    public Duration sweepInterval() {
        return sweepInterval;
    }
}
