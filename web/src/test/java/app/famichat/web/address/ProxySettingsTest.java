package app.famichat.web.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProxySettingsTest {

    @Test
    void byDefaultNoProxyIsTrustedAndTheHeaderIsXForwardedFor() {
        ProxySettings settings = settings(null, "X-Forwarded-For");
        settings.check();
        assertTrue(settings.trustedProxies().isEmpty());
        assertEquals(ForwardedHeader.X_FORWARDED_FOR, settings.forwardedHeader());
    }

    @Test
    void configuredProxiesAndHeaderAreParsed() {
        ProxySettings settings = settings("10.0.0.0/8, ::1", "forwarded");
        settings.check();
        assertTrue(settings.trustedProxies().contains(IpAddresses.parse("10.2.3.4").orElseThrow()));
        assertEquals(ForwardedHeader.FORWARDED, settings.forwardedHeader());
    }

    @Test
    void aBadEntryStopsTheDeploymentNamingTheSettingAndTheEntry() {
        IllegalStateException proxies = assertThrows(IllegalStateException.class,
                () -> settings("10.0.0.0/8, proxy.local", "X-Forwarded-For").check());
        assertTrue(proxies.getMessage().contains("famichat.http.trusted-proxies: 'proxy.local'"), proxies.getMessage());
        IllegalStateException header = assertThrows(IllegalStateException.class,
                () -> settings(null, "X-Real-IP").check());
        assertTrue(header.getMessage().contains("famichat.http.forwarded-header"), header.getMessage());
    }

    private static ProxySettings settings(String trustedProxies, String forwardedHeader) {
        ProxySettings settings = new ProxySettings();
        settings.trustedProxiesSetting = Optional.ofNullable(trustedProxies);
        settings.forwardedHeaderSetting = forwardedHeader;
        return settings;
    }
}
