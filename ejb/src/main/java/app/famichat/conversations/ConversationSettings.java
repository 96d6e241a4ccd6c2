package app.famichat.conversations;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How large a group conversation may grow (docs/configuration.md). */
@ApplicationScoped
public class ConversationSettings {

    @Inject
    @ConfigProperty(name = "famichat.group.max-members", defaultValue = "30")
    int maxGroupMembers;

    /**
     * Fails the deployment with the setting's name. A group needs its creator and one other member, so below 2 every
     * group would be refused as full.
     */
    @PostConstruct
    void check() {
        SettingCheck.atLeast("famichat.group.max-members", maxGroupMembers, 2);
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /** Members of one group conversation, its creator included. */
    public int maxGroupMembers() {
        return maxGroupMembers;
    }
}
