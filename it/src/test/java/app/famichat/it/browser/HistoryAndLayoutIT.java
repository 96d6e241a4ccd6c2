package app.famichat.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.famichat.it.support.Browser;
import app.famichat.it.support.Browsers;
import app.famichat.it.support.Families;
import app.famichat.it.support.Http;
import app.famichat.it.support.Messages;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A long conversation scrolled back to its first message, and every screen at a phone's 360 px and a desktop's
 * 1440 px without anything overflowing sideways.
 */
class HistoryAndLayoutIT {

    private static final int LONG = 500;

    private static String base;
    private static Http http;

    @BeforeAll
    static void server() throws Exception {
        Browsers.requireInstalled();
        base = TestEnvironment.get().packagedServer().baseUrl();
        http = new Http(base);
    }

    @Test
    void aConversationOf500MessagesScrollsBackToTheFirst() throws Exception {
        Users.SignedIn fred = Users.registerAndSignIn(http, "fred");
        Users.SignedIn gina = Users.registerAndSignIn(http, "gina");
        Families.create(fred, "Long talkers", gina);
        String conversation = Messages.directConversation(fred, gina.id());
        for (int i = 1; i <= LONG; i++) {
            Messages.sent(fred, conversation, "m" + i, "Message " + i);
        }
        // History is per user and filled by whichever of their devices takes its envelopes: Gina's first device
        // takes them (the browser is a device made later, with no envelopes of its own for these messages).
        Messages.awaitPage(gina, conversation, "limit=1", page -> Messages.bodies(page).contains("Message " + LONG),
                "the last message in Gina's history");
        try (Browser browser = Browsers.open("gina-history")) {
            FamichatPage page = new FamichatPage(browser, base);
            page.signIn(gina.username(), "Gina's laptop");
            page.open("c/" + conversation);
            page.message("Message " + LONG);
            browser.waitUntil("the first message after scrolling up", d -> {
                browser.script("const s = document.querySelector('.scroller'); s.scrollTop = 0; s.dispatchEvent(new Event('scroll'));");
                return "This is the beginning of the conversation.".equals(
                        browser.script("return document.querySelector('.top-of-history').textContent;")) ? true : null;
            });
            List<String> shown = page.messages();
            assertEquals(LONG, shown.size());
            assertEquals(LONG, new HashSet<>(shown).size());
            assertEquals("Message 1", shown.get(0));
            assertEquals("Message " + LONG, shown.get(LONG - 1));
            browser.assertNoConsoleProblems();
        }
    }

    @Test
    void everyScreenFitsAPhoneAndADesktop() throws Exception {
        Users.SignedIn hana = Users.registerAndSignIn(http, "hana");
        Users.SignedIn ivo = Users.registerAndSignIn(http, "ivo");
        UUID family = Families.create(hana, "The family with a rather long name that wraps", ivo);
        String conversation = Messages.familyConversation(hana, family);
        Messages.sent(ivo, conversation, "long", "A long line without spaces: " + "x".repeat(300) + " and a link "
                + "https://example.org/" + "a".repeat(200));
        Messages.sent(hana, conversation, "short", "Short one");
        Messages.awaitPage(hana, conversation, "limit=5", page -> Messages.bodies(page).size() == 2, "both in Hana's history");
        for (boolean phone : List.of(true, false)) {
            try (Browser browser = phone ? Browsers.openPhone("hana-phone") : Browsers.open("hana-desktop", 1440, 900)) {
                FamichatPage page = new FamichatPage(browser, base);
                page.signIn(hana.username(), phone ? "Hana's phone" : "Hana's desktop");
                for (String path : List.of("", "c/" + conversation, "new", "families", "families/" + family, "settings",
                        "safety/" + ivo.id())) {
                    page.open(path);
                    browser.waitFor("h1");
                    if (path.startsWith("c/")) {
                        page.message("Short one");
                    }
                    if (path.startsWith("safety/")) {
                        browser.waitFor("canvas.qr");
                    }
                    assertFalse(page.overflowsHorizontally(), () -> (phone ? "360 px" : "1440 px") + ", /" + path
                            + " overflows: " + page.overflowingElements());
                    if (phone && path.startsWith("c/")) {
                        browser.screenshot("phone-360");
                    }
                }
                browser.assertNoConsoleProblems();
            }
        }
    }
}
