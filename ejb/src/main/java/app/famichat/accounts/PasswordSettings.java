package app.famichat.accounts;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Argon2id parameters of new password hashes (docs/configuration.md). Defaults follow OWASP's minimum for
 * Argon2id: 19 MiB, 2 passes, 1 lane.
 */
@ApplicationScoped
public class PasswordSettings {

    /** Argon2 needs 8 KiB per lane; below that Bouncy Castle silently raises the memory the hash claims. */
    static final int MIN_KIB_PER_LANE = 8;

    @Inject
    @ConfigProperty(name = "famichat.password.argon2.memory-kib", defaultValue = "19456")
    int memoryKib;

    @Inject
    @ConfigProperty(name = "famichat.password.argon2.iterations", defaultValue = "2")
    int iterations;

    @Inject
    @ConfigProperty(name = "famichat.password.argon2.parallelism", defaultValue = "1")
    int parallelism;

    /** Fails the deployment with the setting's name rather than the first sign-in. */
    @PostConstruct
    void check() {
        SettingCheck.atLeast("famichat.password.argon2.iterations", iterations, 1);
        SettingCheck.atLeast("famichat.password.argon2.parallelism", parallelism, 1);
        SettingCheck.atLeast("famichat.password.argon2.memory-kib", memoryKib, MIN_KIB_PER_LANE * parallelism);
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    public int memoryKib() {
        return memoryKib;
    }

    public int iterations() {
        return iterations;
    }

    public int parallelism() {
        return parallelism;
    }
}
