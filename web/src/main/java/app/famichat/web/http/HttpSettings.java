package app.famichat.web.http;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP edge's limits and public address (docs/configuration.md), checked when the application starts. Which
 * proxies are trusted is the client address's business ({@code ProxySettings}).
 */
@ApplicationScoped
public class HttpSettings {

    /** Below this even a sign-in or a short message would be refused as too large. */
    static final long MIN_BODY_BYTES = 1024;

    @Inject
    @ConfigProperty(name = "famichat.http.max-concurrent-requests-per-address", defaultValue = "20")
    int maxConcurrentRequestsPerAddress;

    @Inject
    @ConfigProperty(name = "famichat.http.max-body-bytes", defaultValue = "65536")
    long maxBodyBytes;

    @Inject
    @ConfigProperty(name = "famichat.http.public-base-url")
    Optional<String> publicBaseUrlSetting;

    private Optional<URI> publicBaseUrl;

    @PostConstruct
    void check() {
        SettingCheck.atLeast("famichat.http.max-concurrent-requests-per-address", maxConcurrentRequestsPerAddress, 1);
        SettingCheck.atLeast("famichat.http.max-body-bytes", maxBodyBytes, MIN_BODY_BYTES);
        publicBaseUrl = publicBaseUrlSetting.map(String::strip).filter(url -> !url.isEmpty()).map(HttpSettings::baseUrl);
    }

    private static URI baseUrl(String text) {
        URI url = null;
        try {
            url = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        } catch (URISyntaxException invalid) {
            // refused below
        }
        SettingCheck.require(url != null && ("https".equals(url.getScheme()) || "http".equals(url.getScheme()))
                && url.getHost() != null && url.getRawQuery() == null && url.getRawFragment() == null
                && url.getRawUserInfo() == null, "famichat.http.public-base-url must be an http(s) URL without "
                + "query or fragment, e.g. https://chat.example.org");
        return url;
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment, not the first request. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /**
     * The URL under which clients reach this server's root (no trailing slash), for absolute links; empty:
     * links are relative. Never taken from the request's Host header, which the client controls.
     */
    public Optional<URI> publicBaseUrl() {
        return publicBaseUrl;
    }

    /** How many requests of one client address (see ClientAddress) this node serves at once. */
    public int maxConcurrentRequestsPerAddress() {
        return maxConcurrentRequestsPerAddress;
    }

    /** The largest request body accepted, announced or streamed. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }
}
