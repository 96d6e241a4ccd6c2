package app.famichat.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.ContainerTopology;
import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.Podman;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 13, "Containers": the production topology of docker/compose.yaml, for real, with podman and no registry.
 * The four images are built from the local base (docker/build-images.sh --local-base; the debootstrap base is
 * cached between runs), the project comes up (proxy -> two Famichat nodes -> Artemis primary/backup ->
 * PostgreSQL), and everything goes through the proxy over TLS, trusting the certificate made at set-up: sign-up,
 * a family, sockets on both nodes (where each socket landed is read from {@code device_connections}, which
 * records the serving node's id), messages across them. Then one node's container is killed ({@code podman
 * kill}) while a member keeps sending: its sockets are closed by the proxy, their clients reconnect through the
 * proxy (to the other node), and every message answered 2xx reaches every other member exactly once (counted by
 * message id and acknowledged; a frame the dying socket still showed was not acknowledged, so it must come again
 * after the reconnect, as docs/api.md says, and counts once), with one envelope per recipient in the database.
 * Finally compose down (plus the network, which podman-compose 1.0.3 leaves) leaves no container, pod, volume or
 * network of the project.
 *
 * <p>Skipped (with how to install them) without podman and podman-compose, failed instead under {@code CI=true}.
 * Prints a {@code [figures]} line: image sizes, build time, compose up to ready, reconnect time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContainerTopologyIT {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(6);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Artemis notices a dead client by its connection's TTL (60 s) at worst; its unfinished work comes back then. */
    private static final Duration AFTER_KILL = Duration.ofMinutes(3);
    private static final List<String> NODES = List.of("node-a", "node-b");
    private static final String KILLED = "node-a";
    /** Messages the continuous sender sends after every socket of the killed node is back. */
    private static final int AFTER_RECONNECT = 10;

    private static Podman podman;
    private static ContainerTopology topology;
    private static ContainerTopology.Build build;
    private static long upToReadyMillis;
    private static HttpClient client;

    @BeforeAll
    static void buildAndStartTheTopology() throws Exception {
        Path docker = Path.of(required("famichat.it.docker"));
        Path work = Path.of(required("famichat.it.work")).resolve("containers");
        podman = Podman.require(docker.resolve("containers.conf"), work.resolve("logs"));
        ContainerTopology.removeLeftovers(podman);
        build = ContainerTopology.buildImages(podman, docker, Path.of(required("famichat.it.artemisTgz")));
        System.out.println("CONTAINERS " + build.imagesLine() + " (build-images.sh took "
                + build.took().toMillis() + " ms)");

        long started = System.nanoTime();
        topology = ContainerTopology.up(podman, docker, work);
        await("both nodes healthy (their image's HEALTHCHECK) and routed to by the proxy", READY_TIMEOUT, () ->
                NODES.stream().allMatch(node -> topology.healthy(service(node)) && topology.proxyRoutesTo(node)));
        upToReadyMillis = millisSince(started);
        client = topology.client();
        System.out.println("CONTAINERS compose up to both nodes ready behind the proxy: " + upToReadyMillis + " ms");
    }

    @AfterAll
    static void stopTheTopology() {
        if (topology != null) {
            topology.close();
        }
    }

    @Test
    @Order(1)
    void messagesCrossBothNodesThroughTheProxyAndSurviveANodeKilled() throws Exception {
        assertTrue(topology.healthy("postgres"), "PostgreSQL's HEALTHCHECK (pg_isready)");
        assertTrue(topology.logs("artemis-backup").contains("AMQ221024"),
                "the backup broker replicates the primary (AMQ221024: synchronized with primary)");
        Http proxy = new Http(client, topology.baseUrl());
        assertEquals(401, proxy.get("/api/v1/me").statusCode(), "the API through the proxy, over TLS");
        assertEquals(404, proxy.get("/health/ready").statusCode(), "health stays inside (the proxy probes it)");
        assertEquals(404, proxy.get("/metrics").statusCode(), "metrics stay inside");

        List<Users.SignedIn> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            members.add(Users.registerAndSignIn(proxy, "containers"));
        }
        UUID familyId = Families.create(members.get(0), "Containers", members.get(1), members.get(2), members.get(3));
        String family = Messages.familyConversation(members.get(0), familyId);

        // Sockets through the proxy: it balances them by connection count, so they alternate between the nodes.
        List<SocketClient> sockets = new ArrayList<>();
        List<Map<String, Integer>> received = new ArrayList<>();
        try {
            for (Users.SignedIn member : members) {
                sockets.add(connect(member));
                received.add(new ConcurrentHashMap<>());
            }
            Map<UUID, List<String>> nodeOf = socketNodes();
            List<String> nodes = new ArrayList<>();
            for (Users.SignedIn member : members) {
                assertEquals(1, nodeOf.get(member.id()).size(), "one socket per member: " + nodeOf);
                nodes.add(nodeOf.get(member.id()).get(0));
            }
            assertTrue(nodes.containsAll(NODES), "sockets on both nodes: " + nodes);

            // Before the kill: each member sends twice; every other member's socket gets each message once.
            Map<String, Integer> senderOf = new LinkedHashMap<>();
            for (int i = 0; i < 8; i++) {
                int sender = i % members.size();
                senderOf.put(send(members.get(sender), family, "before-" + i), sender);
            }
            for (int i = 0; i < members.size(); i++) {
                awaitMessages(sockets.get(i), received.get(i), expectedFor(i, senderOf), WAIT);
                // After the pong its acks are handled: nothing of these waits for it any more.
                for (JsonObject frame : Messages.untilPong(sockets.get(i))) {
                    count(frame, received.get(i));
                }
            }

            // The kill, while a member whose socket is on the other node keeps sending.
            int sender = nodes.indexOf(NODES.stream().filter(node -> !KILLED.equals(node)).findFirst().orElseThrow());
            ContinuousSender continuous = new ContinuousSender(members.get(sender), family);
            ExecutorService pool = Executors.newSingleThreadExecutor();
            Future<?> sending = pool.submit(continuous);
            try {
                await("the sender under way", WAIT, () -> continuous.accepted.size() >= 3);
                long killed = System.nanoTime();
                long killedAt = System.currentTimeMillis();
                topology.kill(service(KILLED));
                List<Integer> onKilled = new ArrayList<>();
                for (int i = 0; i < members.size(); i++) {
                    if (KILLED.equals(nodes.get(i))) {
                        onKilled.add(i);
                    }
                }
                assertTrue(!onKilled.isEmpty());
                // What the dying sockets still showed, not acknowledged: each is pushed again at the reconnect.
                List<Map<String, Integer>> unacknowledged = new ArrayList<>();
                members.forEach(member -> unacknowledged.add(new ConcurrentHashMap<>()));
                long closed = 0;
                for (int i : onKilled) {
                    SocketClient socket = sockets.get(i);
                    drainUntilClosed(socket, unacknowledged.get(i));
                    closed = Math.max(closed, socket.closedAtMillis());
                }
                long closedMillis = closed - killedAt;
                for (int i : onKilled) {
                    sockets.set(i, reconnect(members.get(i)));
                }
                long reconnectedMillis = millisSince(killed);
                // The killed node's rows stay until their lease runs out (or a node with its id starts again).
                Map<UUID, List<String>> after = socketNodes();
                for (int i : onKilled) {
                    assertTrue(after.get(members.get(i).id()).stream().anyMatch(node -> !KILLED.equals(node)),
                            "member " + i + " reconnected to another node: " + after.get(members.get(i).id()));
                }
                int beforeLast = continuous.accepted.size();
                await("the sender's messages after the reconnects", WAIT,
                        () -> continuous.accepted.size() >= beforeLast + AFTER_RECONNECT);
                continuous.stop.set(true);
                sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                continuous.accepted.forEach(id -> senderOf.put(id, sender));

                // Every message answered 2xx reaches every other member once: counted by message id, acked. The
                // killed node's unfinished fan-out comes back once the broker has noticed its connection is gone.
                for (int i = 0; i < members.size(); i++) {
                    awaitMessages(sockets.get(i), received.get(i), expectedFor(i, senderOf), AFTER_KILL);
                }
                Thread.sleep(1000); // room for a late duplicate push to show up
                for (int i = 0; i < members.size(); i++) {
                    for (JsonObject frame : Messages.untilPong(sockets.get(i))) {
                        count(frame, received.get(i));
                    }
                }
                for (int i = 0; i < members.size(); i++) {
                    assertEquals(expectedFor(i, senderOf), received.get(i).keySet(), "member " + i + "'s messages");
                    String member = i + " (first socket on " + nodes.get(i) + ")";
                    received.get(i).forEach((id, times) ->
                            assertEquals(1, times, "member " + member + " got " + id + " " + times + " times"));
                    unacknowledged.get(i).forEach((id, times) -> assertEquals(1, times,
                            "member " + member + "'s dying socket showed " + id + " " + times + " times"));
                }
                int pushedAgain = unacknowledged.stream().mapToInt(Map::size).sum();
                int total = senderOf.size();
                assertEquals(List.of(Integer.toString(3 * total), Integer.toString(3 * total)),
                        topology.sql("SELECT count(*) FROM message_envelopes WHERE conversation_id = '" + family
                                + "' UNION ALL SELECT count(DISTINCT (message_id, recipient_user_id, "
                                + "recipient_device_id)) FROM message_envelopes WHERE conversation_id = '" + family + "'"),
                        "one envelope per message and recipient device");
                JsonObject history = Messages.page(members.get(0), family, "limit=200");
                assertEquals(senderOf.keySet(), new HashSet<>(Messages.ids(history)), "the history through the proxy");
                assertEquals(total, Messages.ids(history).size());

                System.out.println("[figures] containers: " + build.imagesLine().replace("[images] ", "images ")
                        + "; build-images.sh " + seconds(build.took().toMillis()) + " s; compose up to ready "
                        + seconds(upToReadyMillis) + " s; " + KILLED + " killed: its " + onKilled.size()
                        + " socket(s) closed by the proxy after " + closedMillis + " ms, all reconnected through the "
                        + "proxy after " + reconnectedMillis + " ms (" + pushedAgain + " message(s) the dying "
                        + "sockets showed unacknowledged, each pushed again once after it); "
                        + continuous.accepted.size() + " sends "
                        + "during the kill answered 2xx (" + continuous.retried.get() + " attempts answered otherwise "
                        + "and retried with the same clientMessageId: " + continuous.refusals + "); " + total
                        + " messages to 4 members, each delivered once to each other member");
            } finally {
                continuous.stop.set(true);
                pool.shutdownNow();
            }
        } finally {
            sockets.forEach(SocketClient::close);
        }
    }

    @Test
    @Order(2)
    void composeDownLeavesNothingBehind() {
        topology.down();
        List<String> remains = ContainerTopology.remains(podman);
        assertEquals(List.of(), remains, "containers, pods, volumes, network of the project after down");
    }

    // ------------------------------------------------------------------------------------------------------------

    /**
     * Sends through the proxy until stopped, one message at a time. A send answered otherwise than 2xx (the proxy's
     * 502/503 while a node dies, a node's 503) or not at all is sent again with the same clientMessageId, as a
     * client does: the server creates no second message for it (docs/api.md).
     */
    private static final class ContinuousSender implements Runnable {

        final Users.SignedIn member;
        final String conversation;
        final List<String> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicInteger retried = new AtomicInteger();
        final Map<String, Integer> refusals = new TreeMap<>();

        ContinuousSender(Users.SignedIn member, String conversation) {
            this.member = member;
            this.conversation = conversation;
        }

        @Override
        public void run() {
            for (int i = 0; !stop.get(); i++) {
                String clientMessageId = "during-" + i;
                while (true) {
                    String outcome;
                    try {
                        HttpResponse<String> answer = member.http().postJson(Messages.path(conversation),
                                Messages.sendBody(clientMessageId, "sent while a node dies, " + i));
                        if (answer.statusCode() / 100 == 2) {
                            accepted.add(Http.json(answer).getString("messageId"));
                            break;
                        }
                        outcome = Integer.toString(answer.statusCode());
                    } catch (Exception e) {
                        outcome = e.getClass().getSimpleName();
                    }
                    retried.incrementAndGet();
                    synchronized (refusals) {
                        refusals.merge(outcome, 1, Integer::sum);
                    }
                    pause(200);
                }
                pause(100);
            }
        }
    }

    private static String send(Users.SignedIn sender, String conversation, String clientMessageId) throws Exception {
        HttpResponse<String> sent = sender.http().postJson(Messages.path(conversation),
                Messages.sendBody(clientMessageId, "through the proxy: " + clientMessageId));
        assertEquals(202, sent.statusCode(), sent.body());
        return Http.json(sent).getString("messageId");
    }

    private static SocketClient connect(Users.SignedIn member) throws Exception {
        SocketClient socket = SocketClient.ready(client, topology.baseUrl().replaceFirst("^https", "wss"), member.token());
        List<JsonObject> pushed = Messages.untilPong(socket);
        assertEquals(List.of(), pushed, "nothing waits for a new member");
        return socket;
    }

    /** Connects again until the proxy finds a node that takes the socket, as a client with backoff does. */
    private static SocketClient reconnect(Users.SignedIn member) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                return SocketClient.ready(client, topology.baseUrl().replaceFirst("^https", "wss"), member.token());
            } catch (Exception | AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no socket through the proxy within " + WAIT, e);
                }
                pause(250);
            }
        }
    }

    /**
     * Takes (and counts) what the socket still got until the proxy closed it, without acknowledging it (its node is
     * gone): the server pushes each of these again at the member's next connect.
     */
    private static void drainUntilClosed(SocketClient socket, Map<String, Integer> received) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!socket.isClosed()) {
            assertTrue(System.nanoTime() < deadline, "the proxy did not close the killed node's socket");
            try {
                count(socket.next(), received);
            } catch (AssertionError noFrame) {
                // nothing came: look at whether it is closed
            }
        }
    }

    /** Which nodes hold each user's sockets, from the database (the serving node writes its id). */
    private static Map<UUID, List<String>> socketNodes() {
        Map<UUID, List<String>> nodes = new LinkedHashMap<>();
        for (String row : topology.sql("SELECT user_id || ' ' || node_id FROM device_connections")) {
            String[] parts = row.split(" ");
            nodes.computeIfAbsent(UUID.fromString(parts[0]), user -> new ArrayList<>()).add(parts[1]);
        }
        return nodes;
    }

    private static Set<String> expectedFor(int member, Map<String, Integer> senderOf) {
        Set<String> expected = new HashSet<>();
        senderOf.forEach((id, sender) -> {
            if (sender != member) {
                expected.add(id);
            }
        });
        return expected;
    }

    /** Reads frames until every expected message was received; acks each message. */
    private static void awaitMessages(SocketClient socket, Map<String, Integer> received, Set<String> expected,
                                      Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!received.keySet().containsAll(expected)) {
            assertTrue(System.nanoTime() < deadline, "only " + received.size() + " of " + expected.size() + " messages");
            JsonObject frame = socket.next();
            count(frame, received);
            if ("message".equals(frame.getString("type"))) {
                socket.send(Messages.ackFrame(frame.getString("messageId")));
            }
        }
    }

    private static void count(JsonObject frame, Map<String, Integer> received) {
        if ("message".equals(frame.getString("type"))) {
            received.merge(frame.getString("messageId"), 1, Integer::sum);
        } else {
            throw new AssertionError("unexpected frame " + frame);
        }
    }

    private static String service(String node) {
        return "famichat-" + node.substring("node-".length());
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what);
            }
            pause(500);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property + " is not set (run through Maven)");
        }
        return value;
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0);
    }
}
