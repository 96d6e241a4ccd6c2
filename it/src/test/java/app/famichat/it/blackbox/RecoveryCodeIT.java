package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Custody;
import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.ScrapedMetrics;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A locked user's recovery code end to end on the shared packaged server (issue 14, item 5): made and replaced
 * with the password, revoked, and used to set a new password when the old one is forgotten; the history stays
 * readable; unknown users and wrong codes get the same answer; failures are rate limited per account.
 */
class RecoveryCodeIT {

    private static final TestDatabase db = TestEnvironment.get().database();
    private static final String baseUrl = TestEnvironment.get().packagedServer().baseUrl();

    @Test
    void aRegeneratedCodeRecoversTheKeyringAndTheHistoryUnderANewPassword() throws Exception {
        FamilyChat family = FamilyChat.create(baseUrl, "recover", 1);
        Users.SignedIn ann = family.admin();
        Users.SignedIn bob = family.other(0);
        String conversation = family.conversation();
        Custody.lock(bob);
        Messages.sent(ann, conversation, "r1", "before the code");
        Messages.sent(bob, conversation, "r2", "bob's own");
        Messages.awaitMessages(bob, conversation, 2);
        double recoveredBefore = recoveries("recovered");

        assertFalse(hasCode(bob), "none yet");
        assertEquals(403, newCode(bob, "not the password").statusCode());
        String first = Http.json(newCode(bob, Users.PASSWORD)).getString("recoveryCode");
        assertTrue(first.matches("([A-Z2-7]{4}-){7}[A-Z2-7]{4}"), first);
        assertTrue(hasCode(bob));
        String second = Http.json(newCode(bob, Users.PASSWORD)).getString("recoveryCode");
        Custody.signOut(bob);
        Messages.sent(ann, conversation, "r3", "while bob is away");

        HttpResponse<String> oldCode = recover(bob.username(), first, Users.NEW_PASSWORD);
        assertEquals(403, oldCode.statusCode(), "the replaced code is refused");
        HttpResponse<String> unknown = recover("nobody-" + bob.username(), second, Users.NEW_PASSWORD);
        assertEquals(Http.problemSummary(oldCode), Http.problemSummary(unknown), "no user enumeration");
        assertEquals(400, recover(bob.username(), second, "short").statusCode(), "the password rules first");
        assertEquals(401, Users.attemptSignIn(new Http(baseUrl), bob.username(), Users.NEW_PASSWORD, bob).statusCode(),
                "nothing changed");

        Users.SignedIn bobsTablet = Users.signInNewDevice(new Http(baseUrl), bob.username());
        // Typed loosely: lower case, spaces for hyphens.
        HttpResponse<String> recovered = recover(bob.username(), second.toLowerCase().replace('-', ' '), Users.NEW_PASSWORD);
        assertEquals(204, recovered.statusCode(), recovered.body());
        assertEquals(401, bobsTablet.http().get("/api/v1/me").statusCode(), "every token revoked");
        assertEquals(0, Custody.unlocks(db, bob));
        assertEquals(401, Users.attemptSignIn(new Http(baseUrl), bob.username(), Users.PASSWORD, bob).statusCode());
        assertEquals(1, db.number("SELECT count(*) FROM security_events WHERE kind = 'recovery_code_used' "
                + "AND user_id = ?", bob.id()));
        assertEquals(403, recover(bob.username(), second, "yet another password").statusCode(), "used up");

        Users.SignedIn again = Users.signInAgain(new Http(baseUrl), bob, Users.NEW_PASSWORD);
        assertEquals(List.of("before the code", "bob's own", "while bob is away"),
                Messages.bodies(Messages.awaitMessages(again, conversation, 3)));
        assertFalse(hasCode(again), "a used code is gone");
        Messages.sent(again, conversation, "r4", "back");
        assertEquals(List.of("before the code", "bob's own", "while bob is away", "back"),
                Messages.bodies(Messages.awaitMessages(ann, conversation, 4)));
        assertTrue(recoveries("recovered") >= recoveredBefore + 1, "counted");
    }

    @Test
    void aRevokedCodeRecoversNothing() throws Exception {
        Users.SignedIn cy = Users.registerAndSignIn(new Http(baseUrl), "revoked");
        Custody.lock(cy);
        String code = Http.json(newCode(cy, Users.PASSWORD)).getString("recoveryCode");
        assertEquals(403, passwordRequest(cy, "DELETE", "not the password").statusCode());
        assertEquals(204, passwordRequest(cy, "DELETE", Users.PASSWORD).statusCode());
        assertFalse(hasCode(cy));
        assertEquals(204, passwordRequest(cy, "DELETE", Users.PASSWORD).statusCode(), "none left: nothing to do");

        assertEquals(403, recover(cy.username(), code, Users.NEW_PASSWORD).statusCode());
        assertEquals(200, cy.http().get("/api/v1/me").statusCode(), "nothing revoked");
        assertEquals(2, db.number("SELECT count(*) FROM security_events WHERE user_id = ? AND kind IN "
                + "('recovery_code_set', 'recovery_code_revoked')", cy.id()));
    }

    @Test
    void aHostedAccountHasNoCodeAndAReturnToHostedDeletesIt() throws Exception {
        Users.SignedIn dee = Users.registerAndSignIn(new Http(baseUrl), "hostedcode");
        Custody.host(dee);
        HttpResponse<String> hosted = newCode(dee, Users.PASSWORD);
        assertEquals(409, hosted.statusCode(), hosted.body());
        assertEquals("urn:famichat:problem:conflict", Http.json(hosted).getString("type"));

        Custody.lock(dee);
        String code = Http.json(newCode(dee, Users.PASSWORD)).getString("recoveryCode");
        assertEquals(204, Custody.change(dee, "hosted", Users.PASSWORD).statusCode());
        assertFalse(hasCode(dee));
        assertEquals(403, recover(dee.username(), code, Users.NEW_PASSWORD).statusCode(), "a hosted user is not recovered");
    }

    @Test
    void failuresAreLimitedPerAccountEvenForTheRightCode() throws Exception {
        Users.SignedIn eve = Users.registerAndSignIn(new Http(baseUrl), "guessed");
        Custody.lock(eve);
        String code = Http.json(newCode(eve, Users.PASSWORD)).getString("recoveryCode");
        String wrong = "AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA";
        double limitedBefore = recoveries("rate_limited");
        for (int i = 0; i < 5; i++) {
            assertEquals(403, recover(eve.username(), wrong, Users.NEW_PASSWORD).statusCode(), "guess " + i);
        }
        HttpResponse<String> limited = recover(eve.username(), code, Users.NEW_PASSWORD);
        assertEquals(429, limited.statusCode(), limited.body());
        assertTrue(limited.headers().firstValue("Retry-After").isPresent());
        assertEquals(200, eve.http().get("/api/v1/me").statusCode(), "nothing changed");
        assertTrue(recoveries("rate_limited") >= limitedBefore + 1);
        System.out.println("[figures] recovery-account: 5 wrong codes answered 403, the 6th attempt 429 (limit "
                + "5/PT1H), " + Http.json(limited).getString("detail"));
    }

    private static HttpResponse<String> newCode(Users.SignedIn user, String password) throws Exception {
        return passwordRequest(user, "POST", password);
    }

    private static HttpResponse<String> passwordRequest(Users.SignedIn user, String method, String password)
            throws Exception {
        return user.http().request(method, "/api/v1/me/recovery-code", "application/json",
                Json.createObjectBuilder().add("password", password).build().toString());
    }

    private static HttpResponse<String> recover(String username, String code, String newPassword) throws Exception {
        return new Http(baseUrl).postJson("/api/v1/recovery/code", Json.createObjectBuilder()
                .add("username", username).add("recoveryCode", code).add("newPassword", newPassword).build()
                .toString());
    }

    private static double recoveries(String outcome) throws Exception {
        return ScrapedMetrics.scrape(new Http(baseUrl)).value("famichat_recovery_requests_total", "method=\"code\"",
                "outcome=\"" + outcome + "\"");
    }

    /** GET /api/v1/me/recovery-code: 200 either way, with createdAt null when the user has no code. */
    private static boolean hasCode(Users.SignedIn user) throws Exception {
        HttpResponse<String> answer = user.http().get("/api/v1/me/recovery-code");
        assertEquals(200, answer.statusCode(), answer.body());
        return !Http.json(answer).isNull("createdAt");
    }
}
