package app.famichat.connections;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The WebSocket timings and limits (docs/configuration.md; what a client sees of them: docs/api.md). */
@ApplicationScoped
public class SocketSettings {

    @Inject
    @ConfigProperty(name = "famichat.socket.heartbeat", defaultValue = "PT30S")
    Duration heartbeat;

    @Inject
    @ConfigProperty(name = "famichat.socket.auth-timeout", defaultValue = "PT10S")
    Duration authTimeout;

    @Inject
    @ConfigProperty(name = "famichat.socket.max-per-device", defaultValue = "5")
    int maxPerDevice;

    @PostConstruct
    void check() {
        SettingCheck.atLeast("famichat.socket.heartbeat", heartbeat, Duration.ofSeconds(1));
        SettingCheck.atLeast("famichat.socket.auth-timeout", authTimeout, Duration.ofMillis(100));
        SettingCheck.between("famichat.socket.max-per-device", maxPerDevice, 1, 100);
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /**
     * Open sockets per device, across nodes: a client needs one (two while it reconnects), and each costs a
     * registry row and a push per message.
     */
    public int maxPerDevice() {
        return maxPerDevice;
    }

    /** How often the server pings each socket and refreshes its registry rows. */
    public Duration heartbeat() {
        return heartbeat;
    }

    /** How long a new socket may take to send its auth frame. */
    public Duration authTimeout() {
        return authTimeout;
    }

    /**
     * Silence after which a socket counts as dead: two heartbeats. The check runs at each heartbeat, so a dead
     * peer is closed two to three intervals after it was last heard.
     */
    public Duration idleTimeout() {
        return heartbeat.multipliedBy(2);
    }

    /** How long a registry row stays valid without a refresh: three heartbeats, so one late beat drops nothing. */
    public Duration lease() {
        return heartbeat.multipliedBy(3);
    }
}
