package app.famichat.sessions;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How long a sign-in lasts (docs/configuration.md). */
@ApplicationScoped
public class SessionSettings {

    @Inject
    @ConfigProperty(name = "famichat.session.lifetime", defaultValue = "P30D")
    Duration lifetime;

    /**
     * Fails the deployment with the setting's name. A token that lives less than a minute (or a negative one, born
     * expired) would sign users out between two requests.
     */
    @PostConstruct
    void check() {
        SettingCheck.atLeast("famichat.session.lifetime", lifetime, Duration.ofMinutes(1));
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /** How long a token is accepted after sign-in. */
    public Duration lifetime() {
        return lifetime;
    }
}
