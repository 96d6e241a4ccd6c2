package app.famichat.reseal;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Whether this start re-seals every sealed column, and how many rows a transaction moves (docs/configuration.md). */
@ApplicationScoped
public class ResealSettings {

    /** Rows locked by one transaction: more would hold the locks of a busy table for long. */
    static final int MAX_BATCH = 10_000;

    @Inject
    @ConfigProperty(name = "famichat.vault.reseal-on-start", defaultValue = "false")
    boolean onStart;

    @Inject
    @ConfigProperty(name = "famichat.vault.reseal-batch-size", defaultValue = "100")
    int batchSize;

    /** Fails the deployment with the setting's name, whether or not the job runs at this start. */
    @PostConstruct
    void check() {
        SettingCheck.between("famichat.vault.reseal-batch-size", batchSize, 1, MAX_BATCH);
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    public boolean onStart() {
        return onStart;
    }

    public int batchSize() {
        return batchSize;
    }
}
