package app.famichat.web.health;

import app.famichat.platform.config.SettingCheck;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the readiness check {@code serving} sends its probe (docs/configuration.md). By default this node's own
 * HTTP listener, as Payara describes it in MicroProfile Config ({@code payara.instance.http.*}, on Payara Micro and
 * Payara Server alike); {@code famichat.health.self-url} replaces it where the API is not on that listener.
 */
@ApplicationScoped
public class HealthSettings {

    static final String SELF_URL = "famichat.health.self-url";

    @Inject
    @ConfigProperty(name = SELF_URL)
    Optional<String> selfUrl;

    @Inject
    @ConfigProperty(name = "payara.instance.http.address", defaultValue = "0.0.0.0")
    String httpAddress;

    @Inject
    @ConfigProperty(name = "payara.instance.http.port", defaultValue = "8080")
    int httpPort;

    private URI url;

    @PostConstruct
    void check() {
        url = selfUrl.map(HealthSettings::parse).orElseGet(() -> listener(httpAddress,
                SettingCheck.between("payara.instance.http.port", httpPort, 1, 65535)));
    }

    /** Observing the start creates the bean, so a wrong setting fails the deployment. */
    void checkAtStartup(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        // the settings were checked by check()
    }

    /** The base URL of this node's HTTP listener (a path in it, if any, is the application's context path). */
    public URI selfUrl() {
        return url;
    }

    static URI parse(String value) {
        URI uri;
        try {
            uri = URI.create(value.trim());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        SettingCheck.require(uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                        && uri.getHost() != null && uri.getQuery() == null && uri.getFragment() == null,
                SELF_URL + " must be an http(s) URL such as http://127.0.0.1:8080, not " + value);
        return uri;
    }

    /** A listener on every interface is probed on loopback; an IPv6 address gets its brackets. */
    static URI listener(String address, int port) {
        String host = address == null || address.isBlank() || "0.0.0.0".equals(address) || "::".equals(address)
                || "[::]".equals(address) ? "127.0.0.1" : address.trim();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port);
    }
}
