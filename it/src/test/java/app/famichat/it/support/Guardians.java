package app.famichat.it.support;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Family recovery over the public API (docs/api.md, "Family recovery"): setups, requests, decisions. */
public final class Guardians {

    /** What a browser on a Linux desktop sends; the server shows it as "Chrome on Linux". */
    public static final String CHROME_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

    /** A started request, as its requester keeps it. */
    public record Request(String id, String secret, JsonObject started) {
    }

    private Guardians() {
    }

    public static HttpResponse<String> setUp(Users.SignedIn owner, String password, int threshold,
                                             List<UUID> guardianIds) throws Exception {
        JsonArrayBuilder ids = Json.createArrayBuilder();
        guardianIds.forEach(id -> ids.add(id.toString()));
        return owner.http().put("/api/v1/me/guardians", Json.createObjectBuilder().add("password", password)
                .add("threshold", threshold).add("guardianIds", ids).build()
                .toString());
    }

    /** Sets up the owner's guardians with {@link Users#PASSWORD}; fails unless the server answers 200. */
    public static JsonObject setUp(Users.SignedIn owner, int threshold, List<Users.SignedIn> guardians)
            throws Exception {
        HttpResponse<String> answer = setUp(owner, Users.PASSWORD, threshold,
                guardians.stream().map(Users.SignedIn::id).toList());
        if (answer.statusCode() != 200) {
            throw new AssertionError("guardian setup failed: " + answer.statusCode() + " " + answer.body());
        }
        return Http.json(answer);
    }

    /**
     * A new family ({@link FamilyChat#create}) whose members are all in locked custody (the owner of a setup must be,
     * and so must guardians), the admin's guardians set up as all the others, {@code threshold} of them needed.
     */
    public static FamilyChat guardedFamily(String baseUrl, String prefix, int others, int threshold) throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, prefix, others);
        for (Users.SignedIn member : family.members()) {
            Custody.lock(member);
        }
        setUp(family.admin(), threshold, family.others());
        return family;
    }

    /** POST /api/v1/recovery/requests, from a browser on Linux, without a token. */
    public static HttpResponse<String> start(String baseUrl, String username, String newPassword) throws Exception {
        Http http = new Http(baseUrl);
        return http.client().send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/recovery/requests"))
                        .header("Content-Type", "application/json").header("User-Agent", CHROME_ON_LINUX)
                        .POST(HttpRequest.BodyPublishers.ofString(Json.createObjectBuilder()
                                .add("username", username).add("newPassword", newPassword).build().toString()))
                        .timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Starts a request; fails unless the server answers 202. */
    public static Request started(String baseUrl, String username, String newPassword) throws Exception {
        HttpResponse<String> answer = start(baseUrl, username, newPassword);
        if (answer.statusCode() != 202) {
            throw new AssertionError("recovery request failed: " + answer.statusCode() + " " + answer.body());
        }
        JsonObject started = Http.json(answer);
        return new Request(started.getString("requestId"), started.getString("requestSecret"), started);
    }

    /** GET /api/v1/recovery/requests/{id} with the secret. */
    public static HttpResponse<String> progress(String baseUrl, String requestId, String secret) throws Exception {
        return withSecret(baseUrl, "GET", requestId, secret);
    }

    /** The request's status as its requester reads it. */
    public static String status(String baseUrl, Request request) throws Exception {
        HttpResponse<String> answer = progress(baseUrl, request.id(), request.secret());
        if (answer.statusCode() != 200) {
            throw new AssertionError("progress: " + answer.statusCode() + " " + answer.body());
        }
        return Http.json(answer).getString("status");
    }

    /** DELETE /api/v1/recovery/requests/{id}: the requester cancels ({@code secret} null: without the header). */
    public static HttpResponse<String> withdraw(String baseUrl, String requestId, String secret) throws Exception {
        return withSecret(baseUrl, "DELETE", requestId, secret);
    }

    /** A request on /api/v1/recovery/requests/{id} as its requester makes it: no token, the secret in a header. */
    private static HttpResponse<String> withSecret(String baseUrl, String method, String requestId, String secret)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/recovery/requests/"
                + requestId)).method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        if (secret != null) {
            request.header("Recovery-Secret", secret);
        }
        return new Http(baseUrl).client().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The ids of the requests that wait for the guardian's decision, as their screen lists them. */
    public static List<String> pendingFor(Users.SignedIn guardian) throws Exception {
        return Http.json("{\"r\":" + guardian.http().get("/api/v1/guardian-requests").body() + "}").getJsonArray("r")
                .getValuesAs(JsonObject.class).stream().map(r -> r.getString("requestId")).toList();
    }

    public static HttpResponse<String> complete(String baseUrl, Request request, String newPassword)
            throws Exception {
        return new Http(baseUrl).postJson("/api/v1/recovery/requests/" + request.id() + "/complete",
                Json.createObjectBuilder().add("requestSecret", request.secret()).add("newPassword", newPassword)
                        .build().toString());
    }

    /** A guardian's approval ({@code approve}) or refusal. */
    public static HttpResponse<String> decide(Users.SignedIn guardian, String requestId, boolean approve)
            throws Exception {
        return guardian.http().request("POST", "/api/v1/guardian-requests/" + requestId
                + (approve ? "/approve" : "/refuse"), null, null);
    }

    /** The next frame of {@code type} on the socket, skipping message frames (history pushed meanwhile). */
    public static JsonObject nextFrame(SocketClient socket, String type) throws InterruptedException {
        while (true) {
            JsonObject frame = socket.next();
            if (type.equals(frame.getString("type"))) {
                return frame;
            }
            if (!"message".equals(frame.getString("type"))) {
                throw new AssertionError("expected a " + type + " frame: " + frame);
            }
        }
    }
}
