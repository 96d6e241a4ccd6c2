package app.famichat.platform.persistence;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether a database is configured (docs/configuration.md). The data source itself reads {@code famichat.db.url},
 * {@code famichat.db.user} and {@code famichat.db.password} ({@code app.famichat.platform.ResourceDefinitions});
 * without a URL it would fail with a message that names none of them. The URL is not logged: it may carry a
 * password.
 */
@ApplicationScoped
public class DatabaseSettings {

    @Inject
    @ConfigProperty(name = "famichat.db.url", defaultValue = "")
    String url;

    @PostConstruct
    void check() {
        SettingCheck.require(!url.isBlank(), "No database configured: set FAMICHAT_DB_URL (MicroProfile Config key "
                + "famichat.db.url) to a PostgreSQL JDBC URL, with FAMICHAT_DB_USER and FAMICHAT_DB_PASSWORD");
    }

    /** Observing the start creates the bean, so a missing database fails the deployment with this message. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the setting was checked by check()
    }

    /**
     * For whoever opens the data source first (the migrator): calling it creates this bean, whose check refuses a
     * missing URL before the data source fails obscurely.
     */
    public void requireConfigured() {
        // being called at all means check() passed
    }
}
