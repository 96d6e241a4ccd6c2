package app.famichat.vault;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The vault's master keys (docs/configuration.md): {@code famichat.vault.keys}, {@code famichat.vault.key-file},
 * {@code famichat.vault.active-key}. Loaded and checked when the application starts, so that without a valid key
 * the application does not deploy. The values are secret: a refusal names the setting and the reason, never a key.
 */
@ApplicationScoped
public class VaultSettings {

    private static final Logger LOG = Logger.getLogger(VaultSettings.class.getName());

    @Inject
    @ConfigProperty(name = "famichat.vault.keys")
    Optional<String> inlineKeys;

    @Inject
    @ConfigProperty(name = "famichat.vault.key-file")
    Optional<String> keyFile;

    @Inject
    @ConfigProperty(name = "famichat.vault.active-key")
    Optional<String> activeKeyId;

    private MasterKeys masterKeys;

    @PostConstruct
    void check() {
        try {
            masterKeys = MasterKeys.load(inlineKeys, keyFile.map(Path::of), activeKeyId);
        } catch (VaultException e) {
            SettingCheck.require(false, e.getMessage()); // the message names no key material (VaultException)
        }
        LOG.info(() -> "Key vault: master keys " + masterKeys.ids() + ", active '" + masterKeys.active().id() + "'");
    }

    /** Observing the start creates the bean, so missing or invalid keys fail the deployment, not the first seal. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the keys were loaded by check()
    }

    MasterKeys masterKeys() {
        return masterKeys;
    }
}
