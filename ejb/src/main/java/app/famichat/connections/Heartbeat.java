package app.famichat.connections;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs this node's part of the connection registry: at start, clears the rows a previous run under the
 * same node id left behind, then beats every {@code famichat.socket.heartbeat} on the server's managed scheduler
 * (not a thread of its own: the server manages its lifecycle and context).
 */
@Startup
@Singleton
@DependsOn("DatabaseMigrator")
public class Heartbeat {

    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    ConnectionRegistry registry;

    @Inject
    LocalConnections connections;

    @Inject
    SocketSettings settings;

    private ScheduledFuture<?> beats;

    @PostConstruct
    void start() {
        registry.clearNode();
        long millis = settings.heartbeat().toMillis();
        beats = scheduler.scheduleAtFixedRate(this::beat, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Only stops the beats. This node's rows stay behind and expire with their lease: clearing them here fails,
     * as Payara removes the application's data source before it destroys its singletons.
     */
    @PreDestroy
    void stop() {
        beats.cancel(false);
    }

    private void beat() {
        try {
            connections.heartbeat();
        } catch (RuntimeException e) {
            // An exception would cancel every later beat; the next one retries (e.g. after a database outage).
            LOG.log(Level.WARNING, "Socket heartbeat failed", e);
        }
    }
}
