package app.famichat.web.address;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The reverse proxies whose forwarding header is believed (docs/configuration.md): {@code
 * famichat.http.trusted-proxies} (addresses or CIDRs, comma-separated; default none) and the header they write,
 * {@code famichat.http.forwarded-header} (default {@code X-Forwarded-For}).
 */
@ApplicationScoped
public class ProxySettings {

    @Inject
    @ConfigProperty(name = "famichat.http.trusted-proxies")
    Optional<String> trustedProxiesSetting;

    @Inject
    @ConfigProperty(name = "famichat.http.forwarded-header", defaultValue = "X-Forwarded-For")
    String forwardedHeaderSetting;

    private TrustedProxies trustedProxies;
    private ForwardedHeader forwardedHeader;

    @PostConstruct
    void check() {
        try {
            trustedProxies = TrustedProxies.parse(trustedProxiesSetting.orElse(""));
            forwardedHeader = ForwardedHeader.fromSetting(forwardedHeaderSetting);
        } catch (IllegalArgumentException e) {
            SettingCheck.require(false, e.getMessage()); // names the setting and the entry it refuses
        }
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment, not the first request. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    public TrustedProxies trustedProxies() {
        return trustedProxies;
    }

    public ForwardedHeader forwardedHeader() {
        return forwardedHeader;
    }
}
