package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Http;
import app.famichat.it.support.RawHttp;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Slow clients (finding 2): one client address opens 230 requests whose bodies it never finishes (the attack
 * that held all 200 request threads for about 28 s). The API and the health check keep answering another
 * address meanwhile, the attacker gets 429 beyond its concurrency ceiling, and the read timeout closes the
 * requests that got in. And links in answers never come from the request's Host header (finding 12).
 */
class HttpEdgeIT {

    private static final int SLOW_CLIENTS = 230;
    private static final int CEILING = 20; // famichat.http.max-concurrent-requests-per-address, as shipped
    private static final long PROBE_MILLIS = 15_000;

    private record SlowAnswer(int status, long closedAfterMillis) {
    }

    @Test
    void halfSentBodiesFromOneAddressDoNotStopTheOthers() throws Exception {
        String baseUrl = TestEnvironment.get().packagedServer().baseUrl();
        URI server = URI.create(baseUrl);
        InetAddress attacker = InetAddress.getByName("127.0.0.2");
        Http other = new Http(baseUrl);
        assertEquals(200, other.get("/health/ready").statusCode());
        assertEquals(401, other.get("/api/v1/me").statusCode()); // warm: the first call of a fresh server is slow

        long start = System.nanoTime();
        List<Socket> slow = new ArrayList<>();
        ExecutorService readers = Executors.newFixedThreadPool(32);
        List<Future<SlowAnswer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket();
                socket.bind(new InetSocketAddress(attacker, 0));
                socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), 5_000);
                socket.getOutputStream().write(("POST /api/v1/accounts HTTP/1.1\r\nHost: " + server.getAuthority()
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"username\":")
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                slow.add(socket);
                answers.add(readers.submit(() -> answerOf(socket, start)));
            }
            System.out.printf("slow clients: %d half-sent bodies open after %d ms%n", SLOW_CLIENTS, millisSince(start));

            List<Long> health = new ArrayList<>();
            List<Long> api = new ArrayList<>();
            long probeEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MILLIS);
            while (System.nanoTime() < probeEnd) {
                long before = System.nanoTime();
                assertEquals(200, other.get("/health/ready").statusCode(), "readiness during the attack");
                health.add(millisSince(before));
                before = System.nanoTime();
                assertEquals(401, other.get("/api/v1/me").statusCode(), "the API during the attack");
                api.add(millisSince(before));
                Thread.sleep(100);
            }
            System.out.printf("during the attack: /health/ready %s, /api %s (ms, %d probes each)%n",
                    figures(health), figures(api), health.size());

            Map<Integer, Integer> statuses = new TreeMap<>();
            long lastClosed = 0;
            for (Future<SlowAnswer> answer : answers) {
                SlowAnswer slowAnswer = answer.get(60, TimeUnit.SECONDS);
                statuses.merge(slowAnswer.status(), 1, Integer::sum);
                lastClosed = Math.max(lastClosed, slowAnswer.closedAfterMillis());
            }
            System.out.printf("slow clients' answers (0: closed without one): %s; last closed after %d ms%n",
                    statuses, lastClosed);

            // Before the fix every probe waited about 28 s; the bounds leave room for a loaded 2-core machine.
            assertTrue(median(health) < 1_000 && median(api) < 1_000 && Collections.max(health) < 10_000
                    && Collections.max(api) < 10_000,
                    "nobody else waits for the slow clients: " + figures(health) + " / " + figures(api));
            assertTrue(statuses.getOrDefault(429, 0) >= SLOW_CLIENTS - CEILING,
                    "all but " + CEILING + " refused at once: " + statuses);
            assertTrue(lastClosed < 45_000, "the read timeout closes the rest: " + lastClosed + " ms");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
            readers.shutdownNow();
        }
    }

    /** Finding 12: links are relative (no public base URL is configured), whatever Host the client sends. */
    @Test
    void locationNeverReflectsTheHostHeader() throws Exception {
        String baseUrl = TestEnvironment.get().packagedServer().baseUrl();
        Users.SignedIn alice = Users.registerAndSignIn(new Http(baseUrl), "links");
        RawHttp.Answer created = RawHttp.request(baseUrl, null, "POST", "/api/v1/families",
                "{\"name\":\"Links\"}".getBytes(StandardCharsets.UTF_8), "Host: attacker.example:666",
                "Authorization: Bearer " + alice.token(), "Content-Type: application/json");
        assertEquals(201, created.status(), created.raw());
        String id = Http.json(created.body()).getString("id");
        assertEquals("/api/v1/families/" + id, created.header("Location"));
    }

    /** Finding 11: the container's own errors outside /api are one line of text, not Payara's HTML page. */
    @Test
    void containerErrorsNameNoProduct() throws Exception {
        String baseUrl = TestEnvironment.get().packagedServer().baseUrl();
        for (String path : List.of("/no-such-page", "/famichat-error")) {
            RawHttp.Answer answer = RawHttp.request(baseUrl, null, "GET", path, null);
            assertEquals(404, answer.status(), answer.raw());
            assertEquals("text/plain;charset=UTF-8", answer.header("Content-Type").replace(" ", ""), answer.raw());
            assertEquals("404 Not found\n", answer.body());
            assertEquals(null, answer.header("Server"));
            assertEquals(null, answer.header("X-Powered-By"));
        }
    }

    /** Reads until the server closes the connection; the status of its answer, if any. */
    private static SlowAnswer answerOf(Socket socket, long start) throws IOException {
        socket.setSoTimeout(60_000);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try (InputStream in = socket.getInputStream()) {
            in.transferTo(answer);
        } catch (SocketTimeoutException | java.net.SocketException closedOrReset) {
            // reset by the server, or closed by the test: what was read so far is the answer
        }
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        int status = text.startsWith("HTTP/1.1 ") && text.length() >= 12 ? Integer.parseInt(text.substring(9, 12)) : 0;
        return new SlowAnswer(status, millisSince(start));
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static long median(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String figures(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return "median " + median(millis) + ", max " + sorted.get(sorted.size() - 1);
    }
}
