package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Http;
import app.famichat.it.support.Sql;
import app.famichat.it.support.TestDatabase;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 7: devices are created explicitly, at most 10 per account and 10 per account a day, and
 * unused ones expire (famichat.devices.stale-after, P90D; the shared server sweeps every second).
 */
class DevicesIT {

    private static final int MAX_DEVICES = 10;

    private static Http anonymous;

    @BeforeAll
    static void server() throws Exception {
        anonymous = new Http(TestEnvironment.get().packagedServer().baseUrl());
    }

    @Test
    void aSignInThatNamesNoDeviceIsRefusedAndCreatesNone() throws Exception {
        Users.SignedIn owner = Users.registerAndSignIn(anonymous, "implicit");
        // Before the fix this created a full device (200 prekeys) per request.
        HttpResponse<String> implicit = anonymous.postJson("/api/v1/sessions",
                Users.signInBody(owner.username(), Users.PASSWORD, null, null, null));
        assertEquals(400, implicit.statusCode(), implicit.body());
        assertEquals("application/problem+json", implicit.headers().firstValue("Content-Type").orElse(""));
        assertEquals("deviceName", Http.json(implicit).getJsonArray("errors").getJsonObject(0).getString("field"));
        assertEquals(1, devices(owner));
    }

    /** 65,537 bound as a SMALLINT is 1: before the fix this removed device 1 and signed it out. */
    @Test
    void aDeviceNumberOutsideTheRangeRemovesNothing() throws Exception {
        Users.SignedIn owner = Users.registerAndSignIn(anonymous, "wrapped");
        Users.SignedIn laptop = Users.signInNewDevice(anonymous, owner.username());
        HttpResponse<String> removal = laptop.http().delete("/api/v1/me/devices/" + (65_536 + owner.deviceId()));
        assertEquals(404, removal.statusCode(), removal.body());
        assertEquals("application/problem+json", removal.headers().firstValue("Content-Type").orElse(""));
        assertEquals(2, devices(owner));
        assertEquals(200, owner.http().get("/api/v1/me").statusCode(), "the first device is still signed in");
    }

    @Test
    void anAccountHasAtMostTenDevices() throws Exception {
        Users.SignedIn owner = Users.registerAndSignIn(anonymous, "capped");
        for (int i = 1; i < MAX_DEVICES; i++) {
            Users.signInNewDevice(anonymous, owner.username());
        }
        HttpResponse<String> eleventh = Users.attemptSignIn(anonymous, owner.username(), Users.PASSWORD, null);
        assertEquals(409, eleventh.statusCode(), eleventh.body());
        assertEquals("urn:famichat:problem:conflict", Http.json(eleventh).getString("type"));
        assertEquals(MAX_DEVICES, devices(owner));
        assertEquals(200, Users.signInAgain(anonymous, owner).http().get("/api/v1/me").statusCode(),
                "known devices still sign in");
    }

    @Test
    void anAccountCreatesAtMostTenDevicesADay() throws Exception {
        Users.SignedIn owner = Users.registerAndSignIn(anonymous, "churn");
        Users.SignedIn last = owner;
        for (int i = 1; i < MAX_DEVICES; i++) {
            last = Users.signInNewDevice(anonymous, owner.username());
        }
        assertEquals(204, owner.http().delete("/api/v1/me/devices/" + last.deviceId()).statusCode());
        HttpResponse<String> again = Users.attemptSignIn(anonymous, owner.username(), Users.PASSWORD, null);
        assertEquals(429, again.statusCode(), again.body());
        assertEquals("urn:famichat:problem:rate-limited", Http.json(again).getString("type"));
        assertTrue(Http.json(again).getString("detail").contains("device-create-account"), again.body());
        long retryAfter = Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 86_400, "Retry-After " + retryAfter);
        assertEquals(MAX_DEVICES - 1, devices(owner));
    }

    @Test
    void theSweepRemovesAStaleDeviceWithItsKeysAndKeepsOnesInUse() throws Exception {
        Users.SignedIn owner = Users.registerAndSignIn(anonymous, "stale");
        Users.SignedIn forgotten = Users.signInNewDevice(anonymous, owner.username());
        Users.SignedIn oldButSignedIn = Users.signInNewDevice(anonymous, owner.username());
        assertTrue(keyRows(owner, forgotten.deviceId()) > 200);
        TestDatabase db = TestEnvironment.get().database();
        for (Users.SignedIn device : new Users.SignedIn[] {forgotten, oldButSignedIn}) {
            assertEquals(1, db.update("UPDATE devices SET last_signed_in_at = now() - interval '91 days' "
                    + "WHERE user_id = ? AND device_id = ?", owner.id(), (short) device.deviceId()));
        }
        assertEquals(1, db.update("UPDATE access_tokens SET expires_at = now() - interval '1 second' "
                + "WHERE user_id = ? AND device_id = ?", owner.id(), (short) forgotten.deviceId()));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (devices(owner) == 3 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertEquals(2, devices(owner), "the unused device is gone; the one with a live token stays");
        assertEquals(0, keyRows(owner, forgotten.deviceId()), "and its keys with it");
        assertTrue(keyRows(owner, oldButSignedIn.deviceId()) > 200);
        assertEquals(400, Users.attemptSignIn(anonymous, owner.username(), Users.PASSWORD, forgotten).statusCode(),
                "its credential proves nothing any more");
    }

    private static int devices(Users.SignedIn owner) throws Exception {
        return Http.json(owner.http().get("/api/v1/me")).getJsonArray("devices").size();
    }

    private static long keyRows(Users.SignedIn owner, int deviceId) throws Exception {
        return Sql.keyRows(TestEnvironment.get().database()::connect, owner.id(), deviceId);
    }
}
