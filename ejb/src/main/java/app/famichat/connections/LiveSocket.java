package app.famichat.connections;

import app.famichat.sessions.Caller;
import java.time.Instant;
import java.util.UUID;

/**
 * An authenticated WebSocket open on this node, as the core sees it; the web module implements it over a
 * Jakarta WebSocket session. Methods may be called from any thread.
 */
public interface LiveSocket {

    /** Unique across nodes: the key of its registry row. */
    UUID id();

    /** Who authenticated the socket, with the hash of the token used. */
    Caller caller();

    /** When the client last sent anything: a frame or an answer to a ping. */
    Instant lastHeard();

    /** Sends a heartbeat ping; never blocks on a slow peer. */
    void ping();

    void close(Disconnect why);
}
