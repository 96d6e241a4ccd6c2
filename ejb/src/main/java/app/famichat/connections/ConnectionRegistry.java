package app.famichat.connections;

import app.famichat.platform.NodeId;
import app.famichat.sessions.Caller;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Collection;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The device_connections table: which device has a socket open on which node. The server reads it for one thing,
 * the socket cap per device, which counts across nodes ({@link #register}); operators read it to see who is
 * connected where (docs/operations.md, "WebSocket connections and several nodes"). Delivery does not route
 * through it (every node hears the envelope announcements and pushes to its own sockets, {@code MessagePush}).
 * Rows carry a lease that the owning node's heartbeat renews; readers ignore expired rows, so a crashed node's
 * sockets vanish within a lease even before anyone deletes them.
 */
@Stateless
public class ConnectionRegistry {

    /** A lease from the database clock: {@code now() + ? ms}. */
    private static final String LEASE = "now() + CAST(? AS BIGINT) * INTERVAL '1 millisecond'";

    @PersistenceContext(unitName = "famichat")
    EntityManager em;

    @Inject
    NodeId node;

    @Inject
    SocketSettings settings;

    /**
     * Records the socket unless its device already has {@code famichat.socket.max-per-device} live sockets;
     * returns whether it did. The device's row is locked first, so that concurrent registrations of one device
     * (on any node) count one after the other and cannot overshoot together; the lock does not block the
     * device's other work (sends, pushes), which takes at most a key share of that row.
     */
    public boolean register(UUID socketId, Caller caller) {
        em.createNativeQuery("SELECT 1 FROM devices WHERE user_id = ? AND device_id = ? FOR NO KEY UPDATE")
                .setParameter(1, caller.userId())
                .setParameter(2, caller.device().column())
                .getResultList();
        long live = ((Number) em.createNativeQuery("SELECT count(*) FROM device_connections "
                        + "WHERE user_id = ? AND device_id = ? AND expires_at > now()")
                .setParameter(1, caller.userId())
                .setParameter(2, caller.device().column())
                .getSingleResult()).longValue();
        if (live >= settings.maxPerDevice()) {
            return false;
        }
        em.createNativeQuery("INSERT INTO device_connections "
                        + "(connection_id, user_id, device_id, node_id, connected_at, last_seen, expires_at) "
                        + "VALUES (?, ?, ?, ?, now(), now(), " + LEASE + ")")
                .setParameter(1, socketId)
                .setParameter(2, caller.userId())
                .setParameter(3, caller.device().column())
                .setParameter(4, node.value())
                .setParameter(5, settings.lease().toMillis())
                .executeUpdate();
        return true;
    }

    public void unregister(UUID socketId) {
        em.createNativeQuery("DELETE FROM device_connections WHERE connection_id = ?")
                .setParameter(1, socketId)
                .executeUpdate();
    }

    /**
     * The heartbeat of this node: renews the lease of its open sockets and deletes every expired row (of any
     * node). A row whose delete failed at close is simply not renewed and expires.
     */
    public void refresh(Collection<UUID> openSockets) {
        if (!openSockets.isEmpty()) {
            em.createNativeQuery("UPDATE device_connections SET last_seen = now(), expires_at = " + LEASE
                            + " WHERE node_id = ? AND connection_id = ANY(CAST(? AS UUID[]))")
                    .setParameter(1, settings.lease().toMillis())
                    .setParameter(2, node.value())
                    .setParameter(3, openSockets.stream().map(UUID::toString)
                            .collect(Collectors.joining(",", "{", "}")))
                    .executeUpdate();
        }
        em.createNativeQuery("DELETE FROM device_connections WHERE expires_at < now()").executeUpdate();
    }

    /** At startup: the rows a previous run under the same node id left behind (it stopped or crashed). */
    public void clearNode() {
        em.createNativeQuery("DELETE FROM device_connections WHERE node_id = ?")
                .setParameter(1, node.value())
                .executeUpdate();
    }
}
