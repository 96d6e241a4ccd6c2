package app.famichat.custody;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Locked custody (docs/configuration.md, "Custody"): the custody of new accounts, the Argon2id parameters of the
 * keyring's password key, how often expired unlocks and send keys are deleted, and how long a send key waits for
 * its fan-out message. New accounts are {@code locked} unless the operator says otherwise: a signed-out user's keys
 * are then out of reach of whoever holds the database and the vault's keys, and a forgotten password is recovered
 * with a recovery code or the user's guardians (app.famichat.recovery).
 */
@ApplicationScoped
public class CustodySettings {

    /** Argon2 needs 8 KiB per lane (as for the sign-in hash, accounts.PasswordSettings). */
    static final int MIN_KIB_PER_LANE = 8;

    @Inject
    @ConfigProperty(name = "famichat.custody.default", defaultValue = "locked")
    String defaultCustody;

    @Inject
    @ConfigProperty(name = "famichat.custody.argon2.memory-kib", defaultValue = "19456")
    int memoryKib;

    @Inject
    @ConfigProperty(name = "famichat.custody.argon2.iterations", defaultValue = "2")
    int iterations;

    @Inject
    @ConfigProperty(name = "famichat.custody.argon2.parallelism", defaultValue = "1")
    int parallelism;

    @Inject
    @ConfigProperty(name = "famichat.custody.sweep-interval", defaultValue = "PT5M")
    Duration sweepInterval;

    @Inject
    @ConfigProperty(name = "famichat.custody.send-key-lifetime", defaultValue = "P7D")
    Duration sendKeyLifetime;

    private KeyCustody forNewAccounts;

    /** Fails the deployment with the setting's name rather than the first sign-in. */
    @PostConstruct
    void check() {
        forNewAccounts = KeyCustody.of(defaultCustody).orElseThrow(() -> new IllegalStateException(
                "famichat.custody.default must be 'hosted' or 'locked', not '" + defaultCustody + "'"));
        SettingCheck.atLeast("famichat.custody.argon2.iterations", iterations, 1);
        SettingCheck.atLeast("famichat.custody.argon2.parallelism", parallelism, 1);
        SettingCheck.atLeast("famichat.custody.argon2.memory-kib", memoryKib, MIN_KIB_PER_LANE * parallelism);
        SettingCheck.atLeast("famichat.custody.sweep-interval", sweepInterval, Duration.ofSeconds(1));
        // A send key must outlive the broker's redeliveries of its message (seconds to minutes).
        SettingCheck.atLeast("famichat.custody.send-key-lifetime", sendKeyLifetime, Duration.ofHours(1));
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    public KeyCustody forNewAccounts() {
        return forNewAccounts;
    }

    /** The Argon2id parameters of keyrings wrapped from now on (each keyring keeps those it was wrapped with). */
    PasswordKeys.Parameters argon2() {
        return new PasswordKeys.Parameters(memoryKib, iterations, parallelism);
    }

    public Duration sweepInterval() {
        return sweepInterval;
    }

    public Duration sendKeyLifetime() {
        return sendKeyLifetime;
    }
}
