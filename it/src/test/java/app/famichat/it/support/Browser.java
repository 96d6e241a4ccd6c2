package app.famichat.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import org.junit.jupiter.api.Assertions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium (from {@link Browsers}): waits for what a person would look for, collects the page's console
 * errors and Content-Security-Policy violations, takes screenshots and reads the page's performance figures.
 * Closing it quits the browser and its driver and deletes its profile.
 */
public final class Browser implements AutoCloseable {

    /** How long the waits wait: generous, the test machines are slow and shared. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** The performance mark the web client sets when it is ready for input ({@link #interactiveMillis()}). */
    public static final String INTERACTIVE_MARK = "famichat-interactive";

    private final String name;
    private final WebDriver driver;
    private final ChromeDriverService service;
    private final Path profile;
    private final Consumer<Browser> onClose;
    private final List<String> problems = new ArrayList<>();
    private boolean closed;

    Browser(String name, WebDriver driver, ChromeDriverService service, Path profile, Consumer<Browser> onClose) {
        this.name = name;
        this.driver = driver;
        this.service = service;
        this.profile = profile;
        this.onClose = onClose;
    }

    public String name() {
        return name;
    }

    /** The Selenium driver, for what this class does not offer. */
    public WebDriver driver() {
        return driver;
    }

    /** Loads {@code url} and returns when the page has loaded (its {@code load} event). */
    public void get(String url) {
        driver.get(url);
    }

    /**
     * From now on, until {@link #emulateDesktop()}, the page is shown as on a phone: a
     * {@value Browsers#PHONE_WIDTH}x{@value Browsers#PHONE_HEIGHT} viewport at device pixel ratio 2 (screenshots
     * 720 pixels wide), touch, and mobile layout: a page without
     * {@code <meta name="viewport" content="width=device-width">} is laid out 980 px wide, as on a real phone.
     * Takes effect at once; reload to see what a phone shows on loading the page.
     */
    public void emulatePhone() {
        cdp("Emulation.setDeviceMetricsOverride", Map.of("width", Browsers.PHONE_WIDTH,
                "height", Browsers.PHONE_HEIGHT, "deviceScaleFactor", 2, "mobile", true));
        cdp("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
    }

    /** Ends {@link #emulatePhone()}: the page fills the browser's window again. */
    public void emulateDesktop() {
        cdp("Emulation.clearDeviceMetricsOverride", Map.of());
        cdp("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
    }

    /** Resizes the window so that the viewport is {@code width} x {@code height} CSS pixels. */
    void fitViewport(int width, int height) {
        @SuppressWarnings("unchecked")
        List<Number> sizes = (List<Number>) script(
                "return [window.innerWidth, window.innerHeight, window.outerWidth, window.outerHeight];");
        int innerWidth = sizes.get(0).intValue();
        int innerHeight = sizes.get(1).intValue();
        if (innerWidth != width || innerHeight != height) {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(
                    sizes.get(2).intValue() + width - innerWidth, sizes.get(3).intValue() + height - innerHeight));
        }
    }

    /**
     * A Chrome DevTools Protocol command, sent through ChromeDriver, which speaks its Chromium's protocol version
     * (Selenium's own DevTools classes cover only the few newest versions).
     */
    private void cdp(String command, Map<String, Object> parameters) {
        ((ChromiumDriver) driver).executeCdpCommand(command, parameters);
    }

    /** Runs JavaScript in the page ({@code arguments[i]} are the {@code args}) and returns its result. */
    public Object script(String javaScript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javaScript, args);
    }

    // ---- waiting ----

    /**
     * Waits until {@code condition} returns neither null nor false, and returns that; on timeout the exception says
     * {@code what} was awaited and which console problems the page had.
     */
    public <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        try {
            return new WebDriverWait(driver, TIMEOUT, Duration.ofMillis(100))
                    .ignoring(StaleElementReferenceException.class)
                    .until(condition);
        } catch (TimeoutException e) {
            try {
                collectProblems();
            } catch (RuntimeException unreadable) { // a crashed browser: the timeout says enough
                e.addSuppressed(unreadable);
            }
            throw new TimeoutException("No " + what + " within " + TIMEOUT.toSeconds() + " s in browser " + name
                    + " at " + driver.getCurrentUrl() + (problems.isEmpty() ? "" : "; console problems: " + problems), e);
        }
    }

    /** The first visible element that matches {@code cssSelector}, once there is one. */
    public WebElement waitFor(String cssSelector) {
        return waitUntil("visible element " + cssSelector,
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector(cssSelector)));
    }

    /** The first visible element that matches {@code cssSelector} and whose text contains {@code text}. */
    public WebElement waitForText(String cssSelector, String text) {
        return waitUntil("visible element " + cssSelector + " with text '" + text + "'", d -> (WebElement) script("""
                const text = arguments[1].replace(/\\s+/g, ' ');
                return [...document.querySelectorAll(arguments[0])].find(e => e.getClientRects().length > 0
                        && e.innerText.replace(/\\s+/g, ' ').includes(text)) || null;
                """, cssSelector, text));
    }

    /**
     * The first visible element whose accessible name, as Chromium computes it, is {@code accessibleName}
     * (whitespace-normalised): a control named by its {@code <label>}, {@code aria-label} or
     * {@code aria-labelledby}, a button or link by its text, an image by its {@code alt}.
     */
    public WebElement waitForAccessibleName(String accessibleName) {
        String wanted = normalised(accessibleName);
        return waitUntil("visible element named '" + wanted + "'", d -> elementNamed(wanted));
    }

    /**
     * Clicks the element {@link #waitForAccessibleName named} {@code accessibleName}. Finding and clicking happen in
     * one wait: a page that renders again between the two (a message arriving re-draws the conversation) makes the
     * found element stale, and the click is then tried again on the new one.
     */
    public void click(String accessibleName) {
        String wanted = normalised(accessibleName);
        waitUntil("clickable element named '" + wanted + "'", d -> {
            WebElement element = elementNamed(wanted);
            if (element == null) {
                return null;
            }
            element.click();
            return true;
        });
    }

    private WebElement elementNamed(String wanted) {
        for (WebElement candidate : candidatesNamed(wanted)) {
            if (wanted.equals(normalised(candidate.getAccessibleName()))) {
                return candidate;
            }
        }
        return null;
    }

    private static String normalised(String name) {
        return name.strip().replaceAll("\\s+", " ");
    }

    /**
     * Visible elements that might have the name: those whose naming attributes, labels or (for elements named by
     * their content) text contain it. Chromium's accessibility tree decides among them, one round trip each.
     */
    @SuppressWarnings("unchecked")
    private List<WebElement> candidatesNamed(String wanted) {
        return (List<WebElement>) script("""
                const wanted = arguments[0].toLowerCase();
                const norm = s => (s || '').replace(/\\s+/g, ' ').trim().toLowerCase();
                const has = s => norm(s).includes(wanted);
                const byContent = 'a,button,summary,h1,h2,h3,h4,h5,h6,option,th,td,legend,caption,label,[role]';
                return [...document.querySelectorAll('*')].filter(e => e.getClientRects().length > 0 && (
                        has(e.getAttribute('aria-label')) || has(e.getAttribute('title'))
                        || has(e.getAttribute('alt')) || has(e.getAttribute('placeholder'))
                        || (e.hasAttribute('aria-labelledby') && e.getAttribute('aria-labelledby').split(/\\s+/)
                                .some(id => has(document.getElementById(id)?.textContent)))
                        || [...(e.labels || [])].some(l => has(l.textContent))
                        || (e.matches(byContent) && has(e.textContent))
                        || (e.matches('input[type=submit],input[type=button]') && has(e.value))));
                """, wanted);
    }

    // ---- console ----

    /**
     * The problems the page logged since the last call (reading consumes them): errors (uncaught exceptions,
     * {@code console.error}, failed loads) and Content-Security-Policy violations. A failed {@code fetch} (any 4xx or
     * 5xx answer) shows as "Failed to load resource"; a test that expects one filters this list.
     */
    public List<String> consoleProblems() {
        collectProblems();
        List<String> result = List.copyOf(problems);
        problems.clear();
        return result;
    }

    /** Fails with the problems if the page logged any since the last look ({@link #consoleProblems()}). */
    public void assertNoConsoleProblems() {
        List<String> found = consoleProblems();
        Assertions.assertTrue(found.isEmpty(),
                () -> "Browser " + name + " logged console problems:\n  " + String.join("\n  ", found));
    }

    private void collectProblems() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    || entry.getMessage().contains("Content Security Policy")) {
                problems.add(entry.getLevel() + " " + entry.getMessage());
            }
        }
    }

    // ---- screenshots ----

    /** Saves a PNG of the viewport as {@code fileName} (".png" added if missing) in {@link Browsers#screenshotDirectory()}. */
    public Path screenshot(String fileName) {
        return screenshot(Browsers.screenshotDirectory().resolve(fileName.endsWith(".png") ? fileName : fileName + ".png"));
    }

    /** Saves a PNG of the viewport to {@code file}. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- performance ----

    /**
     * Bytes the current page has transferred so far, headers included: its document and every resource it loaded
     * ({@code transferSize} of the navigation and resource timing entries; 0 for what came from the cache).
     */
    public long transferredBytes() {
        return sumOfTimings("transferSize");
    }

    /** Bytes of the bodies of the current page's document and resources as sent (compressed, if they were). */
    public long encodedBodyBytes() {
        return sumOfTimings("encodedBodySize");
    }

    private long sumOfTimings(String field) {
        return ((Number) script("""
                return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                        .reduce((sum, e) => sum + (e[arguments[0]] || 0), 0);
                """, field)).longValue();
    }

    /** Milliseconds from the start of navigation until the document was parsed ({@code domInteractive}). */
    public double domInteractiveMillis() {
        return ((Number) script("return performance.getEntriesByType('navigation')[0].domInteractive;")).doubleValue();
    }

    /**
     * Milliseconds from the start of navigation until the page set the {@value #INTERACTIVE_MARK} performance mark
     * ({@code performance.mark('famichat-interactive')}); waits for the mark.
     */
    public double interactiveMillis() {
        return waitUntil("performance mark " + INTERACTIVE_MARK, d -> (Number) script("""
                const marks = performance.getEntriesByName(arguments[0], 'mark');
                return marks.length ? marks[0].startTime : null;
                """, INTERACTIVE_MARK)).doubleValue();
    }

    // ---- closing ----

    /** Quits the browser and its driver and deletes the profile directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            driver.quit();
        } catch (RuntimeException e) {
            System.err.println("[browsers] quitting " + name + ": " + e);
        } finally {
            service.stop();
            deleteProfile();
            onClose.accept(this);
        }
    }

    /** Chromium's last writes can race the first delete: retry for a few seconds. */
    private void deleteProfile() {
        for (int attempt = 1; ; attempt++) {
            try {
                Directories.delete(profile);
                return;
            } catch (UncheckedIOException e) {
                if (attempt == 20) {
                    System.err.println("[browsers] could not delete " + profile + ": " + e.getCause());
                    return;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
