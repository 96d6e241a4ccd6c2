package app.famichat.history;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The settings of reading history (MicroProfile Config, documented in README.md and docs/api.md, "Limits"). */
@ApplicationScoped
class HistorySettings {

    @Inject
    @ConfigProperty(name = "famichat.history.max-page", defaultValue = "200")
    int maxPage;

    HistorySettings() {
    }

    /** For unit tests, outside CDI. */
    HistorySettings(int maxPage) {
        this.maxPage = maxPage;
        check();
    }

    /** Fails the deployment with the setting's name rather than refusing every page later. */
    @PostConstruct
    void check() {
        SettingCheck.atLeast("famichat.history.max-page", maxPage, 1);
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment, not the first fetch. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /** The largest history page ({@code limit}). */
    int maxPage() {
        return maxPage;
    }
}
