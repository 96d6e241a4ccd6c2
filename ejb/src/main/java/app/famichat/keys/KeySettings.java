package app.famichat.keys;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prekey maintenance settings (MicroProfile Config; documented in README.md). Created at startup, so that an
 * invalid value stops the deployment with a message naming the key.
 */
@ApplicationScoped
class KeySettings {

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

    /** The policies state their own valid ranges (naming the keys); a refusal goes through {@link SettingCheck}. */
    @PostConstruct
    void check() {
        stock = valid(() -> new StockPolicy(lowWater, target));
        rotationPolicy = valid(() -> new RotationPolicy(rotation, grace));
        SettingCheck.atLeast("famichat.keys.maintenance.interval", interval, Duration.ofSeconds(1));
    }

    /** Being called at all created the bean, and {@link #check} ran. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
    }

    private static <T> T valid(Supplier<T> policy) {
        try {
            return policy.get();
        } catch (IllegalArgumentException e) {
            SettingCheck.require(false, e.getMessage());
            throw e; // not reached: require refused
        }
    }

    StockPolicy stock() {
        return stock;
    }

    RotationPolicy rotation() {
        return rotationPolicy;
    }

    /** How often each node looks for devices that need new prekeys or a rotation. */
    Duration interval() {
        return interval;
    }
}
