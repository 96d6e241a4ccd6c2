package app.famichat.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Creates users over the public API, for black-box tests. */
public final class Users {

    public static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Users() {
    }

    /** A signed-in user: id, name, token of a new device, and a client that sends that token. */
    public record SignedIn(UUID id, String username, String token, int deviceId, Http http) {
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
        return signIn(http, username, null);
    }

    public static SignedIn signIn(Http http, String username, Integer deviceId) throws Exception {
        var body = Json.createObjectBuilder().add("username", username).add("password", PASSWORD);
        if (deviceId != null) {
            body.add("deviceId", deviceId);
        }
        HttpResponse<String> response = http.postJson("/api/v1/sessions", body.build().toString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("sign-in failed: " + response.statusCode() + " " + response.body());
        }
        JsonObject signIn = Http.json(response);
        String token = signIn.getString("token");
        return new SignedIn(UUID.fromString(signIn.getJsonObject("user").getString("id")), username, token,
                signIn.getJsonObject("device").getInt("deviceId"), http.as(token));
    }
}
