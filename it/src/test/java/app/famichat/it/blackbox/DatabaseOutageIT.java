package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.Messages;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TcpProxy;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A short database outage, on a server of its own whose database connections go through a {@link TcpProxy} that
 * the test cuts (as a restarting PostgreSQL would): requests meanwhile answer 503 with Retry-After and a problem
 * document (a socket's send frame an {@code unavailable} error frame, the socket staying open), the log notes the
 * outage once (not per request), and every message accepted before the outage, while the encryption pipeline still
 * had a backlog, arrives afterwards; none is dead-lettered.
 */
class DatabaseOutageIT {

    /** The outage the test makes; docs/operations.md promises no loss for outages up to five minutes. */
    private static final long OUTAGE_MS = 5_000;
    /**
     * How many lines the log may grow by over an outage: a warning at its start, a line at its end, and what the
     * connection pool logs for the requests in flight before the first failure is recognised.
     */
    private static final int LOG_LINES_PER_OUTAGE = 40;
    /** Messages each member sends in the burst before the cut (six members, five recipient devices each). */
    private static final int BURST_PER_MEMBER = 10;

    private static TcpProxy proxy;
    private static LaunchedFamichat famichat;

    @BeforeAll
    static void startServerBehindTheProxy() throws Exception {
        TestDatabase database = TestEnvironment.get().database();
        URI url = URI.create(database.url().substring("jdbc:".length()));
        proxy = TcpProxy.to(url.getHost(), url.getPort());
        String proxied = database.url().replace(url.getHost() + ":" + url.getPort(), "127.0.0.1:" + proxy.port());
        famichat = LaunchedFamichat.start(TestEnvironment.get().freshDirectory("database-outage"), Map.of(
                "FAMICHAT_DB_URL", proxied,
                "FAMICHAT_DB_USER", database.user(),
                "FAMICHAT_DB_PASSWORD", database.password(),
                "FAMICHAT_RATE_LIMIT_SIGN_IN_ADDRESS", "100000/PT1M",
                "FAMICHAT_RATE_LIMIT_REGISTER_ADDRESS", "100000/PT1H",
                "FAMICHAT_RATE_LIMIT_SEND_DEVICE_BURST", "100000/PT10S",
                "FAMICHAT_RATE_LIMIT_SEND_DEVICE", "100000/PT1M",
                "FAMICHAT_RATE_LIMIT_SEND_USER", "100000/PT1M"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (famichat != null) {
            famichat.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void requestsDuringAnOutageAnswer503WithRetryAfterAndTheLogNotesTheOutageOnce() throws Exception {
        FamilyChat chat = FamilyChat.create(famichat.baseUrl(), "outage", 1);
        Users.SignedIn admin = chat.admin();
        String conversation = chat.conversation();
        Messages.sent(admin, conversation, UUID.randomUUID().toString(), "before the outage");
        long linesBefore = logLines();

        try (SocketClient socket = SocketClient.ready(famichat.baseUrl(), admin.token())) {
            // A socket's frames are handled one at a time: the pong says its connect (the pushes after ready) is
            // done, so the outage meets the send frame, not the connect (which closes with 1013, docs/api.md).
            assertEquals("pong", socket.send("{\"type\":\"ping\"}").next().getString("type"));
            proxy.cut();
            Map<Integer, Integer> statuses = new TreeMap<>();
            List<HttpResponse<String>> answers = new ArrayList<>();
            long started = System.currentTimeMillis();
            int requests = 0;
            // The same outage over the socket: a send frame is answered, and the socket stays open for its retry.
            String sendFrame = Json.createObjectBuilder().add("type", "send").add("conversationId", conversation)
                    .add("clientMessageId", "socket-during-outage").add("body", "over the socket").build().toString();
            JsonObject socketAnswer = socket.send(sendFrame).next();
            while (System.currentTimeMillis() - started < OUTAGE_MS) {
                HttpResponse<String> answer = requests % 2 == 0 ? admin.http().get("/api/v1/conversations")
                        : Messages.send(admin, conversation, UUID.randomUUID().toString(), "during the outage");
                statuses.merge(answer.statusCode(), 1, Integer::sum);
                answers.add(answer);
                requests++;
            }
            proxy.restore();
            awaitAnswering(admin.http());
            Thread.sleep(2_000); // the recovery is noticed by a probe, at most once a second
            long grown = logLines() - linesBefore;
            System.out.printf("[outage] %d requests in %d ms of outage: %s; the log grew by %d lines; the socket's "
                    + "send frame was answered %s%n", requests, OUTAGE_MS, statuses, grown,
                    socketAnswer.getJsonObject("problem").getString("type"));

            assertEquals(Set.of(503), statuses.keySet(), "answers during the outage: " + statuses);
            for (HttpResponse<String> answer : answers) {
                assertEquals("5", answer.headers().firstValue("Retry-After").orElse(null));
                assertEquals("application/problem+json", answer.headers().firstValue("Content-Type").orElse(""));
                assertEquals("urn:famichat:problem:unavailable", Http.json(answer).getString("type"));
            }
            assertEquals("error", socketAnswer.getString("type"), socketAnswer.toString());
            assertEquals("urn:famichat:problem:unavailable", socketAnswer.getJsonObject("problem").getString("type"));
            assertEquals("socket-during-outage", socketAnswer.getString("clientMessageId"));
            assertEquals(5, socketAnswer.getInt("retryAfter"));
            assertFalse(socket.isClosed(), "the socket was closed for the outage");
            assertEquals("sent", socket.send(sendFrame).next().getString("type"), "the retry on the same socket");
            assertTrue(grown <= LOG_LINES_PER_OUTAGE, "the log grew by " + grown + " lines over one outage");
            String log = logText();
            assertTrue(log.contains("Database unreachable"), "no warning at the start of the outage");
            assertTrue(log.contains("Database reachable again"), "no note of the recovery");
            Messages.sent(admin, conversation, UUID.randomUUID().toString(), "after the outage");
        }
    }

    @Test
    void messagesAcceptedBeforeAnOutageWithABacklogAllArriveAndNoneIsDeadLettered() throws Exception {
        // Six members: every message is five fan-out messages, one per recipient device.
        FamilyChat chat = FamilyChat.create(famichat.baseUrl(), "backlog", 5);
        String conversation = chat.conversation();
        for (Users.SignedIn member : chat.members()) { // every pair's session exists before the burst
            Messages.sent(member, conversation, UUID.randomUUID().toString(), member.username() + " first");
        }
        List<String> accepted = new ArrayList<>(chat.members().stream().map(m -> m.username() + " first").toList());
        awaitFannedOut(conversation); // no envelope insert may hold a device row when the test locks them
        // A burst of sends, all accepted, while the test holds the members' device rows (past the proxy): every
        // envelope insert waits for them (its foreign key), so the burst's fan-out messages are all still to do
        // when the database goes away.
        Connection hold = TestEnvironment.get().database().connect();
        hold.setAutoCommit(false);
        try (PreparedStatement lock = hold.prepareStatement(
                "SELECT 1 FROM devices WHERE user_id = ANY (?) ORDER BY user_id, device_id FOR UPDATE")) {
            lock.setArray(1, hold.createArrayOf("uuid", chat.members().stream().map(Users.SignedIn::id).toArray()));
            lock.executeQuery().close();
        }
        ExecutorService senders = Executors.newFixedThreadPool(12);
        List<Callable<String>> burst = new ArrayList<>();
        for (int i = 0; i < BURST_PER_MEMBER; i++) {
            for (Users.SignedIn member : chat.members()) {
                String body = member.username() + " " + i;
                burst.add(() -> {
                    Messages.sent(member, conversation, UUID.randomUUID().toString(), body);
                    return body;
                });
            }
        }
        for (Future<String> sent : senders.invokeAll(burst)) {
            accepted.add(sent.get());
        }
        senders.shutdown();
        long linesBefore = logLines();
        proxy.cut();
        long backlog = notFannedOut(conversation);
        hold.rollback();
        hold.close();
        Map<Integer, Integer> duringOutage = new TreeMap<>();
        for (Users.SignedIn member : chat.members()) {
            duringOutage.merge(Messages.send(member, conversation, UUID.randomUUID().toString(), "lost").statusCode(),
                    1, Integer::sum);
        }
        Thread.sleep(OUTAGE_MS);
        proxy.restore();
        awaitAnswering(chat.admin().http());
        long stillWaiting = awaitFannedOut(conversation);
        double deadLetters = metric(chat.admin().http(), "famichat_dead_letters");
        long grown = logLines() - linesBefore;
        System.out.printf("[outage] %d messages accepted, %d of them not yet fanned out at the cut; sends during the "
                + "outage: %s; after it: %d not fanned out, dead letters %.0f; the log grew by %d lines%n",
                accepted.size(), backlog, duringOutage, stillWaiting, deadLetters, grown);

        assertTrue(backlog > 0, "the outage found no backlog to test with");
        assertEquals(Set.of(503), duringOutage.keySet(), "sends during the outage: " + duringOutage);
        assertEquals(0, deadLetters, "messages were dead-lettered");
        assertEquals(0, stillWaiting, "messages never fanned out");
        for (Users.SignedIn member : chat.members()) {
            List<String> bodies = Messages.bodies(Messages.awaitMessages(member, conversation, accepted.size()));
            assertEquals(Set.copyOf(accepted), Set.copyOf(bodies), "what " + member.username() + " has");
            assertEquals(accepted.size(), bodies.size(), "a message arrived twice");
        }
        assertTrue(grown <= LOG_LINES_PER_OUTAGE, "the log grew by " + grown + " lines over one outage");
    }

    /** Waits until the server answers an authenticated read again (the pool replaces its broken connections). */
    private static void awaitAnswering(Http http) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (http.get("/api/v1/conversations").statusCode() != 200) {
            assertTrue(System.currentTimeMillis() < deadline, "the server did not recover from the outage");
            Thread.sleep(200);
        }
    }

    /** Waits (at most two minutes) until every message of the conversation is fanned out; returns how many are not. */
    private static long awaitFannedOut(String conversation) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        while (notFannedOut(conversation) > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(200);
        }
        return notFannedOut(conversation);
    }

    /** Accepted messages whose envelopes are not all written yet, counted past the proxy. */
    private static long notFannedOut(String conversation) throws Exception {
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM messages "
                     + "WHERE conversation_id = ? AND fanned_out_at IS NULL")) {
            query.setObject(1, UUID.fromString(conversation));
            try (ResultSet count = query.executeQuery()) {
                count.next();
                return count.getLong(1);
            }
        }
    }

    /** The server log: Payara writes {@code logs/server.log.0} (and rotates to further numbers). */
    private static List<Path> serverLogs() throws Exception {
        try (Stream<Path> files = Files.list(famichat.dataDir().resolve("logs"))) {
            return files.filter(file -> file.getFileName().toString().matches("server\\.log(\\.\\d+)?"))
                    .sorted().toList();
        }
    }

    private static long logLines() throws Exception {
        long lines = 0;
        for (Path log : serverLogs()) {
            try (Stream<String> text = Files.lines(log)) {
                lines += text.count();
            }
        }
        return lines;
    }

    private static String logText() throws Exception {
        StringBuilder text = new StringBuilder();
        for (Path log : serverLogs()) {
            text.append(Files.readString(log));
        }
        return text.toString();
    }

    private static double metric(Http http, String name) throws Exception {
        Matcher line = Pattern.compile("(?m)^" + name + "\\{[^}]*mp_scope=\"application\"[^}]*\\} (\\S+)$")
                .matcher(http.get("/metrics").body());
        assertTrue(line.find(), "no metric " + name);
        return Double.parseDouble(line.group(1));
    }
}
