package app.famichat.sessions;

import java.util.List;
import java.util.UUID;

/**
 * CDI event fired after a transaction that revoked tokens commits, so that open WebSocket connections
 * authenticated with them are closed.
 */
public record SessionsRevoked(UUID userId, List<String> tokenHashes) {
}
