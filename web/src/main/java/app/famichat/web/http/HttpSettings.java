package app.famichat.web.http;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The HTTP edge's settings (MicroProfile Config, documented in README and docs/operations.md), checked when
 * the application starts.
 */
@ApplicationScoped
public class HttpSettings {

    private static final Logger LOG = Logger.getLogger(HttpSettings.class.getName());

    @Inject
    @ConfigProperty(name = "famichat.http.max-concurrent-requests-per-address", defaultValue = "20")
    int maxConcurrentRequestsPerAddress;

    @Inject
    @ConfigProperty(name = "famichat.http.public-base-url")
    Optional<String> publicBaseUrlSetting;

    private Optional<URI> publicBaseUrl;

    @PostConstruct
    void check() {
        if (maxConcurrentRequestsPerAddress < 1) {
            fail("famichat.http.max-concurrent-requests-per-address must be at least 1");
        }
        publicBaseUrl = publicBaseUrlSetting.map(String::strip).filter(url -> !url.isEmpty()).map(HttpSettings::baseUrl);
    }

    private static URI baseUrl(String text) {
        try {
            URI url = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (("https".equals(url.getScheme()) || "http".equals(url.getScheme())) && url.getHost() != null
                    && url.getRawQuery() == null && url.getRawFragment() == null && url.getRawUserInfo() == null) {
                return url;
            }
        } catch (URISyntaxException invalid) {
            // reported below
        }
        throw fail("famichat.http.public-base-url must be an http(s) URL without query or fragment, e.g. "
                + "https://chat.example.org");
    }

    private static IllegalStateException fail(String message) {
        LOG.severe(message); // Payara reports only "Unable to invoke check()"
        throw new IllegalStateException(message);
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
}
