package app.famichat.web.socket;

import app.famichat.web.problem.ProblemType;
import java.util.UUID;

/** What the server sends on the socket (docs/api.md, "WebSocket"); {@link Frames#write} writes them. */
sealed interface ServerFrame {

    /** The answer to a good auth frame. */
    record Ready(UUID userId, int deviceId, long heartbeatSeconds) implements ServerFrame {
    }

    record Pong() implements ServerFrame {
    }

    /**
     * A frame that could not be handled; the socket stays open. Carries a problem as the REST API writes it
     * (type, title, status, detail), with the same stable types.
     */
    record Error(ProblemType problem, String detail) implements ServerFrame {
    }
}
