package app.famichat.it.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.famichat.it.support.Browser;
import app.famichat.it.support.Browsers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The browser test support ({@link Browsers}, {@link Browser}) against a tiny site served by the JDK's HTTP server
 * on 127.0.0.1, with one browser for the whole class: pages load, waits find text and accessible names, console
 * errors and Content-Security-Policy violations are reported, screenshots are PNGs, the phone viewport is 360 CSS
 * pixels wide, the performance figures add up, and Selenium Manager is never run.
 */
class BrowserSupportIT {

    /** The site's pages; every answer carries {@code Content-Security-Policy: default-src 'self'}. */
    private static final String PAGE = """
            <!doctype html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Browser support</title>
              <script type="module" src="/app.js"></script>
            </head>
            <body>
              <h1>Hello from the test page</h1>
              <label for="name">Your name</label> <input id="name">
              <button aria-label="Send message">&#10148;</button>
            </body>
            </html>
            """;
    /** Shows a status line a moment after loading, then sets the web client's interactive mark. */
    private static final String APP_JS = """
            setTimeout(() => {
              const status = document.createElement('p');
              status.className = 'status';
              status.textContent = 'Ready to chat';
              document.body.append(status);
              performance.mark('famichat-interactive');
            }, 200);
            """;
    /** An inline script (which the policy blocks) and an external one that logs an error. */
    private static final String BAD_PAGE = """
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Bad page</title><script src="/error.js"></script></head>
            <body><p>Bad page</p><script>document.title = 'inline script ran';</script></body>
            </html>
            """;
    private static final String ERROR_JS = "console.error('boom from the test page');";

    private static final List<LogRecord> SELENIUM_LOG = new CopyOnWriteArrayList<>();
    /** Held, so that the levels set on them stay (JUL keeps loggers weakly). */
    private static final List<Logger> WATCHED = List.of(
            Logger.getLogger("org.openqa.selenium.remote.service.DriverFinder"),
            Logger.getLogger("org.openqa.selenium.manager"));
    private static final Handler RECORDER = new Handler() {
        @Override
        public void publish(LogRecord record) {
            SELENIUM_LOG.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static HttpServer server;
    private static String site;
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        Browsers.requireInstalled();
        for (Logger logger : WATCHED) {
            logger.setLevel(Level.ALL);
            logger.addHandler(RECORDER);
        }
        Map<String, File> files = Map.of(
                "/", new File("text/html; charset=utf-8", PAGE),
                "/app.js", new File("text/javascript", APP_JS),
                "/bad", new File("text/html; charset=utf-8", BAD_PAGE),
                "/error.js", new File("text/javascript", ERROR_JS),
                "/favicon.ico", new File("image/png", favicon()));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> serve(exchange, files.get(exchange.getRequestURI().getPath())));
        server.start();
        site = "http://127.0.0.1:" + server.getAddress().getPort();
        browser = Browsers.open("browser-support");
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (server != null) {
                server.stop(0);
            }
            for (Logger logger : WATCHED) {
                logger.removeHandler(RECORDER);
                logger.setLevel(null);
            }
        }
    }

    private record File(String type, byte[] body) {
        File(String type, String text) {
            this(type, text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void serve(HttpExchange exchange, File file) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", file.type());
            exchange.sendResponseHeaders(200, file.body().length);
            exchange.getResponseBody().write(file.body());
        }
    }

    @BeforeEach
    void forgetEarlierProblems() {
        browser.consoleProblems();
    }

    /** A 16x16 PNG, so that the browser's request for /favicon.ico does not log a failed load. */
    private static byte[] favicon() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", png);
        return png.toByteArray();
    }

    @Test
    void findsTextAndElementsByAccessibleName() {
        browser.get(site + "/");
        assertEquals("Hello from the test page", browser.waitFor("h1").getText());
        assertEquals("Ready to chat", browser.waitForText("p.status", "Ready").getText()); // added 200 ms after load
        assertEquals("name", browser.waitForAccessibleName("Your name").getAttribute("id")); // by its <label>
        assertEquals("button", browser.waitForAccessibleName("Send message").getTagName()); // by aria-label
        browser.assertNoConsoleProblems();
    }

    @Test
    void reportsContentSecurityPolicyViolationsAndConsoleErrors() {
        browser.get(site + "/bad");
        assertEquals("Bad page", browser.driver().getTitle(), "the policy blocks the inline script");
        List<String> problems = new ArrayList<>();
        browser.waitUntil("both problems", d -> {
            problems.addAll(browser.consoleProblems());
            return problems.stream().anyMatch(p -> p.contains("Content Security Policy"))
                    && problems.stream().anyMatch(p -> p.contains("boom from the test page"));
        });
        assertTrue(problems.stream().allMatch(p -> p.startsWith("SEVERE ")), problems::toString);
        browser.assertNoConsoleProblems(); // reading consumed them

        browser.get(site + "/bad");
        AssertionFailedError failure = browser.waitUntil("a failing assertion", d -> {
            try {
                browser.assertNoConsoleProblems();
                return null;
            } catch (AssertionFailedError e) {
                return e;
            }
        });
        assertTrue(failure.getMessage().contains("browser-support"), failure.getMessage());
    }

    @Test
    void screenshotsArePngsOfTheViewport() throws IOException {
        browser.get(site + "/");
        browser.waitForText("p.status", "Ready");
        Path file = browser.screenshot("browser-support-desktop");
        assertEquals(Browsers.screenshotDirectory().resolve("browser-support-desktop.png"), file);
        byte[] png = Files.readAllBytes(file);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, Arrays.copyOf(png, 8));
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(Browsers.DESKTOP_WIDTH, image.getWidth());
        assertEquals(Browsers.DESKTOP_HEIGHT, image.getHeight());
    }

    @Test
    void phoneViewportIs360CssPixelsWide() throws IOException {
        browser.emulatePhone();
        try {
            browser.get(site + "/");
            browser.waitFor("h1");
            assertEquals(360L, browser.script("return window.innerWidth;"));
            assertInstanceOf(Long.class, browser.script("return document.documentElement.scrollWidth;"));
            assertEquals(true, browser.script("return matchMedia('(pointer: coarse)').matches;"));
            BufferedImage image = ImageIO.read(browser.screenshot("browser-support-phone").toFile());
            assertEquals(2 * Browsers.PHONE_WIDTH, image.getWidth());
        } finally {
            browser.emulateDesktop();
        }
        assertEquals((long) Browsers.DESKTOP_WIDTH, browser.script("return window.innerWidth;"));
    }

    @Test
    void performanceFiguresOfTheFirstLoad() {
        browser.get(site + "/");
        double interactive = browser.interactiveMillis(); // waits for the mark, set 200 ms after the module ran
        double domInteractive = browser.domInteractiveMillis();
        assertTrue(domInteractive > 0 && interactive > domInteractive, domInteractive + " " + interactive);
        long bodies = PAGE.getBytes(StandardCharsets.UTF_8).length + APP_JS.getBytes(StandardCharsets.UTF_8).length;
        assertEquals(bodies, browser.encodedBodyBytes(), "the document and app.js, uncompressed, not cached");
        long transferred = browser.transferredBytes();
        assertTrue(transferred > bodies && transferred < bodies + 2_000, "bodies and headers: " + transferred);
    }

    @Test
    void seleniumManagerIsNeverRun() {
        assertTrue(SELENIUM_LOG.stream().anyMatch(r -> r.getMessage().startsWith(
                "Skipping Selenium Manager, path to chromedriver specified in Service class")), this::log);
        assertFalse(SELENIUM_LOG.stream().anyMatch(r -> r.getLoggerName().startsWith("org.openqa.selenium.manager")),
                this::log);
    }

    private String log() {
        return SELENIUM_LOG.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList().toString();
    }

    @Test
    void missingBrowserSkipsOrUnderCiFails() {
        String before = System.getProperty("famichat.it.chromedriver");
        System.setProperty("famichat.it.chromedriver", "/nonexistent/chromedriver");
        try {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            Class<? extends Throwable> expected = ci ? AssertionFailedError.class : TestAbortedException.class;
            Throwable outcome = assertThrows(expected, Browsers::requireInstalled);
            assertTrue(outcome.getMessage().contains("/nonexistent/chromedriver is missing"), outcome.getMessage());
            assertTrue(outcome.getMessage().contains("sudo apt-get install chromium chromium-driver"),
                    outcome.getMessage());
        } finally {
            if (before == null) {
                System.clearProperty("famichat.it.chromedriver");
            } else {
                System.setProperty("famichat.it.chromedriver", before);
            }
        }
    }
}
