package app.famichat.it.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.ExternalArtemis;
import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.Messages;
import app.famichat.it.support.OwnPostgres;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 13, "Faults": the production topology as host processes, one fault at a time, under a continuous load.
 * Two launchers (node-a, node-b; same vault keys, {@code FAMICHAT_NODE_ID}s as in TwoNodesIT) on a PostgreSQL of this
 * class's own ({@link OwnPostgres}, so that the test can really stop it) and a replicated primary/backup pair of
 * Artemis brokers ({@link ExternalArtemis#createPair}), given to both nodes as {@code FAMICHAT_BROKER_HOST=primary,backup}.
 *
 * <p>Each test runs the same load: a family of four, two members with a socket on each node, and two continuous
 * senders, each sending through the node its socket is not on (a client whose node is gone sends through the other,
 * as a load balancer would send it). A send answered 503 or not answered is sent again with the same client message
 * id, as a client does (sooner than its Retry-After, to measure the gap), so every send ends answered 2xx. Then:
 * every message answered 2xx is on every other member's socket, each message once per socket connection (a message
 * pushed but not acknowledged when its node died is pushed again after the reconnect: counted and printed, not a
 * duplicate); in the database each accepted message is one row, fanned out, with one delivered envelope per
 * recipient device (the envelope's key makes a second one impossible; the count proves none is missing), and no
 * message exists that was not answered 2xx. An ack answered {@code unavailable} (it met the outage) is sent again, as
 * a client does; else its envelope would wait, undelivered, for the device's next connection. Each test prints a
 * {@code [figures]} line (docs/operations.md, "Faults").
 *
 * <p>Order: the database first (nothing moves), then the primary broker (the backup stays active), then a node
 * (restarted, on the same data directory, if its killed work stays held), then the remaining broker (no broker at
 * all, until the last active one is back).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TopologyFaultsIT {

    private static final String DATABASE = "famichat_faults";
    /** Pause between two sends of one sender: about six messages a second each, 36 envelopes a second in all. */
    private static final long PACE_MS = 150;
    /** A failed send is tried again this soon (a real client waits for Retry-After). */
    private static final long RETRY_MS = 250;
    /** Load before a fault and after the recovery. */
    private static final long STEADY_MS = 4_000;
    private static final long POSTGRES_DOWN_MS = 20_000;
    private static final long NO_BROKER_MS = 10_000;
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(90);
    private static final Duration DELIVERY_WAIT = Duration.ofSeconds(90);

    private static ExternalArtemis.Pair brokers;
    private static OwnPostgres postgres;
    private static String vaultKeys;
    private static final Path[] DIRS = new Path[2];
    private static final LaunchedFamichat[] NODES = new LaunchedFamichat[2];
    private static final List<Users.SignedIn> MEMBERS = new ArrayList<>();
    private static String family;

    @BeforeAll
    static void startTopology() throws Exception {
        TestEnvironment environment = TestEnvironment.get();
        long started = System.nanoTime();
        brokers = ExternalArtemis.createPair(environment.artemis().artemisHome(),
                environment.freshDirectory("faults-brokers"), ExternalArtemis.DEFAULT_USER,
                ExternalArtemis.DEFAULT_PASSWORD).start();
        postgres = OwnPostgres.create(environment.freshDirectory("faults-postgres"), DATABASE);
        System.out.println("FAULTS broker pair (" + brokers.hostList() + ", backup synchronized) and PostgreSQL ready in "
                + millisSince(started) + " ms");
        vaultKeys = TestEnvironment.vaultKeys();
        DIRS[0] = environment.freshDirectory("faults-node-a");
        DIRS[1] = environment.freshDirectory("faults-node-b");
        long launched = System.nanoTime();
        List<LaunchedFamichat> nodes = LaunchedFamichat.startAll(() -> startNode(0), () -> startNode(1));
        NODES[0] = nodes.get(0);
        NODES[1] = nodes.get(1);
        System.out.println("FAULTS both nodes ready in " + millisSince(launched) + " ms");
        for (int i = 0; i < 4; i++) {
            MEMBERS.add(Users.registerAndSignIn(new Http(NODES[i % 2].baseUrl()), "faults"));
        }
        UUID familyId = Families.create(MEMBERS.get(0), "Faults", MEMBERS.get(1), MEMBERS.get(2), MEMBERS.get(3));
        family = Messages.familyConversation(MEMBERS.get(0), familyId);
    }

    private static LaunchedFamichat startNode(int index) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FAMICHAT_NODE_ID", index == 0 ? "node-a" : "node-b");
        env.put("FAMICHAT_DB_URL", postgres.url());
        env.put("FAMICHAT_DB_USER", postgres.user());
        env.put("FAMICHAT_DB_PASSWORD", postgres.password());
        env.put("FAMICHAT_BROKER_HOST", brokers.hostList());
        env.put("FAMICHAT_BROKER_USER", brokers.primary().user());
        env.put("FAMICHAT_BROKER_PASSWORD", brokers.primary().password());
        env.put("FAMICHAT_VAULT_KEYS", vaultKeys);
        env.put("FAMICHAT_RATE_LIMIT_REGISTER_ADDRESS", "100000/PT1H");
        env.put("FAMICHAT_RATE_LIMIT_SIGN_IN_ADDRESS", "100000/PT1M");
        env.put("FAMICHAT_RATE_LIMIT_SEND_DEVICE_BURST", "100000/PT10S");
        env.put("FAMICHAT_RATE_LIMIT_SEND_DEVICE", "100000/PT1M");
        env.put("FAMICHAT_RATE_LIMIT_SEND_USER", "100000/PT1M");
        return LaunchedFamichat.start(DIRS[index], env);
    }

    @AfterAll
    static void stopTopology() throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (LaunchedFamichat node : NODES) {
            if (node != null) {
                try {
                    node.close();
                } catch (Exception e) {
                    failures.add(e);
                }
            }
        }
        if (brokers != null) {
            brokers.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void postgresStoppedFor20SecondsAnswers503ReadinessDownAndRecoversWithoutRestartingTheNodes() throws Exception {
        long[] pids = {NODES[0].processTree().get(0).pid(), NODES[1].processTree().get(0).pid()};
        try (Load load = new Load("db")) {
            load.steady();
            long stopped = System.currentTimeMillis();
            postgres.stop();
            Thread.sleep(POSTGRES_DOWN_MS);
            postgres.start();
            long restarted = System.currentTimeMillis();
            long recovered = load.awaitRecovered(restarted);
            load.steady();
            Outcome outcome = load.finish();
            outcome.print("postgres-stopped-20s", "stopped " + (restarted - stopped) + " ms; recovery "
                    + (recovered - restarted) + " ms after the restart");

            outcome.assertExactlyOnce();
            outcome.assertOnly503s();
            assertTrue(outcome.unavailable > 0, "no send met the outage");
            for (int node = 0; node < 2; node++) {
                assertTrue(load.readiness.downSeen(node, stopped, restarted),
                        "readiness of node " + node + " never DOWN while PostgreSQL was stopped");
                assertTrue(load.readiness.upAfter(node, recovered), "readiness of node " + node + " not UP again");
                assertEquals(pids[node], NODES[node].processTree().get(0).pid(), "node " + node + " was restarted");
            }
        }
    }

    @Test
    @Order(2)
    void primaryBrokerKilledTheBackupTakesOverAndSendsResume() throws Exception {
        try (Load load = new Load("broker")) {
            load.steady();
            long killed = System.currentTimeMillis();
            brokers.primary().kill();
            long activation = brokers.backup().awaitActive(60);
            long recovered = load.awaitRecovered(killed);
            load.steady();
            Outcome outcome = load.finish();
            outcome.print("primary-broker-killed", "backup active " + activation + " ms after the kill; sends "
                    + "recovered " + (recovered - killed) + " ms after it");

            outcome.assertExactlyOnce();
            outcome.assertOnly503s();
        }
    }

    @Test
    @Order(3)
    void aNodeKilledMidFanOutItsSocketsMoveToTheOtherNodeAndNothingIsLostOrDuplicated() throws Exception {
        try (Load load = new Load("node")) {
            load.steady();
            long killed = System.currentTimeMillis();
            NODES[0].crash();
            long recovered = load.awaitRecovered(killed);
            load.steady();
            load.stopSending();
            long missingBeforeRestart = load.awaitDelivered(DELIVERY_WAIT);
            String restart = "nothing held";
            if (missingBeforeRestart > 0) {
                restart = missingBeforeRestart + " deliveries held until node-a was restarted, ready in "
                        + restartNodeA() + " ms";
            }
            Outcome outcome = load.finish();
            outcome.print("node-killed", "sends recovered " + (recovered - killed) + " ms after the kill; " + restart);

            outcome.assertExactlyOnce();
            outcome.assertOnly503s();
            assertTrue(load.devices.get(0).reconnects.get() > 0 && load.devices.get(2).reconnects.get() > 0,
                    "the killed node's sockets reconnected");
        }
        if (!NODES[0].isAlive()) { // the next test wants members on both nodes again
            System.out.println("FAULTS node-a restarted on its data directory, ready in " + restartNodeA() + " ms");
        }
    }

    private static long restartNodeA() throws Exception {
        long restarting = System.currentTimeMillis();
        NODES[0] = startNode(0);
        return System.currentTimeMillis() - restarting;
    }

    /**
     * The active broker (the former backup) killed too, so that no broker is reachable for ten seconds: sends answer
     * 503 with Retry-After, readiness is DOWN on both nodes. Then the operator's way back: the broker that was active
     * last (it holds the newest journal) is started as the pair's primary, and nothing accepted before is lost.
     */
    @Test
    @Order(4)
    void noBrokerReachableSendsAnswer503ReadinessDownUntilTheLastActiveBrokerIsBack() throws Exception {
        assertTrue(!brokers.primary().isRunning() && brokers.backup().isRunning(), "the backup is the active broker");
        try (Load load = new Load("nobroker")) {
            load.steady();
            long killed = System.currentTimeMillis();
            brokers.backup().kill();
            Thread.sleep(NO_BROKER_MS);
            brokers.backup().promoteToPrimary().start();
            long restarted = System.currentTimeMillis();
            long recovered = load.awaitRecovered(restarted);
            load.steady();
            Outcome outcome = load.finish();
            outcome.print("no-broker-10s", "no broker for " + (restarted - killed) + " ms (the restart included); "
                    + "sends recovered " + (recovered - restarted) + " ms after the broker was active");

            outcome.assertExactlyOnce();
            outcome.assertOnly503s();
            assertTrue(outcome.unavailable > 0, "no send met the outage");
            for (int node = 0; node < 2; node++) {
                assertTrue(load.readiness.downSeen(node, killed, restarted),
                        "readiness of node " + node + " never DOWN without a broker");
                assertTrue(load.readiness.upAfter(node, recovered), "readiness of node " + node + " not UP again");
            }
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Sockets for every member, two continuous senders and a readiness monitor, for one test. */
    private static final class Load implements AutoCloseable {

        final String name;
        final List<Device> devices = new ArrayList<>();
        final List<Sender> senders = new ArrayList<>();
        final Readiness readiness = new Readiness();
        final ExecutorService threads = Executors.newCachedThreadPool();
        volatile boolean sending = true;
        volatile boolean reading = true;

        Load(String name) throws Exception {
            this.name = name;
            for (int i = 0; i < MEMBERS.size(); i++) {
                devices.add(new Device(MEMBERS.get(i), i % 2));
            }
            // member 0 (socket on node-a) sends through node-b, member 1 (socket on node-b) through node-a
            senders.add(new Sender(MEMBERS.get(0), 1, name + "-0-"));
            senders.add(new Sender(MEMBERS.get(1), 0, name + "-1-"));
            devices.forEach(threads::submit);
            senders.forEach(threads::submit);
            threads.submit(readiness);
        }

        void steady() throws InterruptedException {
            Thread.sleep(STEADY_MS);
        }

        /** Waits until every sender had a send answered 2xx that began after {@code since}; returns when. */
        long awaitRecovered(long since) throws InterruptedException {
            long deadline = System.currentTimeMillis() + RECOVERY_WAIT.toMillis();
            while (System.currentTimeMillis() < deadline) {
                long latest = 0;
                boolean all = true;
                for (Sender sender : senders) {
                    long at = sender.firstAcceptedAfter(since);
                    all &= at > 0;
                    latest = Math.max(latest, at);
                }
                if (all) {
                    return latest;
                }
                Thread.sleep(100);
            }
            throw new AssertionError("sends did not recover within " + RECOVERY_WAIT);
        }

        void stopSending() throws InterruptedException {
            sending = false;
            for (Sender sender : senders) {
                assertTrue(sender.done.await(2, TimeUnit.MINUTES), "a sender did not finish its last send");
            }
        }

        /** Every accepted message, by its id: the sender's index. */
        Map<String, Integer> accepted() {
            Map<String, Integer> all = new LinkedHashMap<>();
            for (int i = 0; i < senders.size(); i++) {
                for (String messageId : senders.get(i).accepted.values()) {
                    all.put(messageId, i);
                }
            }
            return all;
        }

        /** Waits until every device has every other member's accepted messages; returns how many are missing. */
        long awaitDelivered(Duration timeout) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            long missing;
            do {
                missing = missing();
                if (missing == 0) {
                    return 0;
                }
                Thread.sleep(200);
            } while (System.currentTimeMillis() < deadline);
            return missing;
        }

        long missing() {
            Map<String, Integer> accepted = accepted();
            long missing = 0;
            for (int d = 0; d < devices.size(); d++) {
                for (Map.Entry<String, Integer> message : accepted.entrySet()) {
                    if (message.getValue() != d && !devices.get(d).firstPush.containsKey(message.getKey())) {
                        missing++;
                    }
                }
            }
            return missing;
        }

        Outcome finish() throws Exception {
            if (sending) {
                stopSending();
            }
            long lost = awaitDelivered(DELIVERY_WAIT);
            Thread.sleep(1_000); // room for a late second push to show up
            reading = false;
            readiness.running = false;
            threads.shutdown();
            threads.awaitTermination(30, TimeUnit.SECONDS);
            return new Outcome(this, lost);
        }

        @Override
        public void close() {
            sending = false;
            reading = false;
            readiness.running = false;
            threads.shutdownNow();
            devices.forEach(device -> {
                if (device.socket != null) {
                    device.socket.close();
                }
            });
        }

        /** A member's device with a socket on a node; moves to another node when its node goes. */
        final class Device implements Runnable {

            final Users.SignedIn member;
            volatile int node;
            volatile SocketClient socket;
            /** Message id -> the connection (0 the first, then one more per reconnect) it was first pushed on. */
            final Map<String, Integer> firstPush = new ConcurrentHashMap<>();
            final AtomicInteger connection = new AtomicInteger();
            final AtomicInteger reconnects = new AtomicInteger();
            final AtomicInteger duplicates = new AtomicInteger();
            final AtomicInteger rePushed = new AtomicInteger();
            final AtomicInteger refusedAcks = new AtomicInteger();
            volatile long longestReconnectMs;

            Device(Users.SignedIn member, int node) throws Exception {
                this.member = member;
                this.node = node;
                this.socket = SocketClient.ready(NODES[node].baseUrl(), member.token());
            }

            @Override
            public void run() {
                try {
                    while (reading) {
                        if (socket.isClosed()) {
                            reconnect();
                            continue;
                        }
                        JsonObject frame = socket.poll(Duration.ofMillis(200));
                        if (frame != null && "message".equals(frame.getString("type"))) {
                            received(frame.getString("messageId"));
                        } else if (frame != null && frame.containsKey("messageIds")) {
                            ackAgain(frame); // an ack that met the outage
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            private void received(String messageId) {
                Integer first = firstPush.putIfAbsent(messageId, connection.get());
                if (first != null && first == connection.get()) {
                    duplicates.incrementAndGet(); // pushed twice on one connection
                } else if (first != null) {
                    rePushed.incrementAndGet(); // pushed before a reconnect, not acknowledged in time
                }
                try {
                    socket.send(Messages.ackFrame(messageId));
                } catch (RuntimeException closedMeanwhile) {
                    // pushed again after the reconnect
                }
            }

            /** As a client does on an ack's {@code unavailable} frame (sooner than its retryAfter). */
            private void ackAgain(JsonObject error) throws InterruptedException {
                refusedAcks.incrementAndGet();
                Thread.sleep(RETRY_MS);
                try {
                    socket.send(Messages.ackFrame(error.getJsonArray("messageIds").getValuesAs(JsonString::getString)));
                } catch (RuntimeException closedMeanwhile) {
                    // pushed again after the reconnect
                }
            }

            /** To this device's node if it is there, else to the other one; tries until one takes it. */
            private void reconnect() throws InterruptedException {
                long started = System.currentTimeMillis();
                while (reading) {
                    for (int candidate : new int[] {node, 1 - node}) {
                        LaunchedFamichat target = NODES[candidate];
                        if (target == null || !target.isAlive()) {
                            continue;
                        }
                        try {
                            socket = SocketClient.ready(target.baseUrl(), member.token());
                            node = candidate;
                            connection.incrementAndGet();
                            reconnects.incrementAndGet();
                            longestReconnectMs = Math.max(longestReconnectMs, System.currentTimeMillis() - started);
                            return;
                        } catch (Exception | AssertionError notNow) {
                            // refused, or closed before ready (e.g. the database is away): try again
                        }
                    }
                    Thread.sleep(RETRY_MS);
                }
            }
        }

        /** Sends continuously through a node; a send not answered 2xx is sent again with its client message id. */
        final class Sender implements Runnable {

            final Users.SignedIn member;
            final String prefix;
            volatile int node;
            /** Client message id -> message id, of sends answered 2xx. */
            final Map<String, String> accepted = new ConcurrentHashMap<>();
            /** Wall-clock start of each send answered 2xx. */
            final List<long[]> acceptedAt = new ArrayList<>();
            final Map<Integer, Integer> statuses = new TreeMap<>();
            final List<String> badUnavailable = new ArrayList<>();
            final List<String> unexpected = new ArrayList<>();
            int refused;
            long longestGapMs;
            final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

            Sender(Users.SignedIn member, int node, String prefix) {
                this.member = member;
                this.node = node;
                this.prefix = prefix;
            }

            @Override
            public void run() {
                try {
                    long lastAccepted = System.currentTimeMillis();
                    for (int i = 0; sending; i++) {
                        String clientMessageId = prefix + i;
                        while (true) { // a send once begun is finished, so that none stays unanswered
                            long began = System.currentTimeMillis();
                            if (attempt(clientMessageId)) {
                                synchronized (this) {
                                    acceptedAt.add(new long[] {began, System.currentTimeMillis()});
                                    longestGapMs = Math.max(longestGapMs, System.currentTimeMillis() - lastAccepted);
                                }
                                lastAccepted = System.currentTimeMillis();
                                break;
                            }
                            Thread.sleep(RETRY_MS);
                        }
                        Thread.sleep(PACE_MS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }

            private boolean attempt(String clientMessageId) throws InterruptedException {
                HttpResponse<String> answer;
                try {
                    answer = new Http(NODES[node].baseUrl()).as(member.token())
                            .postJson(Messages.path(family), Messages.sendBody(clientMessageId, "faults " + clientMessageId));
                } catch (IOException unreachable) {
                    synchronized (this) {
                        refused++;
                    }
                    node = 1 - node; // as a load balancer would: the other node
                    return false;
                }
                synchronized (this) {
                    statuses.merge(answer.statusCode(), 1, Integer::sum);
                }
                if (answer.statusCode() / 100 == 2) {
                    accepted.put(clientMessageId, Http.json(answer).getString("messageId"));
                    return true;
                }
                if (answer.statusCode() == 503) {
                    boolean retryAfter = answer.headers().firstValue("Retry-After").isPresent();
                    boolean problem = answer.headers().firstValue("Content-Type").orElse("")
                            .startsWith("application/problem+json");
                    if (!retryAfter || !problem) {
                        synchronized (this) {
                            badUnavailable.add(answer.headers().map() + " " + answer.body());
                        }
                    }
                } else {
                    synchronized (this) {
                        unexpected.add(answer.statusCode() + " " + answer.body());
                    }
                }
                return false;
            }

            synchronized long firstAcceptedAfter(long since) {
                return acceptedAt.stream().filter(times -> times[0] > since).mapToLong(times -> times[1])
                        .findFirst().orElse(0);
            }
        }
    }

    /** Polls both nodes' readiness every 250 ms: when each answered DOWN (503) or UP (200). */
    private static final class Readiness implements Runnable {

        volatile boolean running = true;
        private final List<List<long[]>> seen = List.of(new ArrayList<>(), new ArrayList<>()); // [at, status]

        @Override
        public void run() {
            while (running) {
                for (int node = 0; node < 2; node++) {
                    LaunchedFamichat target = NODES[node];
                    int status;
                    try {
                        status = target == null || !target.isAlive() ? -1
                                : new Http(target.baseUrl()).get("/health/ready").statusCode();
                    } catch (IOException | InterruptedException e) {
                        status = -1;
                    }
                    synchronized (this) {
                        seen.get(node).add(new long[] {System.currentTimeMillis(), status});
                    }
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized boolean downSeen(int node, long from, long to) {
            return seen.get(node).stream().anyMatch(s -> s[0] >= from && s[0] <= to && s[1] == 503);
        }

        synchronized boolean upAfter(int node, long from) {
            return seen.get(node).stream().anyMatch(s -> s[0] >= from && s[1] == 200);
        }

        /** Milliseconds the node answered DOWN, summed over the polls. */
        synchronized long downMillis(int node) {
            long down = 0;
            List<long[]> polls = seen.get(node);
            for (int i = 1; i < polls.size(); i++) {
                if (polls.get(i - 1)[1] == 503) {
                    down += polls.get(i)[0] - polls.get(i - 1)[0];
                }
            }
            return down;
        }
    }

    /** What a load saw, checked against the database. */
    private static final class Outcome {

        final Load load;
        final long lost;
        final int accepted;
        final int unavailable;
        final int refused;
        final int duplicates;
        final int rePushed;
        final int refusedAcks;
        final int reconnects;
        final long longestReconnectMs;
        final long longestGapMs;
        final Map<Integer, Integer> statuses = new TreeMap<>();
        final List<String> badUnavailable = new ArrayList<>();
        final List<String> unexpected = new ArrayList<>();
        final long rows;
        final long notFannedOut;
        final long envelopes;
        final long undelivered;

        Outcome(Load load, long lost) throws Exception {
            this.load = load;
            this.lost = lost;
            Map<String, Integer> all = load.accepted();
            accepted = all.size();
            int refusedSum = 0;
            long gap = 0;
            for (Load.Sender sender : load.senders) {
                sender.statuses.forEach((status, count) -> statuses.merge(status, count, Integer::sum));
                badUnavailable.addAll(sender.badUnavailable);
                unexpected.addAll(sender.unexpected);
                refusedSum += sender.refused;
                gap = Math.max(gap, sender.longestGapMs);
            }
            refused = refusedSum;
            longestGapMs = gap;
            unavailable = statuses.getOrDefault(503, 0);
            duplicates = load.devices.stream().mapToInt(device -> device.duplicates.get()).sum();
            rePushed = load.devices.stream().mapToInt(device -> device.rePushed.get()).sum();
            refusedAcks = load.devices.stream().mapToInt(device -> device.refusedAcks.get()).sum();
            reconnects = load.devices.stream().mapToInt(device -> device.reconnects.get()).sum();
            longestReconnectMs = load.devices.stream().mapToLong(device -> device.longestReconnectMs).max().orElse(0);
            String ofThisLoad = "conversation_id = ? AND client_message_id LIKE ?";
            UUID conversation = UUID.fromString(family);
            String prefix = load.name + "-%";
            rows = postgres.number("SELECT count(*) FROM messages WHERE " + ofThisLoad, conversation, prefix);
            notFannedOut = postgres.number("SELECT count(*) FROM messages WHERE " + ofThisLoad
                    + " AND fanned_out_at IS NULL", conversation, prefix);
            envelopes = postgres.number("SELECT count(*) FROM message_envelopes e JOIN messages m ON m.id = e.message_id"
                    + " WHERE m." + ofThisLoad.replace("client_message_id", "m.client_message_id"), conversation, prefix);
            undelivered = postgres.number("SELECT count(*) FROM message_envelopes e JOIN messages m ON m.id = "
                    + "e.message_id WHERE m." + ofThisLoad.replace("client_message_id", "m.client_message_id")
                    + " AND e.delivered_at IS NULL", conversation, prefix);
        }

        void print(String fault, String timing) {
            System.out.printf("[figures] fault=%s accepted=%d answers=%s 503s=%d unreachable=%d lost=%d duplicated=%d "
                            + "re-pushed-after-reconnect=%d acks-answered-unavailable=%d reconnects=%d "
                            + "longest-reconnect=%d ms longest-send-gap=%d ms "
                            + "readiness-down node-a=%d ms node-b=%d ms rows=%d envelopes=%d undelivered=%d; %s%n",
                    fault, accepted, statuses, unavailable, refused, lost, duplicates, rePushed, refusedAcks,
                    reconnects,
                    longestReconnectMs, longestGapMs, load.readiness.downMillis(0), load.readiness.downMillis(1), rows,
                    envelopes, undelivered, timing);
        }

        /** Every 2xx message once per recipient device, on sockets and in the database; nothing else stored. */
        void assertExactlyOnce() {
            assertEquals(0, lost, "deliveries missing on sockets");
            assertEquals(0, duplicates, "messages pushed twice on one connection");
            assertEquals(accepted, rows, "message rows of this load (a row without a 2xx, or a 2xx without a row)");
            assertEquals(0, notFannedOut, "accepted messages not fanned out");
            assertEquals(3L * accepted, envelopes, "one envelope per accepted message and recipient device");
            assertEquals(0, undelivered, "envelopes not delivered");
            assertEquals(accepted, Set.copyOf(load.accepted().keySet()).size());
        }

        /** Sends answered 2xx or 503 with Retry-After and a problem document, nothing else. */
        void assertOnly503s() {
            assertEquals(List.of(), unexpected, "answers other than 2xx and 503");
            assertEquals(List.of(), badUnavailable, "503s without Retry-After or problem+json");
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
