package app.famichat.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Browser;
import app.famichat.it.support.Browsers;
import app.famichat.it.support.Custody;
import app.famichat.it.support.Families;
import app.famichat.it.support.FamilyChat;
import app.famichat.it.support.Guardians;
import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.Messages;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Locked custody and its recovery in the web client (issue 14, item 6): switching custody on the account page, a
 * recovery code made there and used from "Forgot your password?", and a locked user who forgets their password
 * and gets back in, with their history, through three of their five family guardians, each in a browser of their
 * own. Also the ends of that path: removing all guardians on /guardians, and a request that the person asking stops
 * waiting for, or that their guardians refuse, or that expires, as the waiting screen of /forgot shows it. Accounts,
 * families and locking are made over the API where the UI is tested elsewhere (FamilyInBrowsersIT); so are the
 * guardians' decisions where only the requester's screen is under test. Every step of the recovery itself that a
 * test is about goes through the page. Users are put in the custody a test needs, whatever the server's default.
 */
class RecoveryInBrowsersIT {

    @BeforeAll
    static void browsers() {
        Browsers.requireInstalled();
    }

    @Test
    void custodySwitchesFromHostedToLockedAndBackOnTheAccountPage() throws Exception {
        LaunchedFamichat server = TestEnvironment.get().packagedServer();
        Users.SignedIn nora = Users.registerAndSignIn(server.http(), "nora");
        Custody.host(nora);
        try (Browser browser = Browsers.open("nora")) {
            FamichatPage page = new FamichatPage(browser, server.baseUrl());
            page.signIn(nora.username(), "Nora's laptop");
            page.click("Settings");
            browser.waitFor(".custody[data-custody=hosted]");
            browser.waitForText(".custody", "whoever runs the server can read your messages");

            page.type("Your password", "not the password");
            page.click("Lock my keys");
            browser.waitForText("fc-custody .error", "Wrong password.");
            page.type("Your password", FamichatPage.PASSWORD);
            page.click("Lock my keys");
            browser.waitFor(".custody[data-custody=locked]");
            browser.waitForText(".custody", "nobody can read your messages");
            browser.waitForText("fc-custody [role=status]", "Your other devices were signed out");
            browser.waitForText(".recovery-state", "You have no way back in if you forget your password");
            assertEquals(401, nora.http().get("/api/v1/me").statusCode(), "locking signs the other devices out");

            page.type("Your password", FamichatPage.PASSWORD);
            page.click("Switch to hosted");
            browser.waitFor(".custody[data-custody=hosted]");
            browser.waitForText("fc-custody [role=status]", "Your keys are hosted again.");
            browser.driver().navigate().refresh();
            browser.waitFor(".custody[data-custody=hosted]");
            assertOnlyRefused(browser, "/api/v1/me/custody 403"); // the wrong password
        }
    }

    @Test
    void aRecoveryCodeIsShownOnceRegeneratedUsedFromTheSignInPageAndRevoked() throws Exception {
        LaunchedFamichat server = TestEnvironment.get().packagedServer();
        Users.SignedIn lena = Users.registerAndSignIn(server.http(), "lena");
        Custody.lock(lena);
        String notes = Messages.selfConversation(lena);
        Messages.sent(lena, notes, "before", "The bike lock is 4711");
        try (Browser browser = Browsers.open("lena")) {
            FamichatPage page = new FamichatPage(browser, server.baseUrl());
            page.signIn(lena.username(), "Lena's laptop");
            page.click("Settings");
            browser.waitForText(".code-state", "You have no recovery code.");
            String first = makeCode(page, "Make a recovery code", FamichatPage.PASSWORD);
            browser.waitForText(".recovery-state", "you can get back in with a recovery code");
            String code = makeCode(page, "Make a new recovery code", FamichatPage.PASSWORD); // replaces the first
            assertFalse(code.equals(first));

            page.click("Sign out");
            page.click("Forgot your password?");
            page.click("With my recovery code");
            page.type("Username", lena.username());
            page.type("Recovery code", first);
            page.type("New password", Users.NEW_PASSWORD);
            page.click("Set the new password");
            browser.waitForText(".error", "check the username and the recovery code"); // replaced: refused
            page.type("Recovery code", code.toLowerCase().replace("-", " "));
            page.type("New password", Users.NEW_PASSWORD);
            page.click("Set the new password");
            page.awaitConnected();
            page.openConversation("Note to self");
            page.message("The bike lock is 4711");
            page.click("Settings");
            browser.waitForText(".code-state", "You have no recovery code."); // used up
            makeCode(page, "Make a recovery code", Users.NEW_PASSWORD);
            page.type("Your password", Users.NEW_PASSWORD);
            page.click("Revoke the recovery code");
            browser.waitForText("fc-custody [role=status]", "Your recovery code was revoked");
            browser.waitForText(".code-state", "You have no recovery code.");
            assertEquals(401, Users.attemptSignIn(server.http(), lena.username(), FamichatPage.PASSWORD, null).statusCode());
            assertOnlyRefused(browser, "/api/v1/recovery/code 403"); // the replaced code
        }
    }

    /**
     * Lotte, in locked custody like the five family members she makes her guardians (3 of 5; Hugo, hosted, cannot be
     * one), forgets her password. She asks from a new browser; her laptop, still signed in, warns her, and she
     * cancels that first request from there, then asks again; Anna refuses
     * and Ben, Clara and Dora approve, each in their own browser, seeing the request and its count live; her waiting
     * screen (reloaded once on the way) turns to approved, she finishes, and reads the family's message she wrote.
     */
    @Test
    void aUserForgetsTheirPasswordAndGetsBackInThroughThreeFamilyApprovals() throws Exception {
        LaunchedFamichat server = TestEnvironment.get().packagedServer();
        Users.SignedIn lotte = Users.registerAndSignIn(server.http(), "lotte");
        List<Users.SignedIn> guardians = new ArrayList<>();
        for (String name : List.of("anna", "ben", "clara", "dora", "emil")) {
            guardians.add(Users.registerAndSignIn(server.http(), name));
        }
        Users.SignedIn hugo = Users.registerAndSignIn(server.http(), "hugo");
        Custody.host(hugo);
        Custody.lock(lotte);
        for (Users.SignedIn guardian : guardians) {
            Custody.lock(guardian);
        }
        List<Users.SignedIn> members = new ArrayList<>(guardians);
        members.add(hugo);
        Families.create(lotte, "Lindqvist", members.toArray(Users.SignedIn[]::new));
        String familyTitle = "Lindqvist (family)";
        String secret = "The spare key is under the blue pot";

        try (Browser laptopBrowser = Browsers.open("lotte-laptop"); Browser annaBrowser = Browsers.open("anna");
             Browser benBrowser = Browsers.open("ben"); Browser claraBrowser = Browsers.open("clara");
             Browser doraBrowser = Browsers.open("dora")) {
            FamichatPage laptop = new FamichatPage(laptopBrowser, server.baseUrl());
            laptop.signIn(lotte.username(), "Lotte's laptop");
            laptop.openConversation(familyTitle);
            laptop.send(secret);
            laptop.awaitStatus(secret, "sent");

            // The guardians, 3 of 5, chosen on the page; Hugo is listed but cannot be chosen.
            laptop.click("Settings");
            laptop.click("Choose guardians");
            laptopBrowser.waitForText(".guardian-state", "You have no guardians");
            for (Users.SignedIn guardian : guardians) {
                laptop.check(displayName(guardian), true);
            }
            assertFalse(laptop.checkbox("hugo").isEnabled(), "a hosted member cannot be a guardian");
            laptopBrowser.waitForText(".guardians li", "keys are hosted");
            assertEquals("3", laptop.value("Approvals needed"), "3 of 5 proposed");
            laptopBrowser.waitForText(".guardians [role=status]", "3 of 5 guardians must approve");
            laptop.type("Your password", FamichatPage.PASSWORD);
            laptop.click("Save guardians");
            laptopBrowser.waitFor(".guardian-state[data-available=true]");
            laptopBrowser.waitForText(".guardian-state", "Any 3 of these 5 guardians");
            laptop.click("Back to Settings");
            laptopBrowser.waitForText(".recovery-state", "through your family guardians (any 3 of 5)");

            List<FamichatPage> approvers = new ArrayList<>();
            for (Browser b : List.of(benBrowser, claraBrowser, doraBrowser)) {
                approvers.add(new FamichatPage(b, server.baseUrl()));
            }
            FamichatPage anna = new FamichatPage(annaBrowser, server.baseUrl());
            anna.signIn(guardians.get(0).username(), "Anna's laptop");
            for (int i = 0; i < approvers.size(); i++) {
                approvers.get(i).signIn(guardians.get(i + 1).username(), "Guardian's laptop");
            }

            // Lotte forgot her password: she asks her guardians from a new browser.
            try (Browser phoneBrowser = Browsers.openPhone("lotte-phone")) {
                FamichatPage phone = new FamichatPage(phoneBrowser, server.baseUrl());
                phone.open("signin");
                phone.click("Forgot your password?");
                askGuardians(phone, lotte.username(), 3);

                // Her laptop, still signed in, warns her at once; she cancels this first request from there.
                String warning = laptop.recoveryWarning().getText();
                assertTrue(warning.contains("127.0.0.1") && warning.contains("Not you? Cancel it."), warning);
                laptop.click("Cancel it");
                laptop.awaitNoRecoveryWarning();
                phoneBrowser.waitFor(".over[data-status=cancelled]");
                assertEquals(null, phoneBrowser.script("return sessionStorage.getItem('famichat.recovery');"));

                // She asks again; the waiting screen survives a reload; the laptop warns again.
                phone.click("Start again");
                askGuardians(phone, lotte.username(), 3);
                assertTrue(phoneBrowser.script("return sessionStorage.getItem('famichat.recovery');") != null);
                assertEquals(null, phoneBrowser.script("return localStorage.getItem('famichat.recovery');"));
                phoneBrowser.driver().navigate().refresh();
                phoneBrowser.waitForText(".approvals", "0 of 3 approvals");
                laptop.recoveryWarning();

                // Anna refuses: the count does not move towards the threshold.
                anna.click("Review recovery requests");
                annaBrowser.waitForText("li.request", "lotte asks to get back into their account");
                annaBrowser.waitForText("li.request", "127.0.0.1");
                anna.click("Refuse lotte's request");
                annaBrowser.waitForText("li.request .decision", "You refused this request.");
                annaBrowser.waitForText(".decided", "You refused lotte's request.");
                phoneBrowser.waitForText(".approvals", "0 of 3 approvals, 1 refused");

                // Ben, Clara and Dora approve; each sees the approvals so far change without reloading.
                for (FamichatPage guardian : approvers) {
                    guardian.click("Review recovery requests");
                    guardian.browser().waitForText("li.request .approvals", "0 of 3 needed");
                }
                for (int i = 0; i < approvers.size(); i++) {
                    if (i == 2) {
                        approvers.get(i).browser().screenshot("recovery-guardian-request");
                        phoneBrowser.screenshot("recovery-waiting-phone");
                    }
                    approvers.get(i).click("Approve lotte's request");
                    approvers.get(i).browser().waitForText(".decided", "You approved lotte's request.");
                    for (FamichatPage other : approvers.subList(i + 1, approvers.size())) {
                        other.browser().waitForText("li.request .approvals", (i + 1) + " of 3 needed");
                    }
                    if (i < 2) {
                        phoneBrowser.waitForText(".approvals", (i + 1) + " of 3 approvals, 1 refused");
                    }
                }
                phoneBrowser.waitFor(".approvals[data-status=approved]");
                phone.type("New password", Users.NEW_PASSWORD);
                phone.click("Finish");
                phone.awaitConnected();
                assertEquals(null, phoneBrowser.script("return sessionStorage.getItem('famichat.recovery');"),
                        "the request's secret is forgotten once done");
                phone.openConversation(familyTitle);
                phone.message(secret);

                // Every earlier sign-in is over: the laptop is back at the sign-in page.
                laptopBrowser.waitUntil("the laptop signed out", d -> laptop.path().equals("signin") ? true : null);
                assertEquals(401, Users.attemptSignIn(server.http(), lotte.username(), FamichatPage.PASSWORD, null).statusCode());
                phoneBrowser.assertNoConsoleProblems();
            }
            // Whatever the laptop asked while the recovery revoked its token.
            assertOnlyRefused(laptopBrowser, "/api/v1/ 401");
            for (FamichatPage guardian : approvers) {
                guardian.browser().assertNoConsoleProblems();
            }
            anna.browser().assertNoConsoleProblems();
        }
    }

    /**
     * Rita removes all her guardians on /guardians: not without her password, and not with a wrong one. The setup
     * is gone, the request someone opened for her account meanwhile is cancelled with it, and her page's warning of
     * that request goes away (the server tells her sockets of new requests only, not of closed ones).
     */
    @Test
    void removingAllGuardiansTakesThePasswordAndEndsTheOpenRequestAndItsWarning() throws Exception {
        LaunchedFamichat server = TestEnvironment.get().packagedServer();
        Users.SignedIn rita = Guardians.guardedFamily(server.baseUrl(), "rita", 2, 2).admin();
        try (Browser browser = Browsers.open("rita")) {
            FamichatPage page = new FamichatPage(browser, server.baseUrl());
            page.signIn(rita.username(), "Rita's laptop");
            page.click("Settings");
            browser.waitForText(".recovery-state", "through your family guardians (any 2 of 2)");
            page.click("Choose guardians");
            browser.waitForText(".guardian-state", "Any 2 of these 2 guardians");
            Guardians.Request request = Guardians.started(server.baseUrl(), rita.username(), Users.NEW_PASSWORD);
            page.recoveryWarning();

            page.click("Remove all guardians");
            browser.waitForText("fc-guardians .error", "Type your password first.");
            page.type("Your password", "not the password");
            page.click("Remove all guardians");
            browser.waitForText("fc-guardians .error", "Wrong password.");
            assertEquals("pending", Guardians.status(server.baseUrl(), request));
            page.type("Your password", FamichatPage.PASSWORD);
            page.click("Remove all guardians");
            browser.waitForText(".guardian-state", "You have no guardians: family recovery is not set up.");
            browser.waitForText("fc-guardians h2", "Choose your guardians");
            assertTrue(browser.driver().findElements(By.xpath("//button[normalize-space()='Remove all guardians']"))
                    .isEmpty(), "nothing left to remove");
            assertEquals(JsonValue.NULL, Http.json(rita.http().get("/api/v1/me/guardians")).get("threshold"));
            assertEquals("cancelled", Guardians.status(server.baseUrl(), request), "the open request ends with it");
            page.awaitNoRecoveryWarning();

            page.click("Back to Settings");
            browser.waitForText(".recovery-state", "You have no way back in if you forget your password");
            assertOnlyRefused(browser, "/api/v1/me/guardians 403"); // the wrong password
        }
    }

    /**
     * Sven forgot his password and asks his two guardians (2 of 2) from his phone's browser, three times, each with
     * its own ending on the waiting screen of /forgot. He cancels the first: it leaves his guardians' lists at once
     * (only his tab held its secret, so nobody could have completed it), and the page says so. His next request
     * is refused: one approval, then one refusal puts the threshold out of reach. His third expires: the test moves
     * its deadline into the past in the database rather than wait 72 hours. Each time nothing changed.
     */
    @Test
    void theRequesterCancelsThenSeesARefusedAndAnExpiredRequestEnd() throws Exception {
        LaunchedFamichat server = TestEnvironment.get().packagedServer();
        FamilyChat family = Guardians.guardedFamily(server.baseUrl(), "sven", 2, 2);
        Users.SignedIn sven = family.admin();
        Users.SignedIn approving = family.other(0);
        Users.SignedIn refusing = family.other(1);
        try (Browser browser = Browsers.openPhone("sven-phone")) {
            FamichatPage phone = new FamichatPage(browser, server.baseUrl());
            phone.open("forgot");
            askGuardians(phone, sven.username(), 2);
            String cancelled = waitedFor(browser);
            assertEquals(List.of(cancelled), Guardians.pendingFor(approving));
            phone.click("Cancel the request");
            browser.waitForText("h1", "Forgot your password?");
            browser.waitForText("fc-forgot [role=status]", "You cancelled the request: your guardians no longer see it.");
            assertNull(waitedFor(browser), "this tab forgot the request");
            assertEquals(List.of(), Guardians.pendingFor(approving), "off the guardians' lists at once");
            assertEquals(1, TestEnvironment.get().database().number("SELECT count(*) FROM recovery_requests "
                    + "WHERE id = ?::uuid AND status = 'cancelled'", cancelled));

            askGuardians(phone, sven.username(), 2);
            String refused = waitedFor(browser);
            assertEquals(List.of(refused), Guardians.pendingFor(approving));
            assertEquals(204, Guardians.decide(approving, refused, true).statusCode());
            browser.waitForText(".approvals", "1 of 2 approvals");
            assertEquals(204, Guardians.decide(refusing, refused, false).statusCode());
            browser.waitForText(".over[data-status=refused]", "Your guardians refused the request");
            assertNull(waitedFor(browser), "an ended request is forgotten");

            phone.click("Start again");
            askGuardians(phone, sven.username(), 2);
            String expiring = waitedFor(browser);
            assertEquals(1, TestEnvironment.get().database().update("UPDATE recovery_requests SET expires_at = "
                    + "now() - interval '1 second' WHERE id = ?::uuid", expiring));
            browser.waitForText(".over[data-status=expired]", "The request expired before enough guardians approved");
            assertNull(waitedFor(browser));
            browser.waitFor("a.button[href=forgot]"); // "Start again"
            browser.assertNoConsoleProblems();
        }
        assertEquals(401, Users.attemptSignIn(server.http(), sven.username(), Users.NEW_PASSWORD, null).statusCode());
        assertEquals(200, Users.attemptSignIn(server.http(), sven.username(), Users.PASSWORD, sven).statusCode(),
                "nothing changed");
    }

    /** The id of the request the page waits for (kept in this tab's sessionStorage), or null. */
    private static String waitedFor(Browser browser) {
        return (String) browser.script("const r = JSON.parse(sessionStorage.getItem('famichat.recovery'));"
                + " return r ? r.requestId : null;");
    }

    /**
     * On the account page: makes a recovery code with the button named {@code button}, sees it shown once, says it
     * is written down, sees it gone and its date instead; returns the code.
     */
    private static String makeCode(FamichatPage page, String button, String password) {
        Browser browser = page.browser();
        page.type("Your password", password);
        page.click(button);
        String code = browser.waitFor(".recovery-code").getText().strip();
        assertTrue(code.matches("[A-Z2-7]{4}(-[A-Z2-7]{4}){7}"), code);
        browser.waitForText("fc-custody", "shown only this once");
        page.click("I have written it down");
        browser.waitForText(".code-state", "You made a recovery code on");
        assertTrue(browser.driver().findElements(By.cssSelector(".recovery-code")).isEmpty(), "the code is gone");
        assertFalse(browser.driver().getPageSource().contains(code), "the code is nowhere in the page any more");
        return code;
    }

    /**
     * From the "Forgot your password?" page: asks the guardians with the new password, then waits until the page
     * shows none of the {@code threshold} approvals yet.
     */
    private static void askGuardians(FamichatPage phone, String username, int threshold) {
        phone.click("Through my family guardians");
        phone.type("Username", username);
        phone.type("New password", Users.NEW_PASSWORD);
        phone.click("Ask my guardians");
        phone.browser().waitForText(".approvals", "0 of " + threshold + " approvals");
    }

    /**
     * The page's console shows nothing but requests refused as expected, each given as "path-prefix status" (the
     * browser logs every 4xx answer to a fetch, also one the page expects and handles).
     */
    private static void assertOnlyRefused(Browser browser, String... refusals) {
        for (String problem : browser.consoleProblems()) {
            assertTrue(Arrays.stream(refusals).map(refusal -> refusal.split(" ")).anyMatch(refusal ->
                    problem.contains(refusal[0]) && problem.contains("Failed to load resource")
                            && problem.contains("status of " + refusal[1])), problem);
        }
    }

    private static String displayName(Users.SignedIn user) {
        return user.username().substring(0, user.username().indexOf('-'));
    }
}
