package app.famichat.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small HTTP client for black-box tests. */
public final class Http {

    /**
     * HTTP/1.1, as a reverse proxy speaks to the server (the client's default, an h2c upgrade, hid that Grizzly
     * refused a body on DELETE over HTTP/1.1).
     */
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpClient client;
    private final String baseUrl;
    private final String token;

    public Http(String baseUrl) {
        this(CLIENT, baseUrl, null);
    }

    /** Through {@code client}: e.g. one that trusts a test's own TLS certificate ({@link TrustedCertificate}). */
    public Http(HttpClient client, String baseUrl) {
        this(client, baseUrl, null);
    }

    private Http(HttpClient client, String baseUrl, String token) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same client, sending {@code Authorization: Bearer <token>}. */
    public Http as(String bearerToken) {
        return new Http(client, baseUrl, bearerToken);
    }

    public HttpClient client() {
        return client;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    public HttpResponse<String> put(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> request(String method, String path, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public HttpResponse<String> post(String path, String contentType, String body)
            throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        return post(path, "application/json", json);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static JsonObject json(HttpResponse<String> response) {
        return json(response.body());
    }

    /**
     * An answer's status, problem type and detail: what a client can tell from it. Two answers that must not be told
     * apart (no user enumeration) have the same.
     */
    public static String problemSummary(HttpResponse<String> response) {
        JsonObject problem = json(response);
        return response.statusCode() + " " + problem.getString("type") + " " + problem.getString("detail");
    }

    public static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
