package app.famichat.connections;

/** Why the server closes a socket; the web layer maps each to a documented close code. */
public enum Disconnect {
    /** No auth frame in time, or a missing, malformed, unknown, expired or revoked token in it. */
    AUTH_FAILED,
    /** The token of an authenticated socket was revoked (sign-out, device removal) or has expired. */
    SIGNED_OUT,
    /** The device already has famichat.socket.max-per-device sockets open (on any node). */
    TOO_MANY_SOCKETS,
    /** Nothing heard from the client (no frame, no pong) for two heartbeat intervals. */
    IDLE,
    /** The server failed (a bug: never an outage, never the client's frame); the client should reconnect later. */
    SERVER_ERROR,
    /**
     * A service the server needs (the database, the broker) was away while the socket authenticated (its auth frame,
     * or the pushes on connect that follow ready): the socket is of no use without those pushes, so the client
     * reconnects after the outage's retry-after. (Later frames that hit an outage are answered with an error frame
     * instead, and the socket stays open.)
     */
    TRY_AGAIN_LATER,
    /** This node is stopping (undeploy, SIGTERM): the client reconnects, through the load balancer to another node. */
    GOING_AWAY
}
