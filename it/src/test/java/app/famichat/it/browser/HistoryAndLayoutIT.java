package app.famichat.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.famichat.it.support.Browser;
import app.famichat.it.support.Browsers;
import app.famichat.it.support.Families;
import app.famichat.it.support.LaunchedFamichat;
import app.famichat.it.support.Messages;
import app.famichat.it.support.TestEnvironment;
import app.famichat.it.support.Users;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * A long conversation scrolled back to its first message, and every screen at a phone's 360 px and a desktop's
 * 1440 px without anything overflowing sideways, every control on it named for assistive technology.
 */
class HistoryAndLayoutIT {

    private static final int LONG = 500;
    private static final int SENDERS = 10;

    @BeforeAll
    static void browsers() {
        Browsers.requireInstalled();
    }

    @Test
    void aConversationOf500MessagesScrollsBackToTheFirst() throws Exception {
        LaunchedFamichat server = TestEnvironment.get().packagedServer();
        Users.SignedIn gina = Users.registerAndSignIn(server.http(), "gina");
        List<Users.SignedIn> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(Users.registerAndSignIn(server.http(), "talker"));
        }
        UUID family = Families.create(gina, "Long talkers", senders.toArray(Users.SignedIn[]::new));
        String conversation = Messages.familyConversation(gina, family);
        seed(conversation, senders);
        // History is per user and filled by whichever of their devices takes its envelopes: Gina's first device
        // takes them (the browser is a device made later, with no envelopes of its own for these messages).
        Messages.awaitPage(gina, conversation, "limit=1", page -> Messages.seqs(page).contains((long) LONG),
                "the last message in Gina's history");
        try (Browser browser = Browsers.open("gina-history")) {
            FamichatPage page = new FamichatPage(browser, server.baseUrl());
            page.signIn(gina.username(), "Gina's laptop");
            page.open("c/" + conversation);
            browser.waitFor(".msg[data-seq='" + LONG + "']");
            browser.waitUntil("the first message after scrolling up", d -> {
                browser.script("const s = document.querySelector('.scroller'); s.scrollTop = 0; s.dispatchEvent(new Event('scroll'));");
                return "This is the beginning of the conversation.".equals(
                        browser.script("return document.querySelector('.top-of-history').textContent;")) ? true : null;
            });
            @SuppressWarnings("unchecked")
            List<String> seqs = (List<String>) browser.script(
                    "return [...document.querySelectorAll('.msg:not(.pending)')].map(m => m.dataset.seq);");
            assertEquals(LONG, seqs.size());
            for (int i = 0; i < LONG; i++) {
                assertEquals(String.valueOf(i + 1), seqs.get(i), "the messages in order, each once");
            }
            assertEquals(LONG, new HashSet<>(page.messages()).size());
            browser.assertNoConsoleProblems();
        }
    }

    /**
     * 500 messages from 10 family members at once, 50 each, within the shipped send limits (a 429 is waited out, as
     * its Retry-After says, and the same message sent again).
     */
    private static void seed(String conversation, List<Users.SignedIn> senders) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try {
            List<Future<Void>> done = new ArrayList<>();
            for (Users.SignedIn sender : senders) {
                done.add(pool.submit(() -> {
                    for (int n = 1; n <= LONG / SENDERS; n++) {
                        while (true) {
                            HttpResponse<String> answer = Messages.send(sender, conversation, "m" + n,
                                    sender.username() + " #" + n);
                            if (answer.statusCode() == 202) {
                                break;
                            }
                            assertEquals(429, answer.statusCode(), answer.body());
                            Thread.sleep(1000L * Long.parseLong(answer.headers().firstValue("Retry-After").orElse("1")));
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> sender : done) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyScreenFitsAPhoneAndADesktopAndNamesEveryControl() throws Exception {
        LaunchedFamichat server = TestEnvironment.get().packagedServer();
        Users.SignedIn hana = Users.registerAndSignIn(server.http(), "hana");
        Users.SignedIn ivo = Users.registerAndSignIn(server.http(), "ivo");
        UUID family = Families.create(hana, "The family with a rather long name that wraps", ivo);
        String conversation = Messages.familyConversation(hana, family);
        Messages.sent(ivo, conversation, "long", "A long line without spaces: " + "x".repeat(300) + " and a link "
                + "https://example.org/" + "a".repeat(200));
        Messages.sent(hana, conversation, "short", "Short one");
        Messages.awaitPage(hana, conversation, "limit=5", page -> Messages.bodies(page).size() == 2, "both in Hana's history");
        for (boolean phone : List.of(true, false)) {
            try (Browser browser = phone ? Browsers.openPhone("hana-phone") : Browsers.open("hana-desktop", 1440, 900)) {
                FamichatPage page = new FamichatPage(browser, server.baseUrl());
                page.signIn(hana.username(), phone ? "Hana's phone" : "Hana's desktop");
                for (String path : List.of("", "c/" + conversation, "new", "families", "families/" + family, "settings",
                        "guardians", "guardian-requests", "safety/" + ivo.id())) {
                    page.open(path);
                    browser.waitFor("h1");
                    if (path.startsWith("c/")) {
                        page.message("Short one");
                    }
                    if (path.startsWith("safety/")) {
                        browser.waitFor("canvas.qr");
                    }
                    assertEquals(List.of(), unnamedControls(browser), "/" + path + ": controls without an accessible name");
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

    /**
     * Visible controls whose accessible name, as Chromium computes it, is empty. The page may draw a part again while
     * this looks (the conversation list does, whenever a conversation changes): then it looks again.
     */
    private static List<String> unnamedControls(Browser browser) {
        List<String> unnamed = new ArrayList<>();
        browser.waitUntil("a look at every control's name", d -> {
            unnamed.clear();
            for (WebElement control : d.findElements(By.cssSelector("button, input, textarea, select, a[href], canvas[role=img]"))) {
                if (control.isDisplayed() && control.getAccessibleName().isBlank()) {
                    unnamed.add(control.getTagName() + " " + control.getAttribute("outerHTML"));
                }
            }
            return true;
        });
        return unnamed;
    }
}
