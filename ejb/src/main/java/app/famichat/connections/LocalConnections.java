package app.famichat.connections;

import app.famichat.sessions.SessionService;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The authenticated sockets open on this node, and only that: which node holds which device is the
 * {@link ConnectionRegistry}'s business. Keeps the registry rows of these sockets, closes the sockets of revoked
 * tokens, and runs the heartbeat over them.
 */
@ApplicationScoped
public class LocalConnections {

    private static final Logger LOG = Logger.getLogger(LocalConnections.class.getName());

    @Inject
    ConnectionRegistry registry;

    @Inject
    SessionService sessions;

    @Inject
    SocketSettings settings;

    @Inject
    SocketMetrics metrics;

    Clock clock = Clock.systemUTC();

    private final ConcurrentMap<UUID, LiveSocket> open = new ConcurrentHashMap<>();
    private volatile boolean goingAway;

    @PostConstruct
    void watch() {
        metrics.watchOpenSockets(open);
    }

    /**
     * Observing the start creates the bean, and with it the {@code famichat_socket_*} metrics: they exist when
     * readiness first says UP, not from the first socket or heartbeat on.
     */
    void createdAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // watch() has registered the metrics
    }

    /**
     * A socket has authenticated: track it and record it in the registry; false, and the socket closed, if its
     * device has too many sockets open already.
     */
    public boolean opened(LiveSocket socket) {
        if (goingAway) {
            socket.close(Disconnect.GOING_AWAY);
            return false;
        }
        open.put(socket.id(), socket);
        boolean registered;
        try {
            registered = registry.register(socket.id(), socket.caller());
        } catch (RuntimeException e) {
            open.remove(socket.id());
            throw e;
        }
        if (!registered) {
            open.remove(socket.id());
            socket.close(Disconnect.TOO_MANY_SOCKETS);
        }
        return registered;
    }

    /** A socket has closed, for whatever reason; calling it again, or for a socket never opened, does nothing. */
    public void closed(UUID socketId) {
        if (open.remove(socketId) == null) {
            return;
        }
        try {
            registry.unregister(socketId);
        } catch (RuntimeException e) {
            // No longer renewed, the row expires with its lease.
            LOG.log(Level.WARNING, "Could not delete the registry row of a closed socket", e);
        }
    }

    /**
     * This node is stopping: closes every open socket with {@link Disconnect#GOING_AWAY}, so that its client
     * reconnects (to another node), refuses sockets that authenticate from now on, and deletes this node's registry
     * rows (they would otherwise count against the device's socket cap on the other nodes until their lease ends).
     * Returns how many sockets it closed.
     */
    public int goingAway() {
        goingAway = true;
        List<LiveSocket> closing = new ArrayList<>(open.values());
        for (LiveSocket socket : closing) {
            open.remove(socket.id());
            socket.close(Disconnect.GOING_AWAY);
        }
        try {
            registry.clearNode();
        } catch (RuntimeException e) {
            // The rows expire with their lease; the next start under this node id clears them too.
            LOG.log(Level.WARNING, "Could not delete this node's registry rows while stopping: "
                    + e.getClass().getName());
        }
        return closing.size();
    }

    /** Closes this node's sockets that were authenticated with one of the revoked tokens. */
    void revoked(UUID userId, Set<String> tokenHashes) {
        open.values().stream()
                .filter(socket -> socket.caller().userId().equals(userId)
                        && tokenHashes.contains(socket.caller().tokenHash()))
                .forEach(socket -> disconnect(socket, Disconnect.SIGNED_OUT));
    }

    /**
     * One heartbeat: closes the sockets silent for too long and pings the others, renews their registry leases,
     * and closes those whose token has expired or was revoked without this node hearing of it (a revocation
     * broadcast lost to a broker outage).
     */
    void heartbeat() {
        Instant silentSince = clock.instant().minus(settings.idleTimeout());
        List<LiveSocket> alive = new ArrayList<>();
        for (LiveSocket socket : open.values()) {
            if (socket.lastHeard().isBefore(silentSince)) {
                disconnect(socket, Disconnect.IDLE);
            } else {
                socket.ping();
                alive.add(socket);
            }
        }
        registry.refresh(alive.stream().map(LiveSocket::id).toList());
        Set<String> active = sessions.stillActive(alive.stream()
                .map(socket -> socket.caller().tokenHash()).collect(Collectors.toSet()));
        alive.stream()
                .filter(socket -> !active.contains(socket.caller().tokenHash()))
                .forEach(socket -> disconnect(socket, Disconnect.SIGNED_OUT));
    }

    private void disconnect(LiveSocket socket, Disconnect why) {
        socket.close(why);
        // Not left to the socket's close callback alone: with a dead peer it may come late.
        closed(socket.id());
    }
}
