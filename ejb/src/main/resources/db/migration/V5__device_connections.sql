-- Which device has a WebSocket open on which node: one row per open socket (a device may hold two while it
-- reconnects). Inserted when a socket is ready, deleted when it closes, refreshed by its node's heartbeat.
-- Timestamps come from the database clock, so nodes with skewed clocks agree on them.
CREATE TABLE device_connections (
    connection_id UUID        PRIMARY KEY,
    user_id       UUID        NOT NULL,
    device_id     SMALLINT    NOT NULL,
    -- famichat.node.id of the node holding the socket.
    node_id       VARCHAR(64) NOT NULL,
    connected_at  TIMESTAMPTZ NOT NULL,
    last_seen     TIMESTAMPTZ NOT NULL,
    -- last_seen + three heartbeats of the owning node. A row past it belongs to a node that crashed or hangs:
    -- readers ignore it and any node's heartbeat deletes it. Each node writes its own lease, so nodes need not
    -- share one heartbeat setting.
    expires_at    TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (user_id, device_id) REFERENCES devices (user_id, device_id) ON DELETE CASCADE
);
CREATE INDEX device_connections_by_device ON device_connections (user_id, device_id);
CREATE INDEX device_connections_by_node ON device_connections (node_id);
CREATE INDEX device_connections_by_expiry ON device_connections (expires_at);
