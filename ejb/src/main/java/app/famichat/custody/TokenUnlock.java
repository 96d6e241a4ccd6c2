package app.famichat.custody;

import java.util.UUID;

/**
 * What unlocks a locked user's keyring for one live token ({@link Keyrings#unlock}): the token's hash (the unlock
 * row's key) and the secret derived from the token ({@link TokenSecrets}). A socket keeps this for its life instead
 * of the token; a request makes one and drops it.
 */
public record TokenUnlock(UUID userId, byte[] tokenHash, byte[] secret) {

    public static TokenUnlock of(UUID userId, byte[] tokenHash, String token) {
        return new TokenUnlock(userId, tokenHash, TokenSecrets.of(token));
    }

    @Override
    public String toString() {
        return "TokenUnlock[" + userId + "]"; // never the secret
    }
}
