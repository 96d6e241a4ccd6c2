package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Custody;
import app.famichat.it.support.Families;
import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Guardians;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.ScrapedMetrics;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Family recovery end to end on the shared packaged server (issue 14, item 4; docs/api.md "Family recovery"): a
 * locked owner names five locked family members as guardians, 3 of 5; forgets the password; a request is announced
 * on the owner's and the guardians' sockets; two approvals and a refusal are not enough, a third approval is; the
 * completion with the request's new password re-wraps the keyring, so the history written before reads under the
 * new password. Around it: who can be a guardian, a guardian who leaves the shared families, cancellation, expiry
 * (on read and by the sweep), refusal, a guardian's list across owners, rate limits, and bad input.
 */
class GuardianRecoveryIT {

    private static final String NEW_PASSWORD = "a password the family gave back";

    private static final TestDatabase db = TestEnvironment.get().database();
    private static final String baseUrl = TestEnvironment.get().packagedServer().baseUrl();

    @Test
    void threeOfFiveGuardiansGiveTheKeyringBackUnderANewPassword() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "guarded", 5);
        Users.SignedIn owner = family.admin();
        List<Users.SignedIn> guardians = family.others();
        for (Users.SignedIn member : family.members()) {
            Custody.lock(member);
        }
        String notes = Messages.selfConversation(owner);
        String conversation = family.conversation();
        Messages.sent(owner, notes, "g1", "a note before");
        Messages.sent(guardians.get(0), conversation, "g2", "hello from a guardian");
        Messages.awaitMessages(owner, conversation, 1);
        Map<String, Double> before = outcomes();

        JsonObject candidates = Http.json("{\"c\":" + owner.http().get("/api/v1/me/guardians/candidates").body()
                + "}");
        assertEquals(5, candidates.getJsonArray("c").size());
        candidates.getJsonArray("c").getValuesAs(JsonObject.class).forEach(candidate -> {
            assertTrue(candidate.getBoolean("eligible"), candidate.toString());
            assertEquals(JsonValue.NULL, candidate.get("reason"), "written as null");
        });
        JsonObject none = Http.json(owner.http().get("/api/v1/me/guardians"));
        assertEquals(JsonValue.NULL, none.get("threshold"));
        assertFalse(none.getBoolean("available"));
        long setupStarted = System.nanoTime();
        JsonObject setup = Guardians.setUp(owner, 3, guardians);
        long setupMillis = (System.nanoTime() - setupStarted) / 1_000_000;
        assertEquals(3, setup.getInt("threshold"));
        assertEquals(5, setup.getJsonArray("guardians").size());
        assertTrue(setup.getBoolean("available"));
        assertEquals(setup, Http.json(owner.http().get("/api/v1/me/guardians")));

        // The owner forgets the password; a device of theirs is still signed in, with a socket.
        try (SocketClient ownerSocket = SocketClient.ready(baseUrl, owner.token())) {
            List<SocketClient> guardianSockets = new ArrayList<>();
            try {
                for (Users.SignedIn guardian : guardians) {
                    guardianSockets.add(SocketClient.ready(baseUrl, guardian.token()));
                }
                assertEquals(400, Guardians.start(baseUrl, owner.username(), "short").statusCode(),
                        "the password rules first");
                long startStarted = System.nanoTime();
                Guardians.Request request = Guardians.started(baseUrl, owner.username(), NEW_PASSWORD);
                long startMillis = (System.nanoTime() - startStarted) / 1_000_000;
                assertEquals(3, request.started().getInt("threshold"));
                assertTrue(Instant.parse(request.started().getString("expiresAt")).isAfter(Instant.now()
                        .plus(Duration.ofHours(71))));

                JsonObject requested = Guardians.nextFrame(ownerSocket, "recovery-requested");
                assertEquals(request.id(), requested.getString("requestId"));
                assertEquals("Chrome on Linux", requested.getString("device"));
                assertEquals("127.0.0.1", requested.getString("address"));
                assertEquals(request.started().getString("expiresAt"), requested.getString("expiresAt"));
                for (SocketClient socket : guardianSockets) {
                    assertEquals(request.id(), Guardians.nextFrame(socket, "guardian-request").getString("requestId"));
                }

                JsonObject seen = Http.json("{\"r\":" + guardians.get(0).http().get("/api/v1/guardian-requests")
                        .body() + "}").getJsonArray("r").getJsonObject(0);
                assertEquals(request.id(), seen.getString("requestId"));
                assertEquals(owner.id().toString(), seen.getJsonObject("requester").getString("userId"));
                assertEquals("Chrome on Linux", seen.getString("device"));
                assertEquals(JsonValue.NULL, seen.get("myDecision"));
                assertEquals(3, seen.getInt("threshold"));

                assertEquals(204, Guardians.decide(guardians.get(0), request.id(), true).statusCode());
                assertEquals("approved", Http.json("{\"r\":" + guardians.get(0).http()
                        .get("/api/v1/guardian-requests").body() + "}").getJsonArray("r").getJsonObject(0)
                        .getString("myDecision"));
                assertEquals(204, Guardians.decide(guardians.get(1), request.id(), true).statusCode());
                assertEquals(204, Guardians.decide(guardians.get(2), request.id(), false).statusCode());
                HttpResponse<String> twice = Guardians.decide(guardians.get(0), request.id(), false);
                assertEquals(409, twice.statusCode(), twice.body());
                assertEquals("urn:famichat:problem:already-decided", Http.json(twice).getString("type"));
                JsonObject progress = Http.json(Guardians.progress(baseUrl, request.id(), request.secret()));
                assertEquals("pending", progress.getString("status"));
                assertEquals(2, progress.getInt("approvals"));
                assertEquals(1, progress.getInt("refusals"));
                HttpResponse<String> early = Guardians.complete(baseUrl, request, NEW_PASSWORD);
                assertEquals(409, early.statusCode(), early.body());
                assertEquals("urn:famichat:problem:request-not-approved", Http.json(early).getString("type"));
                assertEquals(401, Users.attemptSignIn(new Http(baseUrl), owner.username(), NEW_PASSWORD, owner)
                        .statusCode(), "nothing changed yet");

                assertEquals(204, Guardians.decide(guardians.get(3), request.id(), true).statusCode());
                assertEquals("approved", Guardians.status(baseUrl, request));
                HttpResponse<String> late = Guardians.decide(guardians.get(4), request.id(), true);
                assertEquals(409, late.statusCode(), late.body());
                assertEquals("urn:famichat:problem:request-closed", Http.json(late).getString("type"));
                for (SocketClient socket : guardianSockets) {
                    assertEquals(request.id(), Guardians.nextFrame(socket, "guardian-request").getString("requestId"),
                            "the change is announced too");
                }

                assertEquals(404, Guardians.progress(baseUrl, request.id(), "not the secret").statusCode());
                assertEquals(404, Guardians.progress(baseUrl, request.id(), null).statusCode());
                assertEquals(404, Guardians.progress(baseUrl, UUID.randomUUID().toString(), request.secret())
                        .statusCode());
                assertEquals(404, Guardians.complete(baseUrl, new Guardians.Request(request.id(), "wrong", null),
                        NEW_PASSWORD).statusCode());
                HttpResponse<String> wrongPassword = Guardians.complete(baseUrl, request, "not the new password");
                assertEquals(403, wrongPassword.statusCode(), wrongPassword.body());
                long completeStarted = System.nanoTime();
                HttpResponse<String> completed = Guardians.complete(baseUrl, request, NEW_PASSWORD);
                long completeMillis = (System.nanoTime() - completeStarted) / 1_000_000;
                assertEquals(204, completed.statusCode(), completed.body());
                assertEquals("completed", Guardians.status(baseUrl, request));
                assertEquals(409, Guardians.complete(baseUrl, request, NEW_PASSWORD).statusCode(),
                        "a completed request completes nothing more");
                System.out.println("[figures] family recovery 3 of 5, client-side: setup " + setupMillis
                        + " ms (password check, 5 shares sealed), request " + startMillis + " ms (one Argon2id for "
                        + "the request key), completion " + completeMillis + " ms (three Argon2id: the request key, "
                        + "the keyring under the new password, the new sign-in hash)");

                assertEquals(401, owner.http().get("/api/v1/me").statusCode(), "every token revoked");
                assertTrue(ownerSocket.awaitClose(Messages.WAIT) > 0, "the owner's socket is closed");
                assertEquals(0, Custody.unlocks(db, owner));
            } finally {
                guardianSockets.forEach(SocketClient::close);
            }
        }
        assertEquals(401, Users.attemptSignIn(new Http(baseUrl), owner.username(), Users.PASSWORD, owner)
                .statusCode(), "the old password is gone");
        Users.SignedIn again = Users.signInAgain(new Http(baseUrl), owner, NEW_PASSWORD);
        assertEquals(List.of("a note before"), Messages.bodies(Messages.awaitMessages(again, notes, 1)));
        assertEquals(List.of("hello from a guardian"), Messages.bodies(Messages.awaitMessages(again, conversation, 1)));
        Messages.sent(guardians.get(1), conversation, "g3", "welcome back");
        assertEquals(List.of("hello from a guardian", "welcome back"),
                Messages.bodies(Messages.awaitMessages(again, conversation, 2)));
        assertTrue(Http.json(again.http().get("/api/v1/me/guardians")).getBoolean("available"),
                "the guardians still hold their shares");

        assertEquals(1, events(owner, "recovery_requested"));
        assertEquals(3, events(owner, "recovery_approved"));
        assertEquals(1, events(owner, "recovery_refused"));
        assertEquals(1, events(owner, "recovery_completed"));
        assertEquals(1, events(owner, "guardians_set"));
        assertEquals(0, db.number("SELECT count(*) FROM recovery_requests WHERE user_id = ? "
                + "AND private_key IS NOT NULL", owner.id()), "the request key is gone");
        assertEquals(0, db.number("SELECT count(*) FROM recovery_decisions d JOIN recovery_requests r "
                + "ON r.id = d.request_id WHERE r.user_id = ? AND d.released_share IS NOT NULL", owner.id()));
        Map<String, Double> after = outcomes();
        for (String outcome : List.of("requested", "approved", "recovered")) {
            assertTrue(after.get(outcome) >= before.get(outcome) + 1, outcome + " counted");
        }
    }

    @Test
    void onlyLockedMembersOfTheOwnersFamiliesCanGuard() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "choosy", 3);
        Users.SignedIn owner = family.admin();
        Users.SignedIn lockedKin = family.other(0);
        Users.SignedIn otherLockedKin = family.other(1);
        Users.SignedIn hostedKin = family.other(2);
        Users.SignedIn outsider = Users.registerAndSignIn(new Http(baseUrl), "stranger");
        Custody.host(owner);
        Custody.host(hostedKin);
        HttpResponse<String> hostedOwner = Guardians.setUp(owner, Users.PASSWORD, 2,
                List.of(lockedKin.id(), otherLockedKin.id()));
        assertEquals(409, hostedOwner.statusCode(), hostedOwner.body());
        assertEquals("urn:famichat:problem:custody-hosted", Http.json(hostedOwner).getString("type"));
        for (Users.SignedIn user : List.of(owner, lockedKin, otherLockedKin, outsider)) {
            Custody.lock(user);
        }
        JsonObject hostedCandidate = Http.json("{\"c\":" + owner.http().get("/api/v1/me/guardians/candidates")
                .body() + "}").getJsonArray("c").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("userId").equals(hostedKin.id().toString())).findFirst().orElseThrow();
        assertFalse(hostedCandidate.getBoolean("eligible"));
        assertEquals("hosted-custody", hostedCandidate.getString("reason"));

        assertRefused(Guardians.setUp(owner, Users.PASSWORD, 2, List.of(lockedKin.id(), hostedKin.id())),
                "hosted-custody");
        assertRefused(Guardians.setUp(owner, Users.PASSWORD, 2, List.of(lockedKin.id(), outsider.id())),
                "members of your families");
        assertRefused(Guardians.setUp(owner, Users.PASSWORD, 2, List.of(lockedKin.id(), owner.id())), "yourself");
        assertRefused(Guardians.setUp(owner, Users.PASSWORD, 2, List.of(lockedKin.id(), lockedKin.id())), "twice");
        assertRefused(Guardians.setUp(owner, Users.PASSWORD, 1, List.of(lockedKin.id(), otherLockedKin.id())),
                "at least 2");
        assertRefused(Guardians.setUp(owner, Users.PASSWORD, 3, List.of(lockedKin.id(), otherLockedKin.id())),
                "must not exceed");
        List<UUID> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(UUID.randomUUID());
        }
        assertRefused(Guardians.setUp(owner, Users.PASSWORD, 2, eleven), "at most 10");
        assertEquals(403, Guardians.setUp(owner, "not the password", 2, List.of(lockedKin.id(), otherLockedKin.id()))
                .statusCode());
        for (String body : List.of("{\"password\":\"" + Users.PASSWORD + "\",\"threshold\":2}",
                "{\"password\":\"" + Users.PASSWORD + "\",\"threshold\":\"two\",\"guardianIds\":[]}",
                "{\"password\":\"" + Users.PASSWORD + "\",\"threshold\":2,\"guardianIds\":[\"not-a-uuid\"]}",
                "not json")) {
            HttpResponse<String> bad = owner.http().put("/api/v1/me/guardians", body);
            assertEquals(400, bad.statusCode(), body + " " + bad.body());
            assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").orElse(""));
        }
        assertEquals(JsonValue.NULL, Http.json(owner.http().get("/api/v1/me/guardians")).get("threshold"),
                "nothing was set up");

        Guardians.setUp(owner, 2, List.of(lockedKin, otherLockedKin));
        // A guardian who switches to hosted custody loses the share: recovery is unavailable with 1 of 2 left.
        assertEquals(204, Custody.change(otherLockedKin, "hosted", Users.PASSWORD).statusCode());
        JsonObject weakened = Http.json(owner.http().get("/api/v1/me/guardians"));
        assertFalse(weakened.getBoolean("available"));
        assertEquals(List.of(true, false), weakened.getJsonArray("guardians").getValuesAs(JsonObject.class).stream()
                .map(g -> g.getBoolean("usable")).toList());
        HttpResponse<String> unavailable = Guardians.start(baseUrl, owner.username(), NEW_PASSWORD);
        HttpResponse<String> unknown = Guardians.start(baseUrl, "nobody-" + owner.username(), NEW_PASSWORD);
        HttpResponse<String> hostedAccount = Guardians.start(baseUrl, hostedKin.username(), NEW_PASSWORD);
        assertEquals(403, unavailable.statusCode(), unavailable.body());
        assertEquals(Http.problemSummary(unavailable), Http.problemSummary(unknown), "no user enumeration");
        assertEquals(Http.problemSummary(unavailable), Http.problemSummary(hostedAccount));

        assertEquals(403, owner.http().request("DELETE", "/api/v1/me/guardians", "application/json",
                "{\"password\":\"not the password\"}").statusCode());
        assertEquals(204, owner.http().request("DELETE", "/api/v1/me/guardians", "application/json",
                "{\"password\":\"" + Users.PASSWORD + "\"}").statusCode());
        JsonObject removed = Http.json(owner.http().get("/api/v1/me/guardians"));
        assertEquals(JsonValue.NULL, removed.get("threshold"));
        assertEquals(0, removed.getJsonArray("guardians").size());
        assertEquals(1, events(owner, "guardians_removed"));
    }

    @Test
    void aGuardianWhoLeavesOrIsRemovedFromTheSharedFamiliesLosesTheShareAtOnce() throws Exception {
        FamilyChat family = Guardians.guardedFamily(baseUrl, "leaving", 3, 2);
        Users.SignedIn owner = family.admin();
        Users.SignedIn leaver = family.other(0);
        Users.SignedIn removed = family.other(1);
        // The leaver shares a second family with the owner: leaving one of the two keeps the share.
        UUID second = Families.create(owner, "leaving second family", leaver);

        assertEquals(204, leaver.http().delete("/api/v1/families/" + family.familyId() + "/members/me")
                .statusCode());
        assertEquals(3, usableShares(owner), "still in a family with the owner");
        assertEquals(204, leaver.http().delete("/api/v1/families/" + second + "/members/me").statusCode());
        // Read from the database before anything reads the setup: the share went with the membership.
        assertEquals(2, usableShares(owner));
        assertTrue(Http.json(owner.http().get("/api/v1/me/guardians")).getBoolean("available"), "2 of 3 left");

        assertEquals(204, owner.http().delete("/api/v1/families/" + family.familyId() + "/members/" + removed.id())
                .statusCode());
        assertEquals(1, usableShares(owner), "removed by an admin");
        JsonObject weakened = Http.json(owner.http().get("/api/v1/me/guardians"));
        assertFalse(weakened.getBoolean("available"), "fewer usable shares than the threshold");
        assertEquals(2, weakened.getInt("threshold"));
        assertEquals(List.of(false, false, true), weakened.getJsonArray("guardians").getValuesAs(JsonObject.class)
                .stream().map(g -> g.getBoolean("usable")).toList());
        assertEquals(403, Guardians.start(baseUrl, owner.username(), NEW_PASSWORD).statusCode(),
                "family recovery is unavailable");
        assertEquals(0, db.number("SELECT count(*) FROM guardian_shares WHERE guardian_id IN (?, ?) "
                + "AND share IS NOT NULL", leaver.id(), removed.id()), "no share of theirs is left anywhere");
    }

    @Test
    void aGuardianSeesThePendingRequestsOfEveryoneTheyGuardWithTheirOwnDecisions() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "twoowners", 3);
        Users.SignedIn firstOwner = family.admin();
        Users.SignedIn secondOwner = family.other(0);
        Users.SignedIn guardian = family.other(1);
        Users.SignedIn otherGuardian = family.other(2);
        for (Users.SignedIn member : family.members()) {
            Custody.lock(member);
        }
        Guardians.setUp(firstOwner, 2, List.of(guardian, otherGuardian));
        Guardians.setUp(secondOwner, 2, List.of(guardian, otherGuardian));
        Guardians.Request first = Guardians.started(baseUrl, firstOwner.username(), NEW_PASSWORD);
        Guardians.Request second = Guardians.started(baseUrl, secondOwner.username(), NEW_PASSWORD);
        assertEquals(204, Guardians.decide(guardian, first.id(), true).statusCode());
        assertEquals(204, Guardians.decide(otherGuardian, second.id(), true).statusCode());

        List<JsonObject> listed = guardedRequests(guardian);
        assertEquals(List.of(first.id(), second.id()), listed.stream().map(r -> r.getString("requestId")).toList(),
                "oldest first");
        assertEquals(List.of(firstOwner.id().toString(), secondOwner.id().toString()), listed.stream()
                .map(r -> r.getJsonObject("requester").getString("userId")).toList());
        assertEquals(List.of("twoowners", "twoowners-kin"), listed.stream()
                .map(r -> r.getJsonObject("requester").getString("displayName")).toList());
        assertEquals(List.of(Json.createValue("approved"), JsonValue.NULL), listed.stream()
                .map(r -> r.get("myDecision")).toList(), "their own decision only");
        assertEquals(List.of(1, 1), listed.stream().map(r -> r.getInt("approvals")).toList());

        assertEquals(204, Guardians.decide(guardian, second.id(), false).statusCode());
        assertEquals("refused", Guardians.status(baseUrl, second), "2 of 2 out of reach");
        assertEquals(List.of(first.id()), guardedRequests(guardian).stream().map(r -> r.getString("requestId"))
                .toList(), "pending ones only");
    }

    @Test
    void theOwnerCancelsANewRequestReplacesAndRefusalsCloseOne() throws Exception {
        FamilyChat family = Guardians.guardedFamily(baseUrl, "cancel", 2, 2);
        Users.SignedIn owner = family.admin();
        Map<String, Double> before = outcomes();
        try (SocketClient ownerSocket = family.connect(owner)) {
            cancelReplaceAndRefuse(family, owner, ownerSocket);
        }
        assertEquals(2, events(owner, "recovery_cancelled"));
        Map<String, Double> after = outcomes();
        assertTrue(after.get("cancelled") >= before.get("cancelled") + 2);
        assertTrue(after.get("refused") >= before.get("refused") + 1);
    }

    /**
     * The requester, who has no token, cancels their own request with its secret (the web client's "Cancel the
     * request"): it leaves the guardians' lists, the owner's sockets hear it end, and nothing else changes. Without
     * the right secret nothing happens, whoever asks.
     */
    @Test
    void theRequesterCancelsWithTheSecret() throws Exception {
        FamilyChat family = Guardians.guardedFamily(baseUrl, "withdraw", 2, 2);
        Users.SignedIn owner = family.admin();
        Users.SignedIn guardian = family.other(0);
        Map<String, Double> before = outcomes();
        try (SocketClient ownerSocket = family.connect(owner)) {
            Guardians.Request request = Guardians.started(baseUrl, owner.username(), NEW_PASSWORD);
            assertEquals(request.id(), Guardians.nextFrame(ownerSocket, "recovery-requested").getString("requestId"));
            assertEquals(List.of(request.id()), Guardians.pendingFor(guardian));

            // A wrong secret is refused without waiting for the request's row (held here as a guardian's decision
            // in progress holds it): a caller with no token and no secret must not hold what decisions wait for.
            try (Connection holder = db.connect()) {
                holder.setAutoCommit(false);
                try (PreparedStatement lock = holder.prepareStatement(
                        "SELECT id FROM recovery_requests WHERE id = ?::uuid FOR UPDATE")) {
                    lock.setString(1, request.id());
                    lock.executeQuery().close();
                }
                assertEquals(404, Guardians.withdraw(baseUrl, request.id(), "not-the-secret").statusCode());
                assertEquals(404, Guardians.complete(baseUrl, new Guardians.Request(request.id(), "wrong", null),
                        NEW_PASSWORD).statusCode());
                holder.rollback();
            }
            for (HttpResponse<String> refused : List.of(
                    Guardians.withdraw(baseUrl, request.id(), null),
                    Guardians.withdraw(baseUrl, request.id(), "not-the-secret"),
                    Guardians.withdraw(baseUrl, request.id(), "s".repeat(200)),
                    Guardians.withdraw(baseUrl, UUID.randomUUID().toString(), request.secret()),
                    Guardians.withdraw(baseUrl, "not-a-uuid", request.secret()))) {
                assertEquals(404, refused.statusCode(), refused.body());
                assertEquals("application/problem+json", refused.headers().firstValue("Content-Type").orElse(""));
            }
            assertEquals("pending", Guardians.status(baseUrl, request), "a wrong secret changes nothing");

            HttpResponse<String> withdrawn = Guardians.withdraw(baseUrl, request.id(), request.secret());
            assertEquals(204, withdrawn.statusCode(), withdrawn.body());
            assertEquals("cancelled", Guardians.status(baseUrl, request));
            assertEquals(request.id(), Guardians.nextFrame(ownerSocket, "recovery-closed").getString("requestId"));
            assertEquals(List.of(), Guardians.pendingFor(guardian), "off the guardian's list");
            assertEquals(409, Guardians.decide(guardian, request.id(), true).statusCode());
            HttpResponse<String> again = Guardians.withdraw(baseUrl, request.id(), request.secret());
            assertEquals(409, again.statusCode(), again.body());
            assertEquals("urn:famichat:problem:request-closed", Http.json(again).getString("type"));
            assertEquals(409, Guardians.complete(baseUrl, request, NEW_PASSWORD).statusCode());
        }
        assertEquals(200, owner.http().get("/api/v1/me").statusCode(), "the owner's token still works");
        assertEquals(1, events(owner, "recovery_cancelled"));
        assertTrue(outcomes().get("cancelled") >= before.get("cancelled") + 1);
    }

    /** Each end of a request reaches the owner's socket as recovery-closed, right after what ended it. */
    private static void cancelReplaceAndRefuse(FamilyChat family, Users.SignedIn owner, SocketClient ownerSocket)
            throws Exception {
        Guardians.Request first = Guardians.started(baseUrl, owner.username(), NEW_PASSWORD);
        assertEquals(first.id(), Guardians.nextFrame(ownerSocket, "recovery-requested").getString("requestId"));
        Guardians.Request second = Guardians.started(baseUrl, owner.username(), NEW_PASSWORD);
        assertEquals(first.id(), Guardians.nextFrame(ownerSocket, "recovery-closed").getString("requestId"),
                "the replaced request");
        assertEquals(second.id(), Guardians.nextFrame(ownerSocket, "recovery-requested").getString("requestId"));
        assertEquals("cancelled", Guardians.status(baseUrl, first), "a new request replaces the open one");
        assertEquals("pending", Guardians.status(baseUrl, second));
        assertEquals(404, family.other(0).http().delete("/api/v1/me/recovery-requests/" + second.id()).statusCode(),
                "not theirs");
        assertEquals(404, owner.http().delete("/api/v1/me/recovery-requests/" + UUID.randomUUID()).statusCode());
        assertEquals(404, owner.http().delete("/api/v1/me/recovery-requests/not-a-uuid").statusCode());
        List<JsonObject> mine = Http.json("{\"r\":" + owner.http().get("/api/v1/me/recovery-requests").body() + "}")
                .getJsonArray("r").getValuesAs(JsonObject.class);
        assertEquals(List.of(second.id(), first.id()), mine.stream().map(r -> r.getString("requestId")).toList());
        assertEquals("Chrome on Linux", mine.get(0).getString("device"));
        assertEquals(204, owner.http().delete("/api/v1/me/recovery-requests/" + second.id()).statusCode());
        assertEquals("cancelled", Guardians.status(baseUrl, second));
        assertEquals(second.id(), Guardians.nextFrame(ownerSocket, "recovery-closed").getString("requestId"));
        HttpResponse<String> again = owner.http().delete("/api/v1/me/recovery-requests/" + second.id());
        assertEquals(409, again.statusCode(), again.body());
        assertEquals("urn:famichat:problem:request-closed", Http.json(again).getString("type"));
        assertEquals(409, Guardians.decide(family.other(0), second.id(), true).statusCode());
        assertEquals(404, Guardians.decide(owner, second.id(), true).statusCode(), "the owner guards nothing here");
        assertEquals(404, Guardians.decide(family.other(0), UUID.randomUUID().toString(), true).statusCode());

        // 2 of 2: one refusal puts the threshold out of reach.
        Guardians.Request refused = Guardians.started(baseUrl, owner.username(), NEW_PASSWORD);
        assertEquals(refused.id(), Guardians.nextFrame(ownerSocket, "recovery-requested").getString("requestId"));
        assertEquals(204, Guardians.decide(family.other(1), refused.id(), false).statusCode());
        assertEquals("refused", Guardians.status(baseUrl, refused));
        assertEquals(refused.id(), Guardians.nextFrame(ownerSocket, "recovery-closed").getString("requestId"),
                "the owner's warning can go");
        assertEquals(409, Guardians.complete(baseUrl, refused, NEW_PASSWORD).statusCode());
        assertEquals(200, owner.http().get("/api/v1/me").statusCode(), "nothing changed");
    }

    @Test
    void anExpiredRequestChangesNothing() throws Exception {
        FamilyChat family = Guardians.guardedFamily(baseUrl, "expiry", 2, 2);
        Users.SignedIn owner = family.admin();
        Map<String, Double> before = outcomes();
        Guardians.Request request = Guardians.started(baseUrl, owner.username(), NEW_PASSWORD);
        assertEquals(204, Guardians.decide(family.other(0), request.id(), true).statusCode());
        assertEquals(204, Guardians.decide(family.other(1), request.id(), true).statusCode());
        assertEquals("approved", Guardians.status(baseUrl, request));
        // Its deadline passes (the lifetime is 72 hours; the test moves the deadline rather than wait).
        assertEquals(1, db.update("UPDATE recovery_requests SET expires_at = now() - interval '1 second' "
                + "WHERE id = ?::uuid", request.id()));
        assertEquals("expired", Guardians.status(baseUrl, request));
        assertEquals(409, Guardians.complete(baseUrl, request, NEW_PASSWORD).statusCode());
        assertEquals(401, Users.attemptSignIn(new Http(baseUrl), owner.username(), NEW_PASSWORD, owner).statusCode());
        assertEquals(200, owner.http().get("/api/v1/me").statusCode());
        assertEquals(1, events(owner, "recovery_expired"));
        assertEquals(0, db.number("SELECT count(*) FROM recovery_requests WHERE id = ?::uuid "
                + "AND private_key IS NOT NULL", request.id()), "the request key is gone");
        assertTrue(outcomes().get("expired") >= before.get("expired") + 1);
    }

    @Test
    void theSweepExpiresARequestNobodyReads() throws Exception {
        FamilyChat family = Guardians.guardedFamily(baseUrl, "swept", 2, 2);
        Users.SignedIn owner = family.admin();
        Map<String, Double> before = outcomes();
        Guardians.Request request = Guardians.started(baseUrl, owner.username(), NEW_PASSWORD);
        assertEquals(204, Guardians.decide(family.other(0), request.id(), true).statusCode());
        // Its deadline passes, and nothing reads it: only the sweep (every second on the test server) closes it.
        assertEquals(1, db.update("UPDATE recovery_requests SET expires_at = now() - interval '1 second' "
                + "WHERE id = ?::uuid", request.id()));
        long deadline = System.nanoTime() + Messages.WAIT.toNanos();
        while (db.number("SELECT count(*) FROM recovery_requests WHERE id = ?::uuid AND status = 'expired'",
                request.id()) == 0) {
            assertTrue(System.nanoTime() < deadline, "the sweep did not expire the request");
            Thread.sleep(100);
        }
        assertEquals(1, db.number("SELECT count(*) FROM recovery_requests WHERE id = ?::uuid "
                + "AND private_key IS NULL AND closed_at IS NOT NULL", request.id()), "its key is gone");
        assertEquals(0, db.number("SELECT count(*) FROM recovery_decisions WHERE request_id = ?::uuid "
                + "AND released_share IS NOT NULL", request.id()), "the released share is gone");
        assertEquals(1, events(owner, "recovery_expired"));
        assertTrue(outcomes().get("expired") >= before.get("expired") + 1);
        assertEquals("expired", Guardians.status(baseUrl, request));
        assertEquals(409, Guardians.decide(family.other(1), request.id(), true).statusCode());
        assertEquals(1, events(owner, "recovery_expired"), "expired once");
    }

    @Test
    void requestsAreLimitedPerAccount() throws Exception {
        FamilyChat family = Guardians.guardedFamily(baseUrl, "flood", 2, 2);
        Users.SignedIn owner = family.admin();
        double limitedBefore = outcomes().get("rate_limited");
        for (int i = 0; i < 5; i++) {
            Guardians.started(baseUrl, owner.username(), NEW_PASSWORD);
        }
        HttpResponse<String> limited = Guardians.start(baseUrl, owner.username(), NEW_PASSWORD);
        assertEquals(429, limited.statusCode(), limited.body());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        assertTrue(outcomes().get("rate_limited") >= limitedBefore + 1);
        System.out.println("[figures] recovery-request-account: 5 requests answered 202, the 6th 429 (limit 5/P1D), "
                + Http.json(limited).getString("detail"));
    }

    @Test
    void badInputIsAProblemNeverAServerError() throws Exception {
        Http anonymous = new Http(baseUrl);
        for (String body : List.of("", "{}", "[]", "{\"username\":\"x\"}", "{\"username\":1,\"newPassword\":2}",
                "{\"username\":\"x\",\"newPassword\":\"" + "p".repeat(600) + "\"}",
                "{\"username\":\"x\",\"newPassword\":\"long enough password\",\"extra\":1}")) {
            HttpResponse<String> bad = anonymous.postJson("/api/v1/recovery/requests", body);
            assertEquals(400, bad.statusCode(), body + " " + bad.body());
            assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").orElse(""));
        }
        HttpResponse<String> badCompletion = anonymous.postJson("/api/v1/recovery/requests/" + UUID.randomUUID()
                + "/complete", "{\"requestSecret\":5}");
        assertEquals(400, badCompletion.statusCode(), badCompletion.body());
        assertEquals(404, anonymous.postJson("/api/v1/recovery/requests/" + UUID.randomUUID() + "/complete",
                "{\"requestSecret\":\"x\",\"newPassword\":\"long enough password\"}").statusCode());
        assertEquals(404, Guardians.progress(baseUrl, "not-a-uuid", "x").statusCode());
        Users.SignedIn someone = Users.registerAndSignIn(anonymous, "badinput");
        assertEquals(404, Guardians.decide(someone, "not-a-uuid", true).statusCode());
        assertEquals(401, anonymous.get("/api/v1/guardian-requests").statusCode());
        assertEquals(401, anonymous.get("/api/v1/me/guardians").statusCode());
    }

    private static void assertRefused(HttpResponse<String> response, String rule) {
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(Http.json(response).getString("detail").contains(rule) || response.body().contains(rule),
                rule + ": " + response.body());
    }

    private static long usableShares(Users.SignedIn owner) throws Exception {
        return db.number("SELECT count(*) FROM guardian_shares WHERE user_id = ? AND share IS NOT NULL", owner.id());
    }

    private static List<JsonObject> guardedRequests(Users.SignedIn guardian) throws Exception {
        return Http.json("{\"r\":" + guardian.http().get("/api/v1/guardian-requests").body() + "}")
                .getJsonArray("r").getValuesAs(JsonObject.class);
    }

    private static long events(Users.SignedIn user, String kind) throws Exception {
        return db.number("SELECT count(*) FROM security_events WHERE user_id = ? AND kind = ?", user.id(), kind);
    }

    private static Map<String, Double> outcomes() throws Exception {
        ScrapedMetrics metrics = ScrapedMetrics.scrape(new Http(baseUrl));
        Map<String, Double> outcomes = new java.util.HashMap<>();
        for (String outcome : List.of("requested", "approved", "refused", "expired", "cancelled", "recovered",
                "rate_limited")) {
            outcomes.put(outcome, metrics.value("famichat_recovery_requests_total", "method=\"guardians\"",
                    "outcome=\"" + outcome + "\""));
        }
        return outcomes;
    }
}
