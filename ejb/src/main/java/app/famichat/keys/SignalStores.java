package app.famichat.keys;

import app.famichat.accounts.DeviceAddress;
import app.famichat.vault.UserSecrets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Hands out {@link HostedSignalStore}s: one per hosted device and unit of work, used in one transaction. */
@ApplicationScoped
public class SignalStores {

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    UserSecrets secrets;

    @Inject
    SignalKeys keys;

    public HostedSignalStore forDevice(DeviceAddress device) {
        return new HostedSignalStore(em, secrets, keys, device);
    }
}
