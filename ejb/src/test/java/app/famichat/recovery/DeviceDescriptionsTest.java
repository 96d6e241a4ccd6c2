package app.famichat.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The device a request came from, as owner and guardians read it, from real User-Agent headers. */
class DeviceDescriptionsTest {

    @Test
    void commonBrowsers() {
        assertEquals("Chrome on Linux", DeviceDescriptions.of("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 "
                + "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"));
        assertEquals("Firefox on Windows", DeviceDescriptions.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64; "
                + "rv:133.0) Gecko/20100101 Firefox/133.0"));
        assertEquals("Safari on macOS", DeviceDescriptions.of("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) "
                + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15"));
        assertEquals("Safari on iOS", DeviceDescriptions.of("Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) "
                + "AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"));
        assertEquals("Chrome on Android", DeviceDescriptions.of("Mozilla/5.0 (Linux; Android 14; Pixel 8) "
                + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"));
        assertEquals("Edge on Windows", DeviceDescriptions.of("Mozilla/5.0 (Windows NT 10.0; Win64; x64) "
                + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0"));
        assertEquals("Chrome on ChromeOS", DeviceDescriptions.of("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) "
                + "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"));
    }

    @Test
    void unknownOrMissingHeadersAndNothingOfTheTextItself() {
        assertEquals("Unknown device", DeviceDescriptions.of(null));
        assertEquals("Unknown device", DeviceDescriptions.of(" "));
        assertEquals("Unknown device", DeviceDescriptions.of("Java-http-client/21.0.5"));
        assertEquals("Unknown device", DeviceDescriptions.of("<script>alert(1)</script>".repeat(100)));
        assertEquals("A device on Linux", DeviceDescriptions.of("curl/8.5 (Linux)"));
    }
}
