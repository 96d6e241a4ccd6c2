package app.famichat.it.support;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of {@code /api/v1/socket} for black-box tests (java.net.http). It collects text frames, counts the
 * server's pings (java.net.http answers them with pongs by itself) and records the close code.
 *
 * <p>Status frames ({@code "type":"status"}) come asynchronously, whenever a recipient acknowledges or reads one
 * of this user's messages, so they are kept apart: {@link #next()} answers every other frame in order, and
 * {@link #nextStatus()} the status frames in order. A test that expects a certain frame (a pong, a sent, a
 * message) is thus not disturbed by a status frame that happens to come first.
 */
public final class SocketClient implements AutoCloseable {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final BlockingQueue<JsonObject> statuses = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final AtomicInteger pings = new AtomicInteger();
    private volatile long closedAtMillis;
    private final WebSocket socket;

    private SocketClient(HttpClient client, String baseUrl) throws Exception {
        socket = client.newWebSocketBuilder()
                .buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "/api/v1/socket"), new Listener())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    public static SocketClient connect(String baseUrl) throws Exception {
        return new SocketClient(CLIENT, baseUrl);
    }

    /** Connects and authenticates; returns the client once the server has answered ready. */
    public static SocketClient ready(String baseUrl, String token) throws Exception {
        return ready(CLIENT, baseUrl, token);
    }

    /** {@link #ready(String, String)} through {@code http} (e.g. {@code wss} with a test's own certificate). */
    public static SocketClient ready(HttpClient http, String baseUrl, String token) throws Exception {
        SocketClient client = new SocketClient(http, baseUrl);
        JsonObject ready = client.send(auth(token)).next();
        if (!"ready".equals(ready.getString("type"))) {
            throw new IllegalStateException("not ready: " + ready);
        }
        return client;
    }

    public static String auth(String token) {
        return Json.createObjectBuilder().add("type", "auth").add("token", token).build().toString();
    }

    public SocketClient send(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    public SocketClient sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next text frame from the server other than a status frame, as JSON; fails after ten seconds. */
    public JsonObject next() throws InterruptedException {
        String text = texts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (text == null) {
            throw new AssertionError("no frame within " + WAIT
                    + (closeCode.isDone() ? "; closed with " + closeCode.getNow(null) : ""));
        }
        return json(text);
    }

    /** The next text frame other than a status frame, or null if none comes within {@code timeout}. */
    public JsonObject poll(Duration timeout) throws InterruptedException {
        String text = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return text == null ? null : json(text);
    }

    /** The next status frame from the server; fails after ten seconds. */
    public JsonObject nextStatus() throws InterruptedException {
        JsonObject status = statuses.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (status == null) {
            throw new AssertionError("no status frame within " + WAIT
                    + (closeCode.isDone() ? "; closed with " + closeCode.getNow(null) : ""));
        }
        return status;
    }

    /** The status frames received so far and not yet taken by {@link #nextStatus()}; takes them. */
    public List<JsonObject> takeStatuses() {
        List<JsonObject> taken = new ArrayList<>();
        statuses.drainTo(taken);
        return taken;
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    /** The close code the server sent; fails if the socket is still open after {@code timeout}. */
    public int awaitClose(Duration timeout) throws Exception {
        return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** When the close frame (or the connection's failure) arrived, in {@link System#currentTimeMillis()}; 0 before. */
    public long closedAtMillis() {
        return closedAtMillis;
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    public int pings() {
        return pings.get();
    }

    /** Closes normally (the server sees a close frame, as from a well-behaved client), then drops the connection. */
    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception alreadyClosed) {
            // the server closed it first
        } finally {
            socket.abort();
        }
    }

    /** The frame as JSON if it is a status frame; null for any other frame (also one that is not JSON). */
    private static JsonObject statusFrame(String text) {
        try {
            JsonObject frame = json(text);
            return frame.get("type") instanceof JsonString type && "status".equals(type.getString()) ? frame : null;
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                JsonObject status = statusFrame(frame);
                if (status != null) {
                    statuses.add(status);
                } else {
                    texts.add(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedAtMillis = System.currentTimeMillis();
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedAtMillis = System.currentTimeMillis();
            closeCode.completeExceptionally(error);
        }
    }
}
