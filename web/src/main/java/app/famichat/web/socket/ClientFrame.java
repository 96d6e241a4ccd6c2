package app.famichat.web.socket;

/** What a client may send on the socket (docs/api.md, "WebSocket"); {@link Frames#parse} reads them. */
sealed interface ClientFrame {

    /** Must be the first frame, and only the first. */
    record Auth(String token) implements ClientFrame {
    }

    /** Answered with a pong: lets a client that cannot see protocol pings (a browser) check the connection. */
    record Ping() implements ClientFrame {
    }
}
