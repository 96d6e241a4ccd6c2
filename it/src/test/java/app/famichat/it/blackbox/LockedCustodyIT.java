package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Custody;
import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.ScrapedMetrics;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Locked custody end to end on the shared packaged server (issue 14): switching with the password, messages to
 * and from signed-out locked users, password change, and the unlock rows that sign-out, revocation and expiry
 * delete. What a copy of everything reveals is LockedCustodyAttackerIT's.
 */
class LockedCustodyIT {

    private static final TestDatabase db = TestEnvironment.get().database();
    private static final String baseUrl = TestEnvironment.get().packagedServer().baseUrl();

    @Test
    void aUserSwitchesWithTheirPasswordAndBack() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(new Http(baseUrl), "custody");
        assertEquals("locked", custody(ann), "the default custody of new accounts");
        assertEquals(1, db.number("SELECT count(*) FROM user_keyrings WHERE user_id = ?", ann.id()));
        assertTrue(Custody.hasUnlock(db, ann), "the sign-in unlocked the new keyring");
        Custody.host(ann);
        assertEquals(0, db.number("SELECT count(*) FROM user_keyrings WHERE user_id = ?", ann.id()));
        Users.SignedIn annsLaptop = Users.signInNewDevice(new Http(baseUrl), ann.username());
        String notes = Messages.selfConversation(ann);
        Messages.sent(ann, notes, "before", "written while hosted");
        assertEquals("hosted", custody(ann));
        byte[] hostedIdentity = sealedIdentity(ann);

        assertEquals(403, Custody.change(ann, "locked", "not the password").statusCode());
        HttpResponse<String> unknown = Custody.change(ann, "frozen", Users.PASSWORD);
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertEquals("hosted", custody(ann));

        Custody.lock(ann);
        assertEquals("locked", custody(ann));
        Users.SignedIn annsTablet = Users.signInNewDevice(new Http(baseUrl), ann.username());
        Custody.lock(ann);
        assertEquals(200, annsTablet.http().get("/api/v1/me").statusCode(), "locking again changes nothing");
        assertEquals(1, db.number("SELECT count(*) FROM user_keyrings WHERE user_id = ?", ann.id()));
        assertTrue(Custody.hasUnlock(db, ann), "the switching token keeps working");
        assertEquals(2, Custody.unlocks(db, ann), "the switching token's and the tablet's");
        assertFalse(Arrays.equals(hostedIdentity, sealedIdentity(ann)), "the identity key re-sealed");
        assertEquals(401, annsLaptop.http().get("/api/v1/me").statusCode(), "the other token has no unlock");
        assertEquals(List.of("written while hosted"), Messages.bodies(Messages.page(ann, notes, "")));
        Messages.sent(ann, notes, "while-locked", "written while locked");

        assertEquals(204, Custody.change(ann, "hosted", Users.PASSWORD).statusCode());
        assertEquals("hosted", custody(ann));
        assertEquals(0, db.number("SELECT count(*) FROM user_keyrings WHERE user_id = ?", ann.id()));
        assertEquals(0, Custody.unlocks(db, ann));
        assertEquals(List.of("written while hosted", "written while locked"),
                Messages.bodies(Messages.page(ann, notes, "")));
        assertEquals(List.of("written while hosted", "written while locked"),
                Messages.bodies(Messages.page(annsTablet, notes, "")), "back to hosted, other tokens stay valid");
    }

    @Test
    void messagesToASignedOutLockedUserWaitAndArriveOnceEachAtSignIn() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "lockedin", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();
        Custody.lock(bob);
        Custody.signOut(bob);

        List<String> sent = new ArrayList<>();
        for (String body : List.of("one", "two", "three")) {
            sent.add(Messages.sent(ann, conversation, "to-locked-" + body, body).getString("messageId"));
        }
        awaitUntaken(bob, 3);
        assertTrue(ScrapedMetrics.scrape(new Http(baseUrl)).value("famichat_envelopes_waiting_for_locked_users")
                >= 3, "the waiting envelopes are counted");
        // Still Signal ciphertext for bob's device: nothing took them while he was signed out.
        Thread.sleep(500);
        assertEquals(3, untaken(bob));

        Users.SignedIn again = Users.signInAgain(new Http(baseUrl), bob);
        List<JsonObject> pushed = new ArrayList<>();
        try (SocketClient socket = Messages.connected(baseUrl, again, pushed)) {
            Map<String, JsonObject> byId = new LinkedHashMap<>();
            pushed.forEach(frame -> byId.put(frame.getString("messageId"), frame));
            assertEquals(3, pushed.size(), "each once: " + pushed);
            assertEquals(sent, List.copyOf(byId.keySet()));
            assertEquals(List.of("one", "two", "three"),
                    byId.values().stream().map(frame -> frame.getString("body")).toList());
            sent.forEach(id -> socket.send(Messages.ackFrame(id)));
            assertEquals(List.of(), Messages.untilPong(socket));
        }
        assertEquals(List.of("one", "two", "three"), Messages.bodies(Messages.page(again, conversation, "")));
        assertEquals(0, untaken(bob));
    }

    @Test
    void aLockedSenderWhoSignsOutRightAfterSendingIsStillDelivered() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "lockedout", 2);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();
        Custody.lock(bob);

        List<String> bodies = List.of("a", "b", "c", "d", "e");
        for (String body : bodies) {
            Messages.sent(bob, conversation, "from-locked-" + body, body);
        }
        Custody.signOut(bob);

        assertEquals(bodies, Messages.bodies(Messages.awaitMessages(ann, conversation, bodies.size())));
        assertEquals(bodies, Messages.bodies(Messages.awaitMessages(family.other(1), conversation, bodies.size())));
        awaitNumber("SELECT count(*) FROM send_keys", 0);
        Users.SignedIn again = Users.signInAgain(new Http(baseUrl), bob);
        assertEquals(bodies, Messages.bodies(Messages.page(again, conversation, "")));
    }

    /**
     * Work queued for a locked sender completes or fails visibly, never silently: a send key that expired before
     * the encryption for one recipient device ran makes the message {@code failed} in the sender's history and
     * status frame, with a security event and a count; that device gets nothing, the other recipient gets it.
     * The encryption for that device is held back by the test holding its pair's session lock, which the
     * encryption takes before the send key.
     */
    @Test
    void aLockedSendersExpiredSendKeyFailsTheMessageVisibly() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "sendkey", 2);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        Users.SignedIn cat = family.other(1);
        String conversation = family.conversation();
        Custody.lock(bob);
        double counted = ScrapedMetrics.scrape(new Http(baseUrl)).value("famichat_fan_out_failures_total",
                "reason=\"send_key_gone\"");

        String messageId;
        try (SocketClient bobsSocket = Messages.connectedQuiet(baseUrl, bob)) {
            List<String> earlier = sendKeyIds();
            try (var held = holdPairLock(bob, cat)) {
                messageId = Messages.sent(bob, conversation, "doomed", "not for cat").getString("messageId");
                awaitNumber("SELECT count(*) FROM message_envelopes WHERE message_id = '" + messageId
                        + "' AND recipient_user_id = '" + ann.id() + "'", 1);
                List<String> left = new ArrayList<>(sendKeyIds());
                left.removeAll(earlier);
                assertEquals(1, left.size(), "ann's send key is used, cat's waits: " + left);
                db.update("UPDATE send_keys SET expires_at = now() - interval '1 second' WHERE id = ?::uuid",
                        left.get(0));
            }
            JsonObject status = bobsSocket.nextStatus();
            assertEquals(messageId, status.getString("messageId"));
            assertEquals("failed", status.getString("status"), status.toString());
        }
        assertEquals("failed", Messages.ownStatus(bob, conversation, messageId));
        assertEquals(List.of("not for cat"), Messages.bodies(Messages.awaitMessages(ann, conversation, 1)),
                "the other recipient is not affected");
        assertEquals(List.of(), Messages.bodies(Messages.page(cat, conversation, "")), "nothing for cat");
        assertEquals(0, db.number("SELECT count(*) FROM message_envelopes WHERE message_id = ?::uuid "
                + "AND recipient_user_id = ?", messageId, cat.id()));
        assertEquals(1, db.number("SELECT count(*) FROM message_failures WHERE message_id = ?::uuid "
                + "AND recipient_user_id = ? AND reason = 'send_key_gone'", messageId, cat.id()));
        assertEquals(1, db.number("SELECT count(*) FROM security_events WHERE kind = 'send_key_gone' "
                + "AND message_id = ?::uuid AND user_id = ?", messageId, bob.id()));
        assertEquals(counted + 1, ScrapedMetrics.scrape(new Http(baseUrl)).value("famichat_fan_out_failures_total",
                "reason=\"send_key_gone\""));
        assertEquals("failed", Messages.ownStatus(bob, conversation, messageId), "still failed after ann fetched");
    }

    @Test
    void aPasswordChangeWrapsTheSameKeyringUnderTheNewPassword() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(new Http(baseUrl), "rewrap");
        String notes = Messages.selfConversation(ann);
        Custody.lock(ann);
        Messages.sent(ann, notes, "note", "kept across the change");
        byte[] salt = keyringSalt(ann);

        String newPassword = "a brand new passphrase";
        HttpResponse<String> changed = ann.http().put("/api/v1/me/password", Json.createObjectBuilder()
                .add("currentPassword", Users.PASSWORD).add("newPassword", newPassword).build().toString());
        assertEquals(204, changed.statusCode(), changed.body());
        assertFalse(Arrays.equals(salt, keyringSalt(ann)), "wrapped again with a new salt");
        assertEquals(List.of("kept across the change"), Messages.bodies(Messages.page(ann, notes, "")));
        Custody.signOut(ann);

        assertEquals(401, Users.attemptSignIn(new Http(baseUrl), ann.username(), Users.PASSWORD, ann).statusCode());
        Users.SignedIn again = Users.signInAgain(new Http(baseUrl), ann, newPassword);
        assertEquals(List.of("kept across the change"), Messages.bodies(Messages.page(again, notes, "")));
    }

    @Test
    void signOutRevocationAndExpiryDeleteTheUnlockRow() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(new Http(baseUrl), "unlocks");
        Custody.lock(ann);
        assertTrue(Custody.hasUnlock(db, ann));
        Custody.signOut(ann);
        assertFalse(Custody.hasUnlock(db, ann), "sign-out deletes it");

        Users.SignedIn phone = Users.signInAgain(new Http(baseUrl), ann);
        Users.SignedIn laptop = Users.signInNewDevice(new Http(baseUrl), ann.username());
        assertEquals(2, Custody.unlocks(db, ann));
        assertEquals(204, phone.http().delete("/api/v1/me/devices/" + laptop.deviceId()).statusCode());
        assertFalse(Custody.hasUnlock(db, laptop), "removing a device deletes its token's");
        assertTrue(Custody.hasUnlock(db, phone));
        Users.SignedIn tablet = Users.signInNewDevice(new Http(baseUrl), ann.username());
        assertEquals(204, tablet.http().delete("/api/v1/sessions").statusCode());
        assertEquals(0, Custody.unlocks(db, ann), "signing out everywhere deletes every one");

        Users.SignedIn expiring = Users.signInAgain(new Http(baseUrl), phone);
        assertTrue(Custody.hasUnlock(db, expiring));
        byte[] hash = Custody.tokenHash(expiring.token());
        db.update("UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = ?", hash);
        db.update("UPDATE keyring_unlocks SET expires_at = now() - interval '1 second' WHERE token_hash = ?", hash);
        assertEquals(401, expiring.http().get("/api/v1/me").statusCode());
        awaitNumber("SELECT count(*) FROM keyring_unlocks WHERE user_id = '" + ann.id() + "'", 0);
    }

    /** A live token whose unlock is gone (a database restored from before the sign-in) gets a clear 409. */
    @Test
    void aTokenWithoutItsUnlockIsToldToSignInAgain() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(new Http(baseUrl), "nounlock");
        String notes = Messages.selfConversation(ann);
        Custody.lock(ann);
        Messages.sent(ann, notes, "sealed", "sealed under the keyring");
        db.update("DELETE FROM keyring_unlocks WHERE token_hash = ?", Custody.tokenHash(ann.token()));
        double failures = ScrapedMetrics.scrape(new Http(baseUrl)).value("famichat_keyring_unlock_failures_total",
                "reason=\"no_unlock\"");
        assertEquals(200, ann.http().get("/api/v1/me").statusCode(), "what needs no key still answers");
        HttpResponse<String> send = Messages.send(ann, notes, "locked-out", "cannot be sealed");
        assertEquals(409, send.statusCode(), send.body());
        assertEquals("urn:famichat:problem:keyring-locked", Http.json(send).getString("type"));
        assertEquals(409, ann.http().get(Messages.path(notes)).statusCode());
        assertTrue(ScrapedMetrics.scrape(new Http(baseUrl)).value("famichat_keyring_unlock_failures_total",
                "reason=\"no_unlock\"") > failures, "the failed unlocks are counted");
        double unlocks = ScrapedMetrics.scrape(new Http(baseUrl)).value("famichat_keyring_unlocks_seconds_count");
        Users.SignedIn again = Users.signInAgain(new Http(baseUrl), ann);
        assertTrue(ScrapedMetrics.scrape(new Http(baseUrl)).value("famichat_keyring_unlocks_seconds_count") > unlocks,
                "the sign-in's unlock is counted");
        assertEquals(202, Messages.send(again, notes, "unlocked", "sealed again").statusCode());
        assertEquals(List.of("sealed under the keyring", "sealed again"), Messages.bodies(Messages.page(again, notes, "")));
    }

    /**
     * Figures for docs/benchmarks.md, side by side in one run: sign-in of a locked and a hosted user (the
     * difference is the keyring's unlock), and send-to-push latency of messages from a locked and from a hosted
     * sender to the same connected member. Printed, never asserted.
     */
    @Test
    void figuresUnlockAtSignInAndSendLatencyLockedVersusHosted() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "figures", 2);
        Users.SignedIn hosted = family.admin();
        Users.SignedIn locked = family.other(0);
        Users.SignedIn reader = family.other(1);
        Custody.host(hosted);
        Custody.lock(locked);
        String conversation = family.conversation();

        List<Long> lockedSignIns = new ArrayList<>();
        List<Long> hostedSignIns = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            for (Users.SignedIn user : List.of(locked, hosted)) {
                long started = System.nanoTime();
                Users.signInAgain(new Http(baseUrl), user);
                (user == locked ? lockedSignIns : hostedSignIns).add(System.nanoTime() - started);
            }
        }

        List<Long> fromLocked = new ArrayList<>();
        List<Long> fromHosted = new ArrayList<>();
        try (SocketClient socket = Messages.connected(baseUrl, reader, new ArrayList<>())) {
            for (int i = 0; i < 20; i++) {
                for (Users.SignedIn sender : List.of(locked, hosted)) {
                    long started = System.nanoTime();
                    String id = Messages.sent(sender, conversation, "figure-" + i + "-" + sender.username(),
                            "figure " + i).getString("messageId");
                    JsonObject pushed = Messages.nextMessage(socket);
                    assertEquals(id, pushed.getString("messageId"));
                    (sender == locked ? fromLocked : fromHosted).add(System.nanoTime() - started);
                    socket.send(Messages.ackFrame(id));
                    Thread.sleep(300); // within the shipped send limits (20 per 10 s per device)
                }
            }
        }
        System.out.println("[figures] sign-in (client, ms): locked p50 " + millis(lockedSignIns, 50) + " p99 "
                + millis(lockedSignIns, 99) + ", hosted p50 " + millis(hostedSignIns, 50) + " p99 "
                + millis(hostedSignIns, 99) + " (30 each, interleaved)");
        System.out.println("[figures] send to push (ms): from a locked sender p50 " + millis(fromLocked, 50) + " p99 "
                + millis(fromLocked, 99) + ", from a hosted sender p50 " + millis(fromHosted, 50) + " p99 "
                + millis(fromHosted, 99) + " (20 each, interleaved, to one connected member)");
    }

    /** The percentile of durations in nanoseconds, in milliseconds with one decimal (nearest rank). */
    private static String millis(List<Long> nanos, int percentile) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int rank = Math.max(1, (int) Math.ceil(percentile / 100.0 * sorted.size()));
        return String.format(Locale.ROOT, "%.1f", sorted.get(rank - 1) / 1e6);
    }

    private static String custody(Users.SignedIn user) throws Exception {
        return Http.json(user.http().get("/api/v1/me")).getString("custody");
    }

    private static byte[] sealedIdentity(Users.SignedIn user) throws Exception {
        try (var connection = db.connect(); var query = connection.prepareStatement(
                "SELECT private_key_sealed FROM signal_identity_keys WHERE user_id = ?")) {
            query.setObject(1, user.id());
            try (var row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getBytes(1);
            }
        }
    }

    private static byte[] keyringSalt(Users.SignedIn user) throws Exception {
        try (var connection = db.connect(); var query = connection.prepareStatement(
                "SELECT salt FROM user_keyrings WHERE user_id = ?")) {
            query.setObject(1, user.id());
            try (var row = query.executeQuery()) {
                assertTrue(row.next());
                return row.getBytes(1);
            }
        }
    }

    /**
     * Holds the session lock of the pair (sender's device -> recipient's device) on a connection of the test until
     * it is closed: the key PairLocks derives, the first 8 bytes of SHA-256 of "session:<sender>-><recipient>".
     */
    private static Connection holdPairLock(Users.SignedIn sender, Users.SignedIn recipient)
            throws Exception {
        Connection connection = db.connect();
        try (var lock = connection.prepareStatement("SELECT pg_advisory_lock(('x' || left(encode(sha256("
                + "convert_to(?, 'UTF8')), 'hex'), 16))::bit(64)::bigint)")) {
            lock.setString(1, "session:" + sender.id() + "/" + sender.deviceId() + "->" + recipient.id() + "/"
                    + recipient.deviceId());
            lock.execute();
        } catch (Exception e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static List<String> sendKeyIds() throws Exception {
        try (var connection = db.connect(); var query = connection.prepareStatement("SELECT id FROM send_keys");
             var rows = query.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    private static long untaken(Users.SignedIn user) throws Exception {
        return db.number("SELECT count(*) FROM message_envelopes WHERE recipient_user_id = ? AND taken_at IS NULL",
                user.id());
    }

    private static void awaitUntaken(Users.SignedIn user, long count) throws Exception {
        long deadline = System.nanoTime() + Messages.WAIT.toNanos();
        while (untaken(user) < count) {
            assertTrue(System.nanoTime() < deadline, "envelopes waiting: " + untaken(user));
            Thread.sleep(50);
        }
    }

    private static void awaitNumber(String sql, long expected) throws Exception {
        long deadline = System.nanoTime() + Messages.WAIT.toNanos();
        while (db.number(sql) != expected) {
            assertTrue(System.nanoTime() < deadline, sql + " = " + db.number(sql) + ", not " + expected);
            Thread.sleep(100);
        }
    }
}
