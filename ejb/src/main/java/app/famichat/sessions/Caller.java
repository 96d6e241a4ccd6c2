package app.famichat.sessions;

import java.util.UUID;

/** Who is asking: an authenticated (user, device), and the hash of the token they used (to sign it out). */
public record Caller(UUID userId, int deviceId, String tokenHash) {
}
