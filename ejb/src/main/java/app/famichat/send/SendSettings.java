package app.famichat.send;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The settings of sending (MicroProfile Config, documented in README.md and docs/api.md, "Limits"). */
@ApplicationScoped
class SendSettings {

    @Inject
    @ConfigProperty(name = "famichat.message.max-body-chars", defaultValue = "4096")
    int maxBodyChars;

    SendSettings() {
    }

    /** For unit tests, outside CDI. */
    SendSettings(int maxBodyChars) {
        this.maxBodyChars = maxBodyChars;
        check();
    }

    /** Fails the deployment with the setting's name rather than refusing every message later. */
    @PostConstruct
    void check() {
        SettingCheck.atLeast("famichat.message.max-body-chars", maxBodyChars, 1);
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment, not the first send. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /** The longest message body, in characters (code points). */
    int maxBodyChars() {
        return maxBodyChars;
    }
}
