package app.famichat.it.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for browser tests, driven through ChromeDriver: both are the system's (Debian's {@code chromium}
 * and {@code chromium-driver}), never downloaded. Their paths default to {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} and can be set with the system properties {@code famichat.it.chromium} and
 * {@code famichat.it.chromedriver}. When they are missing, a browser test is skipped, or fails when the environment
 * variable {@code CI} is {@code true}, with a message that says how to install them.
 *
 * <p>Selenium Manager (which would look for, and download, a driver and a browser) is never run: the driver's path
 * is given to the driver service, and Selenium only asks Selenium Manager when it has no path (BrowserSupportIT
 * checks Selenium's log for that).
 *
 * <p>Each browser gets a fresh profile directory in {@code it/target/browser-profiles}, deleted when it is closed
 * (ChromeDriver's log stays beside it). Starting one takes seconds on a slow machine: share one per test class
 * where the tests allow it. Browsers a test left open are closed when the JVM exits.
 */
public final class Browsers {

    /** The viewport of {@link #open(String)}, in CSS pixels. */
    public static final int DESKTOP_WIDTH = 1280;
    public static final int DESKTOP_HEIGHT = 900;
    /** The viewport of {@link Browser#emulatePhone()}: a common small phone, in CSS pixels. */
    public static final int PHONE_WIDTH = 360;
    public static final int PHONE_HEIGHT = 740;

    private static final String INSTALL_HINT = "On Debian/Ubuntu: sudo apt-get install chromium chromium-driver"
            + " (.ci/run installs them); or point the system properties famichat.it.chromium and"
            + " famichat.it.chromedriver at a Chromium and a ChromeDriver of the same version.";

    /**
     * Flags for headless Chromium as root in a closed network: no sandbox (root), no GPU, /tmp instead of a small
     * /dev/shm, and none of the background traffic (updates, sync, field trials, autofill, optimisation hints) that
     * would otherwise try to reach the internet. Even with those flags Chromium still looks up a few Google hosts
     * (accounts, www, android.clients): the host resolver rules answer every name but localhost with "not found"
     * without asking DNS, so a page can reach only IP addresses (the tests' servers listen on 127.0.0.1) and
     * nothing leaves the machine. (Left: Chromium's IPv6 reachability probe, a UDP connect() that sends no packet.)
     */
    private static final List<String> FLAGS = List.of(
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
            "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--disable-default-apps",
            "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--no-pings",
            "--disable-breakpad", "--metrics-recording-only",
            "--disable-features=Translate,MediaRouter,OptimizationHints,OptimizationGuideModelDownloading,"
                    + "AutofillServerCommunication,CertificateTransparencyComponentUpdater",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
            "--mute-audio", "--password-store=basic", "--lang=en-US");

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Set<Browser> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean profilesCleaned;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(Browser::close),
                "famichat-it-browsers"));
    }

    private Browsers() {
    }

    /** A browser with a {@value #DESKTOP_WIDTH}x{@value #DESKTOP_HEIGHT} viewport. */
    public static Browser open(String name) {
        return open(name, DESKTOP_WIDTH, DESKTOP_HEIGHT);
    }

    /** A browser whose viewport (the page's part of the window, what screenshots show) has the given size. */
    public static Browser open(String name, int width, int height) {
        Programs programs = programs();
        long started = System.nanoTime();
        Path profile = freshProfile(name);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(programs.chromium().toFile());
        options.addArguments(FLAGS);
        options.addArguments("--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(programs.chromedriver().toFile())
                .usingAnyFreePort()
                .withTimeout(Duration.ofSeconds(60))
                .withLogFile(new File(profile + ".chromedriver.log"))
                .build();
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException | Error e) {
            service.stop();
            Directories.delete(profile);
            throw e;
        }
        Browser browser = new Browser(name, driver, service, profile, OPEN::remove);
        OPEN.add(browser);
        try {
            browser.fitViewport(width, height); // --window-size includes the (invisible) browser frame
        } catch (RuntimeException | Error e) {
            browser.close();
            throw e;
        }
        System.out.printf("[browsers] %s started in %d ms%n", name, (System.nanoTime() - started) / 1_000_000);
        return browser;
    }

    /** A browser that shows pages as on a phone ({@link Browser#emulatePhone()}). */
    public static Browser openPhone(String name) {
        Browser browser = open(name);
        try {
            browser.emulatePhone();
            return browser;
        } catch (RuntimeException | Error e) {
            browser.close();
            throw e;
        }
    }

    /**
     * Where screenshots go: the directory in system property {@code famichat.it.screenshots} (for example
     * {@code -Dfamichat.it.screenshots=$PWD/docs/images}), else {@code it/target/screenshots}.
     */
    public static Path screenshotDirectory() {
        String configured = System.getProperty("famichat.it.screenshots");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return targetDirectory().resolve("screenshots");
    }

    /**
     * Returns if Chromium and ChromeDriver are installed; if not, aborts the test (JUnit skips it) with how to install
     * them, or fails it when the environment variable {@code CI} is {@code true}. {@link #open} checks this itself; a
     * test class calls it first in {@code @BeforeAll} to skip before starting servers it would need only with a browser.
     */
    public static void requireInstalled() {
        programs();
    }

    private static Programs programs() {
        Path chromium = Path.of(System.getProperty("famichat.it.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("famichat.it.chromedriver", "/usr/bin/chromedriver"));
        for (Path program : List.of(chromium, chromedriver)) {
            if (!Files.isExecutable(program)) {
                String message = "Browser tests need Chromium and ChromeDriver, and " + program + " is missing. "
                        + INSTALL_HINT;
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(message + " (CI=true: failing instead of skipping)");
                }
                Assumptions.abort(message);
            }
        }
        return new Programs(chromium, chromedriver);
    }

    private record Programs(Path chromium, Path chromedriver) {
    }

    private static Path freshProfile(String name) {
        Path profiles = targetDirectory().resolve("browser-profiles");
        try {
            synchronized (Browsers.class) {
                if (!profilesCleaned) { // left behind by a killed run
                    Directories.delete(profiles);
                    profilesCleaned = true;
                }
            }
            Path profile = profiles.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + SEQUENCE.incrementAndGet());
            return Files.createDirectories(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The it module's target directory: the parent of the work directory Maven passes in {@code famichat.it.work},
     * else {@code target} below the current directory.
     */
    private static Path targetDirectory() {
        String work = System.getProperty("famichat.it.work");
        return work != null && !work.isBlank() ? Path.of(work).toAbsolutePath().getParent()
                : Path.of("target").toAbsolutePath();
    }
}
