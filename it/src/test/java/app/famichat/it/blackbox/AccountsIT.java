package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Http;
import app.famichat.it.support.RawHttp;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registration, sign-in, devices and tokens against the packaged server. */
class AccountsIT {

    private static Http anonymous;

    @BeforeAll
    static void server() throws Exception {
        anonymous = new Http(TestEnvironment.get().packagedServer().baseUrl());
    }

    @Test
    void registerSignInAndSeeMyself() throws Exception {
        String username = Users.uniqueName("Alice");
        HttpResponse<String> created = anonymous.postJson("/api/v1/accounts", register(username, "Alice 🌷"));
        assertEquals(201, created.statusCode(), created.body());
        assertEquals(username.toLowerCase(), Http.json(created).getString("username"));

        Users.SignedIn alice = Users.signInNewDevice(anonymous, username);
        assertTrue(alice.token().startsWith("fc1_"));
        JsonObject me = Http.json(alice.http().get("/api/v1/me"));
        assertEquals("Alice 🌷", me.getJsonObject("user").getString("displayName"));
        assertEquals(alice.deviceId(), me.getInt("currentDeviceId"));
        JsonObject device = me.getJsonArray("devices").getJsonObject(0);
        assertEquals("HOSTED", device.getString("custody"));
        int registrationId = device.getInt("registrationId");
        assertTrue(registrationId >= 1 && registrationId <= 16380);
    }

    @Test
    void usernamesAreUniqueIgnoringCase() throws Exception {
        String username = Users.uniqueName("bob");
        assertEquals(201, anonymous.postJson("/api/v1/accounts", register(username, "Bob")).statusCode());
        HttpResponse<String> again = anonymous.postJson("/api/v1/accounts", register(username.toUpperCase(), "Bob"));
        assertEquals(409, again.statusCode(), again.body());
        assertEquals("urn:famichat:problem:conflict", Http.json(again).getString("type"));
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() throws Exception {
        Users.SignedIn carol = Users.registerAndSignIn(anonymous, "carol");
        HttpResponse<String> wrong = Users.attemptSignIn(anonymous, carol.username(), "not the password", null);
        HttpResponse<String> unknown = Users.attemptSignIn(anonymous, Users.uniqueName("nobody"), "not the password",
                null);
        assertEquals(401, wrong.statusCode());
        assertEquals(401, unknown.statusCode());
        assertEquals(Http.json(wrong).getString("detail"), Http.json(unknown).getString("detail"));
    }

    @Test
    void signInOnAKnownDeviceReusesItWithADeviceNameCreatesANewDevice() throws Exception {
        Users.SignedIn first = Users.registerAndSignIn(anonymous, "dave");
        Users.SignedIn sameDevice = Users.signInAgain(anonymous, first);
        Users.SignedIn newDevice = Users.signInNewDevice(anonymous, first.username());
        assertEquals(first.deviceId(), sameDevice.deviceId());
        assertNotEquals(first.deviceId(), newDevice.deviceId());
        assertEquals(2, Http.json(first.http().get("/api/v1/me")).getJsonArray("devices").size());

        HttpResponse<String> foreignDevice = anonymous.postJson("/api/v1/sessions",
                Users.signInBody(first.username(), Users.PASSWORD, 99, first.deviceCredential(), null));
        assertEquals(400, foreignDevice.statusCode(), foreignDevice.body());
        HttpResponse<String> otherDevicesCredential = anonymous.postJson("/api/v1/sessions", Users.signInBody(
                first.username(), Users.PASSWORD, first.deviceId(), newDevice.deviceCredential(), null));
        assertEquals(400, otherDevicesCredential.statusCode(), otherDevicesCredential.body());
        assertEquals("deviceCredential",
                Http.json(otherDevicesCredential).getJsonArray("errors").getJsonObject(0).getString("field"));

        assertEquals(204, first.http().delete("/api/v1/me/devices/" + newDevice.deviceId()).statusCode());
        assertEquals(401, newDevice.http().get("/api/v1/me").statusCode(), "a removed device is signed out");
        assertEquals(1, Http.json(first.http().get("/api/v1/me")).getJsonArray("devices").size());
    }

    @Test
    void signOutRevokesOnlyThisTokenSignOutEverywhereRevokesAll() throws Exception {
        Users.SignedIn phone = Users.registerAndSignIn(anonymous, "erin");
        Users.SignedIn laptop = Users.signInNewDevice(anonymous, phone.username());
        Users.SignedIn tablet = Users.signInNewDevice(anonymous, phone.username());

        assertEquals(204, phone.http().delete("/api/v1/sessions/current").statusCode());
        assertEquals(401, phone.http().get("/api/v1/me").statusCode());
        assertEquals(200, laptop.http().get("/api/v1/me").statusCode());

        assertEquals(204, laptop.http().delete("/api/v1/sessions").statusCode());
        assertEquals(401, laptop.http().get("/api/v1/me").statusCode());
        assertEquals(401, tablet.http().get("/api/v1/me").statusCode());
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        Users.SignedIn frank = Users.registerAndSignIn(anonymous, "frank");
        assertEquals(1, TestEnvironment.get().database().update(
                "UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ?", frank.id()));
        HttpResponse<String> response = frank.http().get("/api/v1/me");
        assertEquals(401, response.statusCode());
        assertEquals("Bearer", response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void tokensAndPasswordsAreStoredOnlyAsHashes() throws Exception {
        Users.SignedIn grace = Users.registerAndSignIn(anonymous, "grace");
        try (Connection db = TestEnvironment.get().database().connect();
             PreparedStatement query = db.prepareStatement("SELECT u.password_hash, t.token_hash FROM users u "
                     + "JOIN access_tokens t ON t.user_id = u.id WHERE u.id = ?")) {
            query.setObject(1, grace.id());
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                assertTrue(row.getString(1).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), row.getString(1));
                assertTrue(!row.getString(1).contains(Users.PASSWORD));
                assertEquals(32, row.getBytes(2).length);
                assertTrue(!new String(row.getBytes(2), java.nio.charset.StandardCharsets.ISO_8859_1).contains(grace.token()));
            }
        }
    }

    @Test
    void failedSignInsAreRateLimitedPerAccountWithRetryAfter() throws Exception {
        Users.SignedIn henry = Users.registerAndSignIn(anonymous, "henry"); // a success: not counted
        HttpResponse<String> last = null;
        for (int i = 0; i < 11; i++) { // the limit is 10 failures per 15 minutes
            last = Users.attemptSignIn(anonymous, henry.username(), "wrong password", null);
        }
        assertEquals(429, last.statusCode(), last.body());
        assertEquals("urn:famichat:problem:rate-limited", Http.json(last).getString("type"));
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 900, "Retry-After " + retryAfter);
        // A new device waits now, even with the right password (SignInLimitsIT: a known device does not).
        assertEquals(429, Users.attemptSignIn(anonymous, henry.username(), Users.PASSWORD, null).statusCode());
    }

    @Test
    void changingThePasswordKeepsThisTokenAndSignsOutEveryOther() throws Exception {
        Users.SignedIn phone = Users.registerAndSignIn(anonymous, "ivan");
        Users.SignedIn laptop = Users.signInNewDevice(anonymous, phone.username());
        String newPassword = "a brand new passphrase";

        HttpResponse<String> changed = phone.http().put("/api/v1/me/password",
                passwordChange(Users.PASSWORD, newPassword));
        assertEquals(204, changed.statusCode(), changed.body());
        assertEquals(200, phone.http().get("/api/v1/me").statusCode(), "the token of the change stays valid");
        assertEquals(401, laptop.http().get("/api/v1/me").statusCode(), "every other token is revoked");
        assertEquals(401, Users.attemptSignIn(anonymous, phone.username(), Users.PASSWORD, laptop).statusCode());
        assertEquals(200, Users.signInAgain(anonymous, laptop, newPassword).http().get("/api/v1/me").statusCode());
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordAndFollowsTheRulesAndIsRateLimited() throws Exception {
        Users.SignedIn jane = Users.registerAndSignIn(anonymous, "jane");
        HttpResponse<String> wrong = jane.http().put("/api/v1/me/password",
                passwordChange("not the password", "a brand new passphrase"));
        assertEquals(403, wrong.statusCode(), wrong.body());
        assertEquals("urn:famichat:problem:forbidden", Http.json(wrong).getString("type"));
        assertEquals(200, jane.http().get("/api/v1/me").statusCode(), "a wrong password is no reason to sign out");

        for (String weak : List.of("short", jane.username().toUpperCase(), "x".repeat(257))) {
            HttpResponse<String> refused = jane.http().put("/api/v1/me/password", passwordChange(Users.PASSWORD, weak));
            assertEquals(400, refused.statusCode(), refused.body());
            assertEquals("newPassword",
                    Http.json(refused).getJsonArray("errors").getJsonObject(0).getString("field"));
        }

        HttpResponse<String> last = wrong;
        for (int i = 0; i < 10; i++) { // attempts 2..11; the limit is 10 per hour
            last = jane.http().put("/api/v1/me/password", passwordChange("still not it", "a brand new passphrase"));
        }
        assertEquals(429, last.statusCode(), last.body());
        assertTrue(Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow()) <= 3600);
        assertEquals(200, Users.signInAgain(anonymous, jane).http().get("/api/v1/me").statusCode(),
                "the password never changed");
    }

    @Test
    void namesWithInvisibleOrControlCharactersAreRefused() throws Exception {
        // JSON escapes, so that the server's parser (not this client's encoder) produces the odd characters.
        for (String name : List.of("Nul\\u0000", "Evil\\u202Eanna", "Iso\\u2066late", "Lone\\uD800", "\\u200B", "  ",
                "Bell\\u0007", "Low\\uDC00high")) {
            HttpResponse<String> response = anonymous.postJson("/api/v1/accounts", "{\"username\":\""
                    + Users.uniqueName("odd") + "\",\"password\":\"" + Users.PASSWORD + "\",\"displayName\":\"" + name + "\"}");
            assertEquals(400, response.statusCode(), name + " " + response.body());
            assertEquals("displayName", Http.json(response).getJsonArray("errors").getJsonObject(0).getString("field"));
        }
    }

    @Test
    void weakOrMalformedCredentialsAreRefused() throws Exception {
        assertEquals(400, anonymous.postJson("/api/v1/accounts", register("ab", "x")).statusCode());
        assertEquals(400, anonymous.postJson("/api/v1/accounts", register("has space", "x")).statusCode());
        assertEquals(400, anonymous.postJson("/api/v1/accounts", Json.createObjectBuilder()
                .add("username", Users.uniqueName("short")).add("password", "short").add("displayName", "S")
                .build().toString()).statusCode());
    }

    @Test
    void oversizedBodiesGet413() throws Exception {
        String huge = "{\"username\":\"" + "a".repeat(70_000) + "\"}";
        // java.net.http waits to finish sending a body the server refuses unread: talk HTTP over a socket.
        String answer = RawHttp.post(anonymous.baseUrl(), "/api/v1/accounts", "application/json", huge, false);
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("application/problem+json"), answer);
        String chunked = RawHttp.post(anonymous.baseUrl(), "/api/v1/accounts", "application/json", huge, true);
        assertTrue(chunked.startsWith("HTTP/1.1 413"), chunked);
    }

    private static String passwordChange(String current, String next) {
        return Json.createObjectBuilder().add("currentPassword", current).add("newPassword", next).build().toString();
    }

    private static String register(String username, String displayName) {
        return Json.createObjectBuilder().add("username", username).add("password", Users.PASSWORD)
                .add("displayName", displayName).build().toString();
    }
}
