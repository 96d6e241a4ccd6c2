package app.famichat.it.container;

import app.famichat.accounts.DeviceAddress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.accounts.Account;
import app.famichat.accounts.AccountService;
import app.famichat.connections.ConnectionRegistry;
import app.famichat.custody.KeyCustody;
import app.famichat.platform.NodeId;
import app.famichat.platform.persistence.FamichatDataSource;
import app.famichat.sessions.Caller;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import java.io.File;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connection registry inside the container, with rows of other nodes (alive and crashed) written straight into
 * the shared table: the socket cap counts across nodes, and the operators' query (docs/operations.md, "WebSocket
 * connections and several nodes") sees the live rows of every node and never expired ones.
 */
@ExtendWith(ArquillianExtension.class)
class ConnectionRegistryIT {

    @Deployment
    static WebArchive deployment() {
        File war = new File(System.getProperty("famichat.it.distribution"), "deploy/famichat.war");
        return ShrinkWrap.createFromZipFile(WebArchive.class, war).addClasses(ConnectionRegistryIT.class);
    }

    @Inject
    ConnectionRegistry registry;

    @Inject
    AccountService accounts;

    @Inject
    NodeId node;

    @Resource(lookup = FamichatDataSource.JNDI_NAME)
    DataSource dataSource;

    private UUID userId;

    @BeforeEach
    void userWithTwoDevices() {
        Account account = accounts.register("registry-" + System.nanoTime(), "correct horse battery", "Registry");
        userId = account.id();
        accounts.addDevice(userId, "phone");
        accounts.addDevice(userId, "laptop");
    }

    @Test
    void readersSeeLiveRowsOfEveryNodeAndNeverExpiredOnes() throws Exception {
        UUID socket = UUID.randomUUID();
        registry.register(socket, new Caller(new DeviceAddress(userId, 1), "unused", KeyCustody.HOSTED));
        insertRow(2, "other-node", "now() + interval '1 minute'");
        insertRow(1, "crashed-node", "now() - interval '1 second'");

        assertEquals(List.of(new DeviceConnection(1, node.value()), new DeviceConnection(2, "other-node")),
                connectedDevices());
        assertEquals(Set.of(node.value()), nodesOf(1));
        assertEquals(Set.of("other-node"), nodesOf(2));

        registry.unregister(socket);
        assertEquals(Set.of(), nodesOf(1));
        assertEquals(List.of(new DeviceConnection(2, "other-node")), connectedDevices());
    }

    @Test
    void twoSocketsOfADeviceOnOneNodeCountOnce() throws Exception {
        registry.register(UUID.randomUUID(), new Caller(new DeviceAddress(userId, 1), "a", KeyCustody.HOSTED));
        registry.register(UUID.randomUUID(), new Caller(new DeviceAddress(userId, 1), "b", KeyCustody.HOSTED));
        assertEquals(List.of(new DeviceConnection(1, node.value())), connectedDevices());
    }

    /** The cap (famichat.socket.max-per-device, 5) counts the device's live sockets on every node, not expired ones. */
    @Test
    void aDeviceGetsAtMostFiveLiveSocketsAcrossNodes() throws Exception {
        insertRow(1, "other-node", "now() + interval '1 minute'");
        insertRow(1, "other-node", "now() + interval '1 minute'");
        insertRow(1, "crashed-node", "now() - interval '1 second'");
        for (int i = 0; i < 3; i++) {
            assertTrue(registry.register(UUID.randomUUID(), new Caller(new DeviceAddress(userId, 1), "t", KeyCustody.HOSTED)), "socket " + (i + 3));
        }
        assertFalse(registry.register(UUID.randomUUID(), new Caller(new DeviceAddress(userId, 1), "t", KeyCustody.HOSTED)), "the sixth");
        assertTrue(registry.register(UUID.randomUUID(), new Caller(new DeviceAddress(userId, 2), "t", KeyCustody.HOSTED)), "another device has its own");
        assertEquals(4, nodesInTable().stream().filter(node.value()::equals).count(), "the refused one left no row");
    }

    @Test
    void aHeartbeatRenewsThisNodesRowsAndDeletesExpiredRowsOfAnyNode() throws Exception {
        UUID socket = UUID.randomUUID();
        registry.register(socket, new Caller(new DeviceAddress(userId, 1), "unused", KeyCustody.HOSTED));
        OffsetDateTime leaseBefore = expiresAt(socket);
        insertRow(2, "crashed-node", "now() - interval '1 second'");
        insertRow(2, "other-node", "now() + interval '1 minute'");
        Thread.sleep(20);

        registry.refresh(List.of(socket));

        assertTrue(expiresAt(socket).isAfter(leaseBefore));
        assertEquals(Set.of(node.value(), "other-node"), Set.copyOf(nodesInTable()));
    }

    @Test
    void clearingThisNodeLeavesOtherNodesAlone() throws Exception {
        registry.register(UUID.randomUUID(), new Caller(new DeviceAddress(userId, 1), "unused", KeyCustody.HOSTED));
        insertRow(2, "other-node", "now() + interval '1 minute'");

        registry.clearNode();

        assertEquals(List.of("other-node"), nodesInTable());
    }

    /** A device of the test user with at least one live socket on the node {@code nodeId}. */
    private record DeviceConnection(int deviceId, String nodeId) {
    }

    /** The operators' query of docs/operations.md for the test user: one row per device and node. */
    private List<DeviceConnection> connectedDevices() throws SQLException {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement("SELECT device_id, node_id, count(*) AS sockets "
                     + "FROM device_connections WHERE user_id = ? AND expires_at > now() "
                     + "GROUP BY device_id, node_id ORDER BY device_id, node_id")) {
            query.setObject(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                List<DeviceConnection> devices = new ArrayList<>();
                while (rows.next()) {
                    devices.add(new DeviceConnection(rows.getInt(1), rows.getString(2)));
                }
                return devices;
            }
        }
    }

    /** The nodes holding a live socket of the test user's device; empty when it is offline. */
    private Set<String> nodesOf(int deviceId) throws SQLException {
        return connectedDevices().stream().filter(device -> device.deviceId() == deviceId)
                .map(DeviceConnection::nodeId).collect(Collectors.toSet());
    }

    private void insertRow(int deviceId, String nodeId, String expiresAt) throws SQLException {
        try (Connection db = dataSource.getConnection();
             PreparedStatement insert = db.prepareStatement("INSERT INTO device_connections (connection_id, user_id, "
                     + "device_id, node_id, connected_at, last_seen, expires_at) VALUES (?, ?, ?, ?, now(), now(), "
                     + expiresAt + ")")) {
            insert.setObject(1, UUID.randomUUID());
            insert.setObject(2, userId);
            insert.setShort(3, (short) deviceId);
            insert.setString(4, nodeId);
            insert.executeUpdate();
        }
    }

    private OffsetDateTime expiresAt(UUID socket) throws SQLException {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement(
                     "SELECT expires_at FROM device_connections WHERE connection_id = ?")) {
            query.setObject(1, socket);
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getObject(1, OffsetDateTime.class);
            }
        }
    }

    /** The node ids of this test user's rows, in the table as it is (expired rows included). */
    private List<String> nodesInTable() throws SQLException {
        try (Connection db = dataSource.getConnection();
             PreparedStatement query = db.prepareStatement(
                     "SELECT node_id FROM device_connections WHERE user_id = ? ORDER BY node_id")) {
            query.setObject(1, userId);
            try (ResultSet rows = query.executeQuery()) {
                List<String> nodes = new ArrayList<>();
                while (rows.next()) {
                    nodes.add(rows.getString(1));
                }
                return nodes;
            }
        }
    }
}
