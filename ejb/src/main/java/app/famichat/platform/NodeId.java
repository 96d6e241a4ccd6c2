package app.famichat.platform;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * This server's name among the nodes that share the database and the broker: MicroProfile Config
 * {@code famichat.node.id}, else a random UUID per start. With a fixed id a restarted node can clear what its
 * crashed predecessor left in shared tables; a random id leaves that to expiry.
 *
 * <p>The node's settings bean (docs/configuration.md), named for the one value it holds.
 */
@ApplicationScoped
public class NodeId {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Inject
    @ConfigProperty(name = "famichat.node.id")
    Optional<String> configured;

    private String value;

    @PostConstruct
    void resolve() {
        value = configured.map(String::strip).orElseGet(() -> UUID.randomUUID().toString());
        SettingCheck.require(FORMAT.matcher(value).matches(),
                "famichat.node.id must be 1-64 characters of [A-Za-z0-9._-], not '" + value + "'");
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the setting was checked by resolve()
    }

    public String value() {
        return value;
    }
}
