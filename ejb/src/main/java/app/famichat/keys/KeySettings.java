package app.famichat.keys;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prekey maintenance settings (MicroProfile Config; documented in README.md). Invalid values stop the deployment
 * with a message naming the key: {@link KeyMaintenance} reads them at startup.
 */
@ApplicationScoped
public class KeySettings {

    private static final Logger LOG = Logger.getLogger(KeySettings.class.getName());

    @Inject
    @ConfigProperty(name = "famichat.keys.one-time.low-water", defaultValue = "20")
    int lowWater;

    @Inject
    @ConfigProperty(name = "famichat.keys.one-time.target", defaultValue = "100")
    int target;

    @Inject
    @ConfigProperty(name = "famichat.keys.signed-prekey.rotation", defaultValue = "P7D")
    Duration rotation;

    @Inject
    @ConfigProperty(name = "famichat.keys.signed-prekey.grace", defaultValue = "P30D")
    Duration grace;

    @Inject
    @ConfigProperty(name = "famichat.keys.maintenance.interval", defaultValue = "PT10M")
    Duration interval;

    private StockPolicy stock;
    private RotationPolicy rotationPolicy;

    @PostConstruct
    void check() {
        try {
            stock = new StockPolicy(lowWater, target);
            rotationPolicy = new RotationPolicy(rotation, grace);
            if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("famichat.keys.maintenance.interval must be at least PT1S");
            }
        } catch (IllegalArgumentException e) {
            // Payara reports only "Unable to invoke check()"; the reason must reach the log.
            LOG.severe(e.getMessage());
            throw e;
        }
    }

    public StockPolicy stock() {
        return stock;
    }

    public RotationPolicy rotation() {
        return rotationPolicy;
    }

    /** How often each node looks for devices that need new prekeys or a rotation. */
    public Duration interval() {
        return interval;
    }
}
