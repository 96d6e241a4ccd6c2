package app.famichat.it.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.famichat.it.support.Browser;
import app.famichat.it.support.Users;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * One person using the web client in one browser, in the words of the page: what they click is found by its
 * visible label or accessible name, as they would find it, never by an id made for tests.
 */
final class FamichatPage {

    static final String PASSWORD = Users.PASSWORD;
    /** The brand link in the header, back to the conversation list. */
    static final String HOME = "Famichat: conversations";

    private final Browser browser;
    private final String baseUrl;

    FamichatPage(Browser browser, String baseUrl) {
        this.browser = browser;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
    }

    Browser browser() {
        return browser;
    }

    String baseUrl() {
        return baseUrl;
    }

    void open(String path) {
        browser.get(baseUrl + path);
    }

    /** Creates an account through the sign-up page (from wherever the page is: the sign-in page or an invite). */
    void signUp(String displayName, String username, String deviceName) {
        if (!browser.driver().getCurrentUrl().startsWith(baseUrl + "invite/")) {
            open("signup");
        } else {
            click("Create an account");
        }
        type("Your name", displayName);
        type("Username", username);
        type("Password", PASSWORD);
        WebElement device = browser.waitForAccessibleName("Device name");
        device.clear();
        device.sendKeys(deviceName);
        click("Create account");
        awaitConnected();
    }

    void signIn(String username, String deviceName) {
        signIn(username, PASSWORD, deviceName);
    }

    void signIn(String username, String password, String deviceName) {
        open("signin");
        type("Username", username);
        type("Password", password);
        if (deviceName != null) {
            WebElement device = browser.waitForAccessibleName("Device name");
            device.clear();
            device.sendKeys(deviceName);
        }
        click("Sign in");
        awaitConnected();
    }

    void awaitConnected() {
        browser.waitFor(".connection[data-state=online]");
    }

    void type(String label, String text) {
        WebElement field = browser.waitForAccessibleName(label);
        field.clear();
        field.sendKeys(text);
    }

    void click(String accessibleName) {
        browser.click(accessibleName);
    }

    /** Creates a family on the Families page and returns its page's path ({@code families/{id}}). */
    String createFamily(String name) {
        click("Families");
        type("Family name", name);
        click("Create family");
        browser.waitForText("h1", name);
        return path();
    }

    /**
     * On a family's page: a new invite link, as the page shows it. A second invite replaces the first one's field:
     * until the answer is drawn the page still shows the earlier (perhaps used up) link, which must not be taken.
     */
    String inviteLink() {
        String earlier = shownInviteLink();
        click("Create invite link");
        browser.waitFor("canvas.qr");
        String link = browser.waitUntil("an invite link other than " + earlier, d -> {
            String shown = shownInviteLink();
            return shown == null || shown.equals(earlier) ? null : shown;
        });
        assertEquals(link, browser.waitForAccessibleName("Invite link").getAttribute("value"));
        return link;
    }

    private String shownInviteLink() {
        return browser.driver().findElements(By.name("inviteLink")).stream()
                .map(field -> field.getAttribute("value")).findFirst().orElse(null);
    }

    /** On an invite's page, signed in: joins the family and waits for its page. */
    void acceptInvite() {
        click("Join the family");
        browser.waitForAccessibleName("Open the family conversation");
    }

    /** Opens a conversation from the list by its title. */
    void openConversation(String title) {
        click(HOME);
        // The list is drawn again whenever a conversation changes: find and click in one step, again if it went stale.
        browser.waitUntil("conversation '" + title + "' in the list", d -> {
            browser.waitForText("a.chat .chat-title", title).click();
            return true;
        });
        browser.waitForText(".chat-head h1", title);
        browser.waitFor("textarea");
    }

    void openFamilyConversation() {
        click("Open the family conversation");
        browser.waitFor("textarea");
    }

    /** Types the text into the message box and presses Enter. */
    void send(String text) {
        WebElement box = browser.waitForAccessibleName("Message");
        box.sendKeys(text);
        box.sendKeys(Keys.ENTER);
    }

    /** The element of a message in the open conversation whose text is exactly {@code text}, once it is there. */
    WebElement message(String text) {
        return browser.waitUntil("message '" + text + "'", d -> (WebElement) browser.script("""
                return [...document.querySelectorAll('.msg:not(.pending)')].find(m => m.querySelector('.body').textContent === arguments[0]) || null;
                """, text));
    }

    /** Waits until the user's own message shows the status (sent, delivered, read). */
    void awaitStatus(String text, String status) {
        browser.waitUntil("status " + status + " of '" + text + "'", d -> Boolean.TRUE.equals(browser.script("""
                const m = [...document.querySelectorAll('.msg.own:not(.pending)')].find(m => m.querySelector('.body').textContent === arguments[0]);
                return !!m && m.querySelector('.status').dataset.status === arguments[1];
                """, text, status)));
    }

    /** The texts of the open conversation's messages, in order. */
    @SuppressWarnings("unchecked")
    List<String> messages() {
        return (List<String>) browser.script("return [...document.querySelectorAll('.msg:not(.pending) .body')].map(b => b.textContent);");
    }

    /** The shell's warning to the owner that someone asked to recover their account, once it shows. */
    WebElement recoveryWarning() {
        return browser.waitForText(".notice-bar.warning", "Someone asked to recover your account from");
    }

    /** Waits until the shell shows no recovery warning. */
    void awaitNoRecoveryWarning() {
        browser.waitUntil("no recovery warning", d -> d.findElements(By.cssSelector(".notice-bar.warning")).isEmpty());
    }

    /** Ticks or unticks the checkbox labelled {@code label}, if it is not so already. */
    void check(String label, boolean checked) {
        browser.waitUntil("checkbox '" + label + "' " + (checked ? "ticked" : "unticked"), d -> {
            WebElement box = checkbox(label);
            if (box == null) {
                return null;
            }
            if (box.isSelected() != checked) {
                box.click();
            }
            return box.isSelected() == checked;
        });
    }

    /** The visible checkbox whose label says exactly {@code label}, or null. */
    WebElement checkbox(String label) {
        return (WebElement) browser.script("""
                return [...document.querySelectorAll('input[type=checkbox]')].find(box => box.getClientRects().length > 0
                        && [...box.labels].some(l => l.textContent.trim() === arguments[0])) || null;
                """, label);
    }

    /** The value of the select (or other field) named {@code label}. */
    String value(String label) {
        return browser.waitForAccessibleName(label).getAttribute("value");
    }

    String path() {
        return browser.driver().getCurrentUrl().substring(baseUrl.length());
    }

    String title() {
        return browser.driver().getTitle();
    }

    /** The document is wider than the viewport (something overflows horizontally). */
    boolean overflowsHorizontally() {
        return Boolean.TRUE.equals(browser.script(
                "return document.documentElement.scrollWidth > document.documentElement.clientWidth"));
    }

    /** Elements wider than the viewport or reaching past its right edge (for the failure message). */
    @SuppressWarnings("unchecked")
    List<String> overflowingElements() {
        return (List<String>) browser.script("""
                const width = document.documentElement.clientWidth;
                return [...document.querySelectorAll('body *')].filter(e => e.getClientRects().length > 0
                        && e.getBoundingClientRect().right > width + 0.5)
                        .slice(0, 10).map(e => e.tagName + '.' + e.className + ' right=' + e.getBoundingClientRect().right);
                """);
    }

    WebElement find(String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

}
