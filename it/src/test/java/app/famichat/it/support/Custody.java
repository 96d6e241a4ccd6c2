package app.famichat.it.support;

import jakarta.json.Json;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Locked custody over the public API (PUT /api/v1/me/custody), and what the tests read of it in the database. */
public final class Custody {

    private Custody() {
    }

    public static HttpResponse<String> change(Users.SignedIn user, String custody, String password) throws Exception {
        return user.http().put("/api/v1/me/custody", Json.createObjectBuilder().add("custody", custody)
                .add("password", password).build().toString());
    }

    /** Switches the user to locked custody with {@link Users#PASSWORD}; fails unless the server answers 204. */
    public static void lock(Users.SignedIn user) throws Exception {
        changed(user, "locked");
    }

    /**
     * Puts the user in hosted custody with {@link Users#PASSWORD} (a test that needs a hosted user says so rather
     * than rely on {@code famichat.custody.default}); fails unless the server answers 204.
     */
    public static void host(Users.SignedIn user) throws Exception {
        changed(user, "hosted");
    }

    private static void changed(Users.SignedIn user, String custody) throws Exception {
        HttpResponse<String> answer = change(user, custody, Users.PASSWORD);
        if (answer.statusCode() != 204) {
            throw new AssertionError("switching to " + custody + " failed: " + answer.statusCode() + " "
                    + answer.body());
        }
    }

    /** Signs the token out (DELETE /api/v1/sessions/current); fails unless the server answers 204. */
    public static void signOut(Users.SignedIn user) throws Exception {
        HttpResponse<String> answer = user.http().delete("/api/v1/sessions/current");
        if (answer.statusCode() != 204) {
            throw new AssertionError("sign-out failed: " + answer.statusCode() + " " + answer.body());
        }
    }

    /** The token's key in access_tokens and keyring_unlocks: its SHA-256. */
    public static byte[] tokenHash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the token's unlock row exists (what keeps a locked keyring usable for it). */
    public static boolean hasUnlock(TestDatabase db, Users.SignedIn user) throws Exception {
        return db.number("SELECT count(*) FROM keyring_unlocks WHERE token_hash = ?", tokenHash(user.token())) == 1;
    }

    /** The user's unlock rows, one per live token. */
    public static long unlocks(TestDatabase db, Users.SignedIn user) throws Exception {
        return db.number("SELECT count(*) FROM keyring_unlocks WHERE user_id = ?", user.id());
    }
}
