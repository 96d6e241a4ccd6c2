package app.famichat.keys;

import app.famichat.vault.KeyVault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.UUID;

/** Hands out {@link HostedSignalStore}s: one per hosted device and unit of work, used in one transaction. */
@ApplicationScoped
public class SignalStores {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    KeyVault vault;

    @Inject
    SignalKeys keys;

    public HostedSignalStore forDevice(UUID userId, int deviceId) {
        return new HostedSignalStore(em, vault, keys, userId, deviceId);
    }
}
