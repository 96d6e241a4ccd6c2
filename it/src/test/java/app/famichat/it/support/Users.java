package app.famichat.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates users over the public API, for black-box tests. */
public final class Users {

    public static final String PASSWORD = "correct horse battery";
    /** The password a user sets without knowing {@link #PASSWORD} (recovery) or instead of it (a change). */
    public static final String NEW_PASSWORD = "a brand new passphrase";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Users() {
    }

    /**
     * A signed-in user: id, name, token, the device signed in on and its credential (to sign in on it again), and
     * a client that sends that token.
     */
    public record SignedIn(UUID id, String username, String token, int deviceId, String deviceCredential, Http http) {
    }

    /** A fresh, unique username with the given prefix (letters only). */
    public static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-" + SEQUENCE.incrementAndGet();
    }

    /** The JSON body of a registration of {@code username} with {@link #PASSWORD}. */
    public static String registration(String username, String displayName) {
        return Json.createObjectBuilder().add("username", username).add("password", PASSWORD)
                .add("displayName", displayName).build().toString();
    }

    public static SignedIn registerAndSignIn(Http http, String prefix) throws Exception {
        String username = uniqueName(prefix);
        HttpResponse<String> created = http.postJson("/api/v1/accounts", registration(username, prefix));
        if (created.statusCode() != 201) {
            throw new IllegalStateException("registration failed: " + created.statusCode() + " " + created.body());
        }
        return signInNewDevice(http, username);
    }

    /** Signs in and creates a new device (the sign-in request names it). */
    public static SignedIn signInNewDevice(Http http, String username) throws Exception {
        return signedIn(http, username, null, attemptSignIn(http, username, PASSWORD, null));
    }

    /** Signs in again on the device of {@code known}, proven by its credential. */
    public static SignedIn signInAgain(Http http, SignedIn known) throws Exception {
        return signInAgain(http, known, PASSWORD);
    }

    /** Signs in again on the device of {@code known} with another password than {@link #PASSWORD} (after a change). */
    public static SignedIn signInAgain(Http http, SignedIn known, String password) throws Exception {
        return signedIn(http, known.username(), known.deviceCredential(),
                attemptSignIn(http, known.username(), password, known));
    }

    /**
     * One sign-in request, whatever its answer: on the device of {@code known} (with its credential), or, when it is
     * null, creating a new device.
     */
    public static HttpResponse<String> attemptSignIn(Http http, String username, String password, SignedIn known)
            throws Exception {
        return http.postJson("/api/v1/sessions", known == null
                ? signInBody(username, password, null, null, "Test device")
                : signInBody(username, password, known.deviceId(), known.deviceCredential(), null));
    }

    /** The JSON body of a sign-in; null fields are left out (for the tests of malformed sign-ins too). */
    public static String signInBody(String username, String password, Integer deviceId, String deviceCredential,
                                    String deviceName) {
        var body = Json.createObjectBuilder().add("username", username).add("password", password);
        if (deviceId != null) {
            body.add("deviceId", deviceId);
        }
        if (deviceCredential != null) {
            body.add("deviceCredential", deviceCredential);
        }
        if (deviceName != null) {
            body.add("deviceName", deviceName);
        }
        return body.build().toString();
    }

    private static SignedIn signedIn(Http http, String username, String knownCredential,
                                     HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sign-in failed: " + response.statusCode() + " " + response.body());
        }
        JsonObject signIn = Http.json(response);
        String token = signIn.getString("token");
        String credential = knownCredential != null ? knownCredential : signIn.getString("deviceCredential");
        return new SignedIn(UUID.fromString(signIn.getJsonObject("user").getString("id")), username, token,
                signIn.getJsonObject("device").getInt("deviceId"), credential, http.as(token));
    }
}
