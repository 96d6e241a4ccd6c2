package app.famichat.it.blackbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.it.support.Http;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 4: a stranger cannot lock the owner out of sign-in, and password guessing stays bounded.
 * Limits as shipped: 10 failures per account per 15 minutes (sign-in-account), 10 per known device
 * (sign-in-device). The shared server raises the per-address limit (every test connects from 127.0.0.1): here the
 * stranger and the owner even share an address, and still only the stranger is held back.
 */
class SignInLimitsIT {

    private static final int ACCOUNT_FAILURES = 10;

    private static Http anonymous;

    @BeforeAll
    static void server() throws Exception {
        anonymous = new Http(TestEnvironment.get().packagedServer().baseUrl());
    }

    @Test
    void afterThirtyWrongPasswordsFromAStrangerTheOwnerSignsInOnAKnownDevice() throws Exception {
        Users.SignedIn owner = Users.registerAndSignIn(anonymous, "owner");
        int checked = 0;
        int refused = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            int status = Users.attemptSignIn(anonymous, owner.username(), "guess number " + i, null).statusCode();
            if (status == 401) {
                checked++;
            } else if (status == 429) {
                refused++;
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("SIGN-IN-LIMITS 30 wrong passwords in " + millis + " ms: " + checked
                + " checked (401), " + refused + " refused unchecked (429)");
        assertEquals(ACCOUNT_FAILURES, checked, "the guessing rate is bounded: 10 passwords tried per 15 minutes");
        assertEquals(30 - ACCOUNT_FAILURES, refused);

        Users.SignedIn again = Users.signInAgain(anonymous, owner); // before the fix: 429
        assertEquals(owner.deviceId(), again.deviceId());
        assertEquals(200, again.http().get("/api/v1/me").statusCode());

        // Without a device proof the account stays closed, even to the right password: guessing cannot go around.
        assertEquals(429, Users.attemptSignIn(anonymous, owner.username(), Users.PASSWORD, null).statusCode());
        Users.SignedIn forged = new Users.SignedIn(owner.id(), owner.username(), null, owner.deviceId(),
                "fcd1_" + "A".repeat(43), anonymous);
        assertEquals(429, Users.attemptSignIn(anonymous, owner.username(), Users.PASSWORD, forged).statusCode(),
                "a device id without its credential proves nothing");
    }

    @Test
    void successesAreNotCounted() throws Exception {
        Users.SignedIn owner = Users.registerAndSignIn(anonymous, "often");
        for (int i = 0; i < ACCOUNT_FAILURES + 5; i++) { // before the fix: 429 from the 10th sign-in on
            Users.signInAgain(anonymous, owner);
        }
        // Failures still count, and the successes before them left the whole allowance.
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            assertEquals(401, Users.attemptSignIn(anonymous, owner.username(), "wrong", null).statusCode());
        }
        assertEquals(429, Users.attemptSignIn(anonymous, owner.username(), "wrong", null).statusCode());
    }

    @Test
    void whoeverHoldsADeviceCredentialStillGuessesAtTheDeviceLimit() throws Exception {
        Users.SignedIn owner = Users.registerAndSignIn(anonymous, "stolen");
        for (int i = 0; i < ACCOUNT_FAILURES; i++) {
            HttpResponse<String> wrong = Users.attemptSignIn(anonymous, owner.username(), "guess " + i, owner);
            assertEquals(401, wrong.statusCode(), wrong.body());
        }
        HttpResponse<String> limited = Users.attemptSignIn(anonymous, owner.username(), Users.PASSWORD, owner);
        assertEquals(429, limited.statusCode(), "sign-in-device: 10 failures per device per 15 minutes");
        assertEquals("urn:famichat:problem:rate-limited", Http.json(limited).getString("type"));
        // Those failures were the device's, not the account's: a new device still signs in.
        assertEquals(200, Users.attemptSignIn(anonymous, owner.username(), Users.PASSWORD, null).statusCode());
    }
}
