package app.famichat.families;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** How large a family may grow and how long an invite stays valid (docs/configuration.md). */
@ApplicationScoped
public class FamilySettings {

    @Inject
    @ConfigProperty(name = "famichat.family.max-members", defaultValue = "30")
    int maxMembers;

    @Inject
    @ConfigProperty(name = "famichat.invite.lifetime", defaultValue = "P7D")
    Duration inviteLifetime;

    /**
     * Fails the deployment with the setting's name. Below 2 members no invite could ever be accepted, and an invite
     * shorter than a minute would expire before anyone could pass it on: both would look like a working server.
     */
    @PostConstruct
    void check() {
        SettingCheck.atLeast("famichat.family.max-members", maxMembers, 2);
        SettingCheck.atLeast("famichat.invite.lifetime", inviteLifetime, Duration.ofMinutes(1));
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /** Members of one family, its admins included. */
    public int maxMembers() {
        return maxMembers;
    }

    /** How long an invite code can be accepted after it was issued. */
    public Duration inviteLifetime() {
        return inviteLifetime;
    }
}
