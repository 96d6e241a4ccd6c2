package app.famichat.web.socket;

import jakarta.inject.Inject;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.nio.ByteBuffer;

/** The WebSocket endpoint: one instance per connection, every callback handed to {@link SocketProtocol}. */
@ServerEndpoint("/api/v1/socket")
public class SocketEndpoint {

    /**
     * Larger frames close the socket with 1009 (message too big); the container stops there, so no more is
     * ever buffered.
     */
    static final int MAX_FRAME_BYTES = 64 * 1024;

    @Inject
    SocketProtocol protocol;

    private SocketConnection connection;

    @OnOpen
    public void open(Session session) {
        connection = protocol.open(session);
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void text(String text) {
        protocol.received(connection, text);
    }

    @OnMessage(maxMessageSize = MAX_FRAME_BYTES)
    public void binary(ByteBuffer data) {
        protocol.receivedBinary(connection);
    }

    /** The answer to a heartbeat ping (browsers send it by themselves). */
    @OnMessage
    public void pong(PongMessage pong) {
        connection.heard();
    }

    @OnClose
    public void closed() {
        protocol.closed(connection);
    }

    @OnError
    public void failed(Throwable error) {
        protocol.failed(error);
    }
}
