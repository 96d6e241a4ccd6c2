package app.famichat.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Browser;
import app.famichat.it.support.Browsers;
import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.Messages;
import app.famichat.it.support.SocketClient;
import app.famichat.it.support.TcpProxy;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web client when things go wrong: the connection drops (the page reaches the server through a TCP proxy the
 * test cuts), the page reloads, the user signs out, the device is removed from elsewhere, and a family member
 * sends text made to look like HTML and script.
 */
class ResilienceInBrowserIT {

    private static String base;
    private static Http http;

    @BeforeAll
    static void server() throws Exception {
        Browsers.requireInstalled();
        LaunchedFamichat server = TestEnvironment.get().packagedServer();
        base = server.baseUrl();
        http = new Http(base);
    }

    @Test
    void afterALostConnectionThePageShowsWhatWasMissedOnceAndSendsWhatWasTypedOnce() throws Exception {
        Users.SignedIn ann = Users.registerAndSignIn(http, "ann");
        Users.SignedIn ben = Users.registerAndSignIn(http, "ben");
        UUID family = Families.create(ann, "Offline family", ben);
        String conversation = Messages.familyConversation(ann, family);
        URI server = URI.create(base);
        try (TcpProxy proxy = TcpProxy.to(server.getHost(), server.getPort());
             Browser browser = Browsers.open("ben-offline")) {
            FamichatPage page = new FamichatPage(browser, "http://127.0.0.1:" + proxy.port() + "/");
            page.signIn(ben.username(), "Ben's laptop");
            page.open("c/" + conversation);
            Messages.sent(ann, conversation, "before", "before the cut");
            page.message("before the cut");

            proxy.cut();
            browser.waitForText(".connection", "Connecting");
            Messages.sent(ann, conversation, "away-1", "while you were away 1");
            Messages.sent(ann, conversation, "away-2", "while you were away 2");
            page.send("typed while offline");
            browser.waitForText(".msg.pending", "typed while offline");
            browser.waitForText(".notice", "Not connected");

            proxy.restore();
            page.awaitConnected();
            page.message("while you were away 2");
            page.message("typed while offline");
            browser.waitUntil("no message waiting to be sent", d -> browser.driver()
                    .findElements(org.openqa.selenium.By.cssSelector(".msg.pending")).isEmpty() ? true : null);
            List<String> shown = page.messages();
            for (String text : List.of("before the cut", "while you were away 1", "while you were away 2", "typed while offline")) {
                assertEquals(1, Collections.frequency(shown, text), text + " in " + shown);
            }
            List<String> stored = Messages.bodies(Messages.page(ann, conversation, "limit=50"));
            assertEquals(1, Collections.frequency(stored, "typed while offline"), stored.toString());
            // The console shows the refused connections while the proxy was cut, and nothing else.
            for (String problem : browser.consoleProblems()) {
                assertTrue(problem.contains("net::ERR_") || problem.contains("WebSocket connection"), problem);
            }
        }
    }

    /**
     * An ack that met an outage is answered with an {@code unavailable} error frame naming its message ids
     * (SocketProtocolTest; TopologyFaultsIT stops the real database): the page acknowledges exactly those again after
     * {@code retryAfter}, so the message counts delivered without waiting for the next connection. Here the page's
     * first ack frame is held back, as if its write had failed, and the server's answer to it is handed to the page.
     */
    @Test
    void anAckRefusedForAnOutageIsSentAgainAfterRetryAfter() throws Exception {
        Users.SignedIn hana = Users.registerAndSignIn(http, "hana");
        Users.SignedIn ivo = Users.registerAndSignIn(http, "ivo");
        String conversation = Messages.familyConversation(hana, Families.create(hana, "Outage family", ivo));
        try (Browser browser = Browsers.open("ivo-acks")) {
            FamichatPage page = new FamichatPage(browser, base);
            page.signIn(ivo.username(), "Ivo's laptop");
            browser.script("""
                    const live = document.querySelector('fc-app').live;
                    const send = live.send.bind(live);
                    live.send = frame => {
                      if (frame.type === 'ack' && !window.heldAck) window.heldAck = frame.messageIds;
                      else send(frame);
                    };""");
            String messageId = Messages.sent(hana, conversation, "outage-ack", "acknowledged twice")
                    .getString("messageId");
            browser.waitUntil("the page's ack held back", d -> browser.script("return window.heldAck") != null
                    ? true : null);
            assertEquals(List.of(messageId), browser.script("return window.heldAck"));
            List<JsonObject> pushed = new ArrayList<>();
            try (SocketClient phone = Messages.connected(base, ivo, pushed)) { // Ivo's other device takes it
                phone.send(Messages.ackFrame(messageId));
                Messages.untilPong(phone);
            }
            assertEquals("sent", Messages.ownStatus(hana, conversation, messageId), "the page's ack is held back");

            browser.script("""
                    const live = document.querySelector('fc-app').live;
                    live.received(live.socket, JSON.stringify({type: 'error', problem: {
                        type: 'urn:famichat:problem:unavailable', title: 'Service unavailable', status: 503,
                        detail: 'The database is unreachable; try again later'},
                      retryAfter: 1, messageIds: window.heldAck}));""");
            long deadline = System.currentTimeMillis() + Messages.WAIT.toMillis();
            while (!"delivered".equals(Messages.ownStatus(hana, conversation, messageId))) {
                assertTrue(System.currentTimeMillis() < deadline, "the page never acknowledged again");
                Thread.sleep(100);
            }
            browser.assertNoConsoleProblems();
        }
    }

    @Test
    void aReloadKeepsTheSessionSignOutEndsItAndARemovedDeviceGoesBackToSignIn() throws Exception {
        Users.SignedIn cleo = Users.registerAndSignIn(http, "cleo");
        try (Browser browser = Browsers.open("cleo")) {
            FamichatPage page = new FamichatPage(browser, base);
            page.signIn(cleo.username(), "Cleo's laptop");
            page.click("New conversation");
            page.click("Note to self");
            browser.waitForText(".chat-head h1", "Note to self");
            page.send("milk, bread");
            page.message("milk, bread");
            String path = page.path();

            browser.driver().navigate().refresh();
            page.awaitConnected();
            assertEquals(path, page.path());
            page.message("milk, bread");

            page.click("Settings");
            page.click("Sign out");
            browser.waitForText("h1", "Sign in");
            assertNull(browser.script("return localStorage.getItem('famichat.session');"));
            page.open("");
            browser.waitForText("h1", "Sign in");

            page.signIn(cleo.username(), null); // this browser's device, known from before: no name asked
            Users.SignedIn phone = Users.signInNewDevice(http, cleo.username());
            int laptop = Http.json(phone.http().get("/api/v1/me")).getJsonArray("devices").stream()
                    .map(device -> device.asJsonObject())
                    .filter(device -> device.getString("name").equals("Cleo's laptop"))
                    .mapToInt(device -> device.getInt("deviceId")).findFirst().orElseThrow();
            assertEquals(204, phone.http().delete("/api/v1/me/devices/" + laptop).statusCode());
            browser.waitForText("h1", "Sign in");
            assertNull(browser.script("return localStorage.getItem('famichat.session');"));
            // A request the page made as the device was removed is refused (401), which is how it learns it; nothing else.
            for (String problem : browser.consoleProblems()) {
                assertTrue(problem.contains("/api/v1/") && problem.contains("status of 401"), problem);
            }
        }
    }

    @Test
    void aRefusedSendSaysWhyAndKeepsTheText() throws Exception {
        Users.SignedIn finn = Users.registerAndSignIn(http, "finn");
        Users.SignedIn gus = Users.registerAndSignIn(http, "gus");
        Families.create(finn, "Refusing family", gus);
        String group = Messages.groupConversation(finn, "Short-lived", gus.id());
        try (Browser browser = Browsers.open("gus")) {
            FamichatPage page = new FamichatPage(browser, base);
            page.signIn(gus.username(), "Gus's laptop");
            page.open("c/" + group);
            browser.waitForText(".chat-head h1", "Short-lived");
            assertEquals(204, finn.http().delete("/api/v1/conversations/" + group + "/members/" + gus.id()).statusCode());
            page.send("Am I still here?");
            browser.waitForText(".msg.pending .error", "Not sent: You are no longer in this conversation.");
            browser.waitForText(".msg.pending .body", "Am I still here?");
            page.click("Edit");
            assertEquals("Am I still here?", browser.waitForAccessibleName("Message").getAttribute("value"));
            for (String problem : browser.consoleProblems()) {
                assertTrue(problem.contains("404"), problem); // the refused request itself, nothing else
            }
        }
    }

    @Test
    void textThatLooksLikeHtmlIsShownAsTextAndRunsNothing() throws Exception {
        Users.SignedIn dora = Users.registerAndSignIn(http, "dora");
        Users.SignedIn emil = Users.registerAndSignIn(http, "emil");
        UUID family = Families.create(dora, "Hostile <b>family</b>", emil);
        String conversation = Messages.familyConversation(dora, family);
        String hostile = "<img src=x onerror=\"window.__ran=1;alert(1)\"><script>window.__ran=2</script>"
                + "<a href=\"javascript:window.__ran=3\">click</a> https://example.org";
        try (Browser browser = Browsers.open("emil")) {
            FamichatPage page = new FamichatPage(browser, base);
            page.signIn(emil.username(), "Emil's laptop");
            page.open("c/" + conversation);
            Messages.sent(dora, conversation, "hostile", hostile);
            page.message(hostile);
            page.send("<svg onload=\"window.__ran=4\"></svg>");
            page.message("<svg onload=\"window.__ran=4\"></svg>");
            browser.waitForText(".chat-head h1", "Hostile <b>family</b> (family)");
            assertNull(browser.script("return window.__ran ?? null;"));
            assertEquals(0L, browser.script("return document.querySelectorAll('.msg img, .msg script, .msg a, .msg svg').length;"));
            browser.assertNoConsoleProblems();
        }
    }
}
