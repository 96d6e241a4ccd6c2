package app.famichat.web.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpSettingsTest {

    @Test
    void theShippedDefaultsPass() {
        HttpSettings settings = settings(20, 65536, null);
        assertDoesNotThrow(settings::check);
        assertEquals(Optional.empty(), settings.publicBaseUrl());
    }

    @Test
    void aClientGetsAtLeastOneRequest() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(0, 65536, null).check());
        assertTrue(refused.getMessage().contains("famichat.http.max-concurrent-requests-per-address must be at least 1"),
                refused.getMessage());
    }

    /** Before, a limit of 0 deployed and answered 413 to every request with a body. */
    @Test
    void aBodyLimitUnderOneKibibyteIsRefused() {
        assertDoesNotThrow(() -> settings(20, HttpSettings.MIN_BODY_BYTES, null).check());
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(20, 0, null).check());
        assertTrue(refused.getMessage().contains("famichat.http.max-body-bytes must be at least 1024, not 0"),
                refused.getMessage());
    }

    @Test
    void thePublicBaseUrlLosesItsTrailingSlash() {
        HttpSettings settings = settings(20, 65536, " https://chat.example.org/ ");
        settings.check();
        assertEquals(Optional.of(URI.create("https://chat.example.org")), settings.publicBaseUrl());
    }

    @ParameterizedTest
    @ValueSource(strings = {"chat.example.org", "ftp://chat.example.org", "https://chat.example.org/?a=b",
        "https://user@chat.example.org", "https://chat.example.org/#x", "https://exa mple.org"})
    void aPublicBaseUrlThatIsNotAPlainHttpUrlIsRefused(String url) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> settings(20, 65536, url).check());
        assertTrue(refused.getMessage().contains("famichat.http.public-base-url must be an http(s) URL"),
                refused.getMessage());
    }

    private static HttpSettings settings(int maxConcurrent, long maxBodyBytes, String publicBaseUrl) {
        HttpSettings settings = new HttpSettings();
        settings.maxConcurrentRequestsPerAddress = maxConcurrent;
        settings.maxBodyBytes = maxBodyBytes;
        settings.publicBaseUrlSetting = Optional.ofNullable(publicBaseUrl);
        return settings;
    }
}
