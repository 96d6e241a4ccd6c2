package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.ExternalArtemis;
import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.Messages;
import app.famichat.it.support.ScrapedMetrics;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.Sql;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, "Two nodes": two launchers (node-a, node-b) as separate host processes sharing one external PostgreSQL
 * database and one external Artemis broker, as docs/architecture.md says nodes scale out. Sockets on both nodes,
 * sends through both, every message on every member's socket exactly once; a sign-out through one node closes the
 * member's socket on the other; a rate limit counted across both; one-time prekeys handed out once under
 * concurrent claims made by both nodes.
 *
 * <p>What the two nodes share, and what they do not share with the rest of the test run:
 * <ul>
 *   <li><b>Database</b>: a database of their own ({@value #DATABASE}) in the test run's PostgreSQL cluster (a schema
 *   of their own if the test user may not create databases). Not the shared database: the packaged server seals its
 *   rows with the key its launcher generated, and the Arquillian server with yet another key, so nodes with other
 *   keys would meet rows they cannot open; the nodes' sweeps (stale devices, prekeys) would work on the other
 *   servers' rows; and the per-address counters (registration, sign-in) of everything else that ran from 127.0.0.1
 *   would count against this class.</li>
 *   <li><b>Broker</b>: an Artemis instance of their own, made from the same distribution by {@link ExternalArtemis}
 *   (2-3 s). Not the run's shared broker: the Arquillian server consumes the same queue ({@code famichat.fanout})
 *   from it whenever a container test ran earlier in this JVM, and would take the nodes' fan-out messages, which
 *   it cannot open (another vault key, another database): they would be retried and dead-lettered.</li>
 *   <li><b>Vault keys</b>: the same {@code FAMICHAT_VAULT_KEYS} on both nodes, so that each opens what the other
 *   sealed (fan-out payloads on the broker, storage keys, Signal keys and sessions in the database).</li>
 *   <li><b>Node ids</b>: {@code FAMICHAT_NODE_ID} node-a and node-b, so that {@code device_connections} says
 *   which node holds which socket.</li>
 * </ul>
 * Per-address limits on registration and sign-in are raised (every request comes from 127.0.0.1); the per-account
 * sign-in limit and the send limits are as shipped. The socket heartbeat is 5 minutes, so that a socket closed
 * within the test's 30 s after a revocation was closed by the revocation broadcast, not by the heartbeat's token
 * re-check (the fallback for a lost broadcast).
 */
class TwoNodesIT {

    private static final String DATABASE = "famichat_two_nodes";
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** One-time prekeys of each kind a new device gets (docs/architecture.md, "Signal keys"). */
    private static final int ONE_TIME_STOCK = 100;
    /** First-contact senders in the prekey test; the family has them and the recipient (at most 30). */
    private static final int FIRST_CONTACTS = 24;

    private static ExternalArtemis broker;
    private static NodeDatabase database;
    private static LaunchedFamichat nodeA;
    private static LaunchedFamichat nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        TestEnvironment environment = TestEnvironment.get();
        long started = System.nanoTime();
        broker = ExternalArtemis.create(environment.artemis().artemisHome(),
                environment.freshDirectory("two-nodes-broker"), ExternalArtemis.DEFAULT_USER,
                ExternalArtemis.DEFAULT_PASSWORD).start();
        database = NodeDatabase.create(environment.database());
        System.out.println("TWO-NODES broker and database (" + database.kind + ") ready in "
                + millisSince(started) + " ms");

        String vaultKeys = TestEnvironment.vaultKeys();
        Path dirA = environment.freshDirectory("two-nodes-a");
        Path dirB = environment.freshDirectory("two-nodes-b");
        long launched = System.nanoTime();
        List<LaunchedFamichat> nodes = LaunchedFamichat.startAll(
                () -> LaunchedFamichat.start(dirA, nodeEnvironment("node-a", vaultKeys)),
                () -> LaunchedFamichat.start(dirB, nodeEnvironment("node-b", vaultKeys)));
        nodeA = nodes.get(0);
        nodeB = nodes.get(1);
        System.out.println("TWO-NODES both nodes ready in " + millisSince(launched) + " ms, started in parallel (node-a: "
                + readyLine(nodeA) + "; node-b: " + readyLine(nodeB) + ")");
    }

    private static Map<String, String> nodeEnvironment(String nodeId, String vaultKeys) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FAMICHAT_NODE_ID", nodeId);
        env.put("FAMICHAT_DB_URL", database.url);
        env.put("FAMICHAT_DB_USER", database.user);
        env.put("FAMICHAT_DB_PASSWORD", database.password);
        env.put("FAMICHAT_BROKER_HOST", broker.host());
        env.put("FAMICHAT_BROKER_PORT", Integer.toString(broker.port()));
        env.put("FAMICHAT_BROKER_USER", broker.user());
        env.put("FAMICHAT_BROKER_PASSWORD", broker.password());
        env.put("FAMICHAT_VAULT_KEYS", vaultKeys);
        env.put("FAMICHAT_RATE_LIMIT_REGISTER_ADDRESS", "100000/PT1H");
        env.put("FAMICHAT_RATE_LIMIT_SIGN_IN_ADDRESS", "100000/PT1M");
        env.put("FAMICHAT_SOCKET_HEARTBEAT", "PT5M");
        return env;
    }

    private static String readyLine(LaunchedFamichat node) throws Exception {
        return node.output().lines().filter(line -> line.contains("[famichat] ready in")).findFirst()
                .map(line -> line.replaceAll(".*(ready in [0-9.]+ s).*", "$1")).orElse("?");
    }

    @AfterAll
    static void stopTwoNodes() throws Exception {
        List<Exception> failures = new ArrayList<>();
        for (LaunchedFamichat node : new LaunchedFamichat[] {nodeA, nodeB}) {
            if (node != null) {
                try {
                    node.close();
                } catch (Exception e) {
                    failures.add(e);
                }
            }
        }
        if (broker != null) {
            broker.close();
        }
        if (database != null) {
            database.drop();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    @Test
    void everyMessageSentThroughEitherNodeReachesEverySocketOnBothNodesExactlyOnce() throws Exception {
        LaunchedFamichat[] nodes = {nodeA, nodeB};
        List<Users.SignedIn> members = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // registered and signed in through alternate nodes
            members.add(Users.registerAndSignIn(new Http(nodes[i % 2].baseUrl()), "two-nodes"));
        }
        UUID familyId = Families.create(members.get(0), "Two nodes", members.get(1), members.get(2), members.get(3));
        String family = Messages.familyConversation(members.get(0), familyId);

        // Members 0 and 2 connect to node-a, 1 and 3 to node-b; the registry says so.
        List<SocketClient> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < members.size(); i++) {
                sockets.add(Messages.connectedQuiet(nodes[i % 2].baseUrl(), members.get(i)));
            }
            for (int i = 0; i < members.size(); i++) {
                assertEquals(1, sql("SELECT count(*) FROM device_connections WHERE user_id = ? AND node_id = ?",
                        members.get(i).id(), i % 2 == 0 ? "node-a" : "node-b"), "member " + i + "'s socket row");
                assertEquals(1, sql("SELECT count(*) FROM device_connections WHERE user_id = ?", members.get(i).id()));
            }

            // Twelve sends over REST, each member through both nodes (its own socket's node and the other one), and
            // one send frame on a socket of node-b.
            Map<String, Integer> senderOf = new LinkedHashMap<>();
            Map<String, String> bodyOf = new HashMap<>();
            List<Map<String, Integer>> received = new ArrayList<>();
            members.forEach(member -> received.add(new LinkedHashMap<>()));
            long firstSend = System.nanoTime();
            int throughA = 0;
            for (int i = 0; i < 12; i++) {
                int sender = i % 4;
                int via = (sender + i / 4) % 2;
                throughA += via == 0 ? 1 : 0;
                String body = "message " + i + " from member " + sender + " through node-" + (via == 0 ? "a" : "b");
                HttpResponse<String> sent = on(nodes[via], members.get(sender))
                        .postJson(Messages.path(family), Messages.sendBody("rest-" + i, body));
                assertEquals(202, sent.statusCode(), sent.body());
                String messageId = Http.json(sent).getString("messageId");
                senderOf.put(messageId, sender);
                bodyOf.put(messageId, body);
                if (i == 5) {
                    String frameBody = "a send frame from member 1 on node-b";
                    sockets.get(1).send(Messages.sendFrame(family, "frame-1", frameBody));
                    String frameMessage = awaitSent(sockets.get(1), received.get(1), "frame-1");
                    senderOf.put(frameMessage, 1);
                    bodyOf.put(frameMessage, frameBody);
                }
            }
            assertEquals(6, throughA);
            int total = senderOf.size();
            assertEquals(13, total);

            // Every member's socket gets every message of the others: counted by messageId, acknowledged.
            for (int i = 0; i < members.size(); i++) {
                int member = i;
                long expected = senderOf.values().stream().filter(sender -> sender != member).count();
                awaitMessages(sockets.get(i), received.get(i), expected);
            }
            long allPushed = millisSince(firstSend);

            // Quiet: every envelope delivered (acknowledged), then no frame other than pongs and statuses.
            await("every envelope of the family conversation delivered", () ->
                    sql("SELECT count(*) FROM message_envelopes WHERE conversation_id = ?", UUID.fromString(family))
                            == 3L * total
                    && sql("SELECT count(*) FROM message_envelopes WHERE conversation_id = ? AND delivered_at IS NULL",
                            UUID.fromString(family)) == 0);
            Thread.sleep(1000); // room for a late duplicate push to show up
            for (int i = 0; i < members.size(); i++) {
                for (JsonObject frame : Messages.untilPong(sockets.get(i))) {
                    assertNotEquals("message", frame.getString("type"), "member " + i + " got more: " + frame);
                    count(frame, received.get(i));
                }
            }
            for (int i = 0; i < members.size(); i++) {
                int member = i;
                Set<String> others = new HashSet<>(senderOf.keySet());
                others.removeIf(id -> senderOf.get(id) == member);
                assertEquals(others, received.get(i).keySet(), "member " + i + " got every other member's message");
                received.get(i).forEach((id, times) -> assertEquals(1, times, "member " + member
                        + " got message " + id + " " + times + " times"));
            }

            // History through either node: the same thirteen messages, in the same order, for every member.
            for (Users.SignedIn member : members) {
                JsonObject viaA = Messages.page(as(nodeA, member), family, "limit=200");
                JsonObject viaB = Messages.page(as(nodeB, member), family, "limit=200");
                assertEquals(Messages.ids(viaA), Messages.ids(viaB));
                assertEquals(Messages.bodies(viaA), Messages.bodies(viaB));
                assertEquals(Messages.seqs(viaA), Messages.seqs(viaB));
                assertEquals(senderOf.keySet(), new HashSet<>(Messages.ids(viaA)));
                for (JsonObject message : Messages.messages(viaA)) {
                    assertEquals(bodyOf.get(message.getString("messageId")), message.getString("body"));
                }
                List<Long> seqs = Messages.seqs(viaA);
                assertEquals(total, new HashSet<>(seqs).size(), "distinct seqs: " + seqs);
            }
            System.out.println("TWO-NODES " + total + " messages (" + throughA + " through node-a, "
                    + (total - 1 - throughA) + " through node-b, 1 send frame on node-b) to 4 members with sockets on "
                    + "both nodes: " + 3 * total + " pushes, each once, all in " + allPushed + " ms from the first send"
                    + "; encryptions node-a " + encryptions(nodeA) + ", node-b " + encryptions(nodeB));
        } finally {
            sockets.forEach(SocketClient::close);
        }
    }

    @Test
    void aSignOutThroughOneNodeClosesTheMembersSocketsOnTheOther() throws Exception {
        Users.SignedIn member = Users.registerAndSignIn(new Http(nodeB.baseUrl()), "two-nodes-out");
        try (SocketClient onB = Messages.connectedQuiet(nodeB.baseUrl(), member);
             SocketClient onA = Messages.connectedQuiet(nodeA.baseUrl(), member)) {
            assertEquals(1, sql("SELECT count(*) FROM device_connections WHERE user_id = ? AND node_id = 'node-b'",
                    member.id()));
            assertEquals(1, sql("SELECT count(*) FROM device_connections WHERE user_id = ? AND node_id = 'node-a'",
                    member.id()));

            long signOut = System.nanoTime();
            assertEquals(204, on(nodeA, member).delete("/api/v1/sessions/current").statusCode());
            long answered = millisSince(signOut);
            assertEquals(4401, onB.awaitClose(WAIT), "the socket on the other node");
            long closedOnB = millisSince(signOut);
            assertEquals(4401, onA.awaitClose(WAIT), "the socket on the node that signed out");
            long closedOnA = millisSince(signOut);
            System.out.println("TWO-NODES sign-out through node-a (answered in " + answered + " ms): socket on node-b "
                    + "closed with 4401 " + closedOnB + " ms, on node-a " + closedOnA + " ms after the request");
        }
        assertEquals(401, on(nodeB, member).get("/api/v1/me").statusCode(), "the token is dead on the other node");
        assertEquals(401, on(nodeA, member).get("/api/v1/me").statusCode());
        await("the socket rows gone", () ->
                sql("SELECT count(*) FROM device_connections WHERE user_id = ?", member.id()) == 0);
    }

    @Test
    void failedSignInsThroughBothNodesCountAgainstOneLimit() throws Exception {
        Users.SignedIn owner = Users.registerAndSignIn(new Http(nodeA.baseUrl()), "two-nodes-guarded");
        awayFromAWindowBoundary(Duration.ofMinutes(15)); // sign-in-account: 10/PT15M, fixed windows
        Http[] anonymous = {new Http(nodeA.baseUrl()), new Http(nodeB.baseUrl())};
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> wrong = Users.attemptSignIn(anonymous[i % 2], owner.username(), "guess " + i, null);
            assertEquals(401, wrong.statusCode(), "guess " + i + " through node-" + (i % 2 == 0 ? "a" : "b")
                    + ": " + wrong.body());
        }
        HttpResponse<String> eleventh = Users.attemptSignIn(anonymous[0], owner.username(), "guess 10", null);
        assertEquals(429, eleventh.statusCode(), "the 11th through node-a: " + eleventh.body());
        assertTrue(eleventh.headers().firstValue("Retry-After").isPresent());
        HttpResponse<String> twelfth = Users.attemptSignIn(anonymous[1], owner.username(), "guess 11", null);
        assertEquals(429, twelfth.statusCode(), "the 12th through node-b: " + twelfth.body());
        assertEquals(429, Users.attemptSignIn(anonymous[1], owner.username(), Users.PASSWORD, null).statusCode(),
                "closed to the right password too without a device proof, on node-b");
        // One counter in PostgreSQL for both nodes (refused attempts count too).
        assertEquals(1, sql("SELECT count(*) FROM rate_limit_windows WHERE limiter = 'sign-in-account' AND hits > 0"));
        assertEquals(13, sql("SELECT max(hits) FROM rate_limit_windows WHERE limiter = 'sign-in-account'"));
        // The owner's known device still gets in, through either node.
        assertEquals(owner.deviceId(), Users.signInAgain(anonymous[1], owner).deviceId());
        assertEquals(owner.deviceId(), Users.signInAgain(anonymous[0], owner).deviceId());
        System.out.println("TWO-NODES sign-in-account: 10 wrong passwords alternately through node-a and node-b "
                + "answered 401, the 11th (node-a) and 12th (node-b) 429");
    }

    /**
     * Claims happen where sessions start: the first message of a device pair, encrypted by the encryption
     * consumers of both nodes (docs/api.md has no bundle endpoint; server custody). Twenty-four members send their
     * first message to one recipient at once, half through each node. Verified: each envelope is a
     * PreKeySignalMessage naming a different one-time EC prekey and a different one-time Kyber prekey of the
     * recipient's device (read from the stored ciphertext), both nodes claimed bundles, the recipient's stock
     * lost exactly that many keys of each kind, and every message decrypts, after which each of those keys is
     * deleted (used once) and nothing remains claimed.
     */
    @Test
    void concurrentFirstContactsThroughBothNodesNeverShareAOneTimePrekey() throws Exception {
        Users.SignedIn recipient = Users.registerAndSignIn(new Http(nodeA.baseUrl()), "two-nodes-popular");
        UUID familyId = Families.create(recipient, "First contacts");
        ExecutorService pool = Executors.newFixedThreadPool(FIRST_CONTACTS);
        // Four at a time: a node admits 20 requests of one address at once (docs/operations.md, "HTTP edge").
        ExecutorService registrations = Executors.newFixedThreadPool(4);
        try {
            List<Future<Users.SignedIn>> joining = new ArrayList<>();
            for (int i = 0; i < FIRST_CONTACTS; i++) {
                LaunchedFamichat node = i % 2 == 0 ? nodeA : nodeB;
                joining.add(registrations.submit(() -> {
                    Users.SignedIn sender = Users.registerAndSignIn(new Http(node.baseUrl()), "two-nodes-contact");
                    Families.join(recipient, familyId, sender);
                    return sender;
                }));
            }
            List<Users.SignedIn> senders = new ArrayList<>();
            for (Future<Users.SignedIn> joined : joining) {
                senders.add(joined.get(2, TimeUnit.MINUTES));
            }
            List<String> conversations = new ArrayList<>();
            for (Users.SignedIn sender : senders) {
                conversations.add(Messages.directConversation(sender, recipient.id()));
            }
            short device = (short) recipient.deviceId();
            assertEquals(ONE_TIME_STOCK, unclaimed("signal_prekeys", recipient.id(), device));
            assertEquals(ONE_TIME_STOCK, unclaimed("signal_kyber_prekeys", recipient.id(), device));
            double claimsA = metric(nodeA, "famichat_keys_bundle_claims_total");
            double claimsB = metric(nodeB, "famichat_keys_bundle_claims_total");

            // All first messages at once, alternately through node-a and node-b (the other node than the one the
            // sender registered on).
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<String>>> sends = new ArrayList<>();
            for (int i = 0; i < FIRST_CONTACTS; i++) {
                Http through = on(i % 2 == 0 ? nodeB : nodeA, senders.get(i));
                String path = Messages.path(conversations.get(i));
                String body = Messages.sendBody("first", "first contact " + i);
                sends.add(pool.submit(() -> {
                    go.await();
                    return through.postJson(path, body);
                }));
            }
            long sent = System.nanoTime();
            go.countDown();
            for (Future<HttpResponse<String>> send : sends) {
                HttpResponse<String> answer = send.get(1, TimeUnit.MINUTES);
                assertEquals(202, answer.statusCode(), answer.body());
            }
            await("an envelope for each first contact", () -> sql("SELECT count(*) FROM message_envelopes "
                    + "WHERE recipient_user_id = ? AND recipient_device_id = ?", recipient.id(), device)
                    == FIRST_CONTACTS);
            long encrypted = millisSince(sent);

            // What each sender was handed, as the PreKeySignalMessage it sent says.
            List<PreKeyIds> handedOut = preKeyMessagesTo(recipient.id(), device);
            assertEquals(FIRST_CONTACTS, handedOut.size());
            Set<Integer> ecIds = new HashSet<>();
            Set<Integer> kyberIds = new HashSet<>();
            for (PreKeyIds ids : handedOut) {
                assertTrue(ids.ecPreKeyId() > 0, "a one-time EC prekey in every bundle: " + handedOut);
                assertTrue(ids.signedPreKeyId() > 0, "a signed prekey in every bundle: " + handedOut);
                ecIds.add(ids.ecPreKeyId());
                kyberIds.add(ids.kyberPreKeyId());
            }
            assertEquals(FIRST_CONTACTS, ecIds.size(), "a one-time EC prekey handed out twice: " + handedOut);
            assertEquals(FIRST_CONTACTS, kyberIds.size(), "a Kyber prekey handed out twice: " + handedOut);
            assertFalse(kyberIds.contains((int) sql("SELECT prekey_id FROM signal_kyber_prekeys WHERE user_id = ? "
                    + "AND device_id = ? AND last_resort", recipient.id(), device)), "no last-resort Kyber key");
            assertEquals(FIRST_CONTACTS, sql("SELECT count(*) FROM message_encryption WHERE recipient_user_id = ? "
                    + "AND recipient_device_id = ? AND session_established", recipient.id(), device));
            // Exactly those keys are marked claimed (no claim lost a key it took, none took a key twice).
            assertEquals(ONE_TIME_STOCK - FIRST_CONTACTS, unclaimed("signal_prekeys", recipient.id(), device));
            assertEquals(ONE_TIME_STOCK - FIRST_CONTACTS, unclaimed("signal_kyber_prekeys", recipient.id(), device));
            assertEquals(FIRST_CONTACTS, sql("SELECT count(*) FROM signal_prekeys WHERE user_id = ? AND device_id = ? "
                    + "AND claimed_at IS NOT NULL AND prekey_id = ANY(?)", recipient.id(), device,
                    ecIds.toArray(Integer[]::new)));
            double claimedOnA = metric(nodeA, "famichat_keys_bundle_claims_total") - claimsA;
            double claimedOnB = metric(nodeB, "famichat_keys_bundle_claims_total") - claimsB;
            assertTrue(claimedOnA > 0 && claimedOnB > 0,
                    "both nodes claimed bundles: node-a " + claimedOnA + ", node-b " + claimedOnB);
            assertTrue(claimedOnA + claimedOnB >= FIRST_CONTACTS, claimedOnA + " + " + claimedOnB);

            // The recipient reads every first message, alternately through node-b and node-a: each decrypts, which
            // uses (deletes) its one-time keys; a key handed out twice would fail the second decryption.
            for (int i = 0; i < FIRST_CONTACTS; i++) {
                JsonObject page = Messages.awaitMessages(as(i % 2 == 0 ? nodeB : nodeA, recipient),
                        conversations.get(i), 1);
                assertEquals(List.of("first contact " + i), Messages.bodies(page));
                assertFalse(Messages.messages(page).get(0).getBoolean("undecryptable"));
            }
            assertEquals(0, sql("SELECT count(*) FROM signal_prekeys WHERE user_id = ? AND device_id = ? "
                    + "AND claimed_at IS NOT NULL", recipient.id(), device), "every claimed EC key used and deleted");
            assertEquals(0, sql("SELECT count(*) FROM signal_kyber_prekeys WHERE user_id = ? AND device_id = ? "
                    + "AND claimed_at IS NOT NULL AND NOT last_resort", recipient.id(), device));
            assertEquals(0, sql("SELECT count(*) FROM signal_prekeys WHERE user_id = ? AND device_id = ? "
                    + "AND prekey_id = ANY(?)", recipient.id(), device, ecIds.toArray(Integer[]::new)));
            assertEquals(0, sum(nodeA, "famichat_decrypt_failures_total") + sum(nodeB, "famichat_decrypt_failures_total"));
            assertEquals(0, sum(nodeA, "famichat_keys_last_resort_claims_total")
                    + sum(nodeB, "famichat_keys_last_resort_claims_total"));
            System.out.println("TWO-NODES " + FIRST_CONTACTS + " concurrent first contacts (half through each node) "
                    + "to one device: " + FIRST_CONTACTS + " distinct one-time EC and Kyber prekeys handed out, "
                    + "(EC ids " + new java.util.TreeSet<>(ecIds) + ", Kyber ids " + new java.util.TreeSet<>(kyberIds) + "), "
                    + "claims node-a " + (long) claimedOnA + ", node-b " + (long) claimedOnB + ", all encrypted in "
                    + encrypted + " ms, all decrypted");
        } finally {
            pool.shutdownNow();
            registrations.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------------------------

    /** A user's client on a node (the token works on every node). */
    private static Http on(LaunchedFamichat node, Users.SignedIn user) {
        return new Http(node.baseUrl()).as(user.token());
    }

    /** The user, with a client on {@code node}. */
    private static Users.SignedIn as(LaunchedFamichat node, Users.SignedIn user) {
        return new Users.SignedIn(user.id(), user.username(), user.token(), user.deviceId(), user.deviceCredential(),
                on(node, user));
    }

    /** Reads frames until the {@code sent} answer of {@code clientMessageId}; counts (and acks) messages meanwhile. */
    private static String awaitSent(SocketClient socket, Map<String, Integer> received, String clientMessageId)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonObject frame = socket.next();
            if ("sent".equals(frame.getString("type")) && clientMessageId.equals(frame.getString("clientMessageId"))) {
                return frame.getString("messageId");
            }
            count(frame, received);
            if ("message".equals(frame.getString("type"))) {
                socket.send(Messages.ackFrame(frame.getString("messageId")));
            }
        }
        throw new AssertionError("no sent frame for " + clientMessageId);
    }

    /** Reads frames until {@code expected} distinct messages were received; acks each. */
    private static void awaitMessages(SocketClient socket, Map<String, Integer> received, long expected)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (received.size() < expected) {
            assertTrue(System.nanoTime() < deadline, "only " + received.size() + " of " + expected + " messages");
            JsonObject frame = socket.next();
            count(frame, received);
            if ("message".equals(frame.getString("type"))) {
                socket.send(Messages.ackFrame(frame.getString("messageId")));
            }
        }
    }

    private static void count(JsonObject frame, Map<String, Integer> received) {
        String type = frame.getString("type");
        if ("message".equals(type)) {
            received.merge(frame.getString("messageId"), 1, Integer::sum);
        } else if (!"sent".equals(type)) {
            throw new AssertionError("unexpected frame " + frame);
        }
    }

    private static long unclaimed(String table, UUID user, short device) throws SQLException {
        return sql("SELECT count(*) FROM " + table + " WHERE user_id = ? AND device_id = ? AND claimed_at IS NULL"
                + (table.contains("kyber") ? " AND NOT last_resort" : ""), user, device);
    }

    /** The prekey ids named by the PreKeySignalMessages stored for the device. */
    private static List<PreKeyIds> preKeyMessagesTo(UUID user, short device) throws SQLException {
        List<PreKeyIds> found = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement query = connection.prepareStatement("SELECT signal_type, ciphertext FROM "
                     + "message_envelopes WHERE recipient_user_id = ? AND recipient_device_id = ?")) {
            query.setObject(1, user);
            query.setShort(2, device);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    assertEquals(3, rows.getInt(1), "a PreKeySignalMessage (CiphertextMessage.PREKEY_TYPE)");
                    found.add(PreKeyIds.of(rows.getBytes(2)));
                }
            }
        }
        return found;
    }

    /**
     * The prekey ids of a serialized PreKeySignalMessage: a version byte, then libsignal's protobuf
     * ({@code wire.proto}: pre_key_id = 1, signed_pre_key_id = 6, kyber_pre_key_id = 7; 0 when absent).
     */
    record PreKeyIds(int ecPreKeyId, int signedPreKeyId, int kyberPreKeyId) {

        static PreKeyIds of(byte[] message) {
            int[] at = {1}; // after the version byte
            Map<Integer, Long> numbers = new HashMap<>();
            while (at[0] < message.length) {
                long tag = varint(message, at);
                int field = (int) (tag >>> 3);
                switch ((int) (tag & 7)) {
                    case 0 -> numbers.put(field, varint(message, at));
                    case 1 -> at[0] += 8;
                    case 2 -> {
                        int length = (int) varint(message, at); // read before at[0] is: it moves at[0]
                        at[0] += length;
                    }
                    case 5 -> at[0] += 4;
                    default -> throw new AssertionError("not a protobuf message: wire type " + (tag & 7));
                }
            }
            return new PreKeyIds(numbers.getOrDefault(1, 0L).intValue(), numbers.getOrDefault(6, 0L).intValue(),
                    numbers.getOrDefault(7, 0L).intValue());
        }

        private static long varint(byte[] bytes, int[] at) {
            long value = 0;
            for (int shift = 0; ; shift += 7) {
                byte b = bytes[at[0]++];
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
        }
    }

    private static long encryptions(LaunchedFamichat node) throws Exception {
        return (long) metric(node, "famichat_signal_encrypt_seconds_count");
    }

    private static double metric(LaunchedFamichat node, String name) throws Exception {
        return ScrapedMetrics.scrape(new Http(node.baseUrl())).value(name);
    }

    /** The sum over every sample (every label set) of {@code name}. */
    private static double sum(LaunchedFamichat node, String name) throws Exception {
        return ScrapedMetrics.scrape(new Http(node.baseUrl())).text().lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Waits, if needed, until the next fixed window of {@code window} has begun, when one is less than a minute off. */
    private static void awayFromAWindowBoundary(Duration window) throws InterruptedException {
        long left = window.toMillis() - System.currentTimeMillis() % window.toMillis();
        if (left < 60_000) {
            Thread.sleep(left + 1000);
        }
    }

    private static long sql(String sql, Object... parameters) throws SQLException {
        return Sql.number(database::connect, sql, parameters);
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within " + WAIT);
            }
            Thread.sleep(100);
        }
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /**
     * The nodes' database: a database of its own in the test run's PostgreSQL cluster, or, when the test user may
     * not create databases (an operator-provided FAMICHAT_TEST_DB_URL), a schema of its own in the test database.
     */
    private static final class NodeDatabase {

        private final String kind;
        private final String url;
        private final String user;
        private final String password;
        private final TestDatabase shared;

        private NodeDatabase(String kind, String url, String user, String password, TestDatabase shared) {
            this.kind = kind;
            this.url = url;
            this.user = user;
            this.password = password;
            this.shared = shared;
        }

        static NodeDatabase create(TestDatabase shared) throws SQLException {
            try (Connection connection = shared.connect(); Statement statement = connection.createStatement()) {
                try {
                    statement.execute("DROP DATABASE IF EXISTS " + DATABASE); // left by a run that was killed
                    statement.execute("CREATE DATABASE " + DATABASE);
                    String url = shared.url().replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + DATABASE);
                    return new NodeDatabase("database " + DATABASE, url, shared.user(), shared.password(), shared);
                } catch (SQLException cannotCreateDatabases) {
                    statement.execute("DROP SCHEMA IF EXISTS " + DATABASE + " CASCADE");
                    statement.execute("CREATE SCHEMA " + DATABASE);
                    String url = shared.url() + (shared.url().contains("?") ? "&" : "?") + "currentSchema=" + DATABASE;
                    return new NodeDatabase("schema " + DATABASE, url, shared.user(), shared.password(), shared);
                }
            }
        }

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        /** Best effort: the next run drops what is left anyway. */
        void drop() {
            try (Connection connection = shared.connect(); Statement statement = connection.createStatement()) {
                statement.execute(kind.startsWith("database") ? "DROP DATABASE IF EXISTS " + DATABASE
                        : "DROP SCHEMA IF EXISTS " + DATABASE + " CASCADE");
            } catch (SQLException e) {
                System.out.println("TWO-NODES could not drop the nodes' " + kind + ": " + e);
            }
        }
    }
}
